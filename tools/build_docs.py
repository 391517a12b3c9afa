"""Build the docs site from the notebooks, offline: one HTML page per notebook (with its stored outputs) and an index.

nbdev's own `nbdev_docs` needs Quarto, which the package registry cannot provide (PyPI's `quarto-cli` downloads its
binary from GitHub at install time), so the pages are rendered with nbconvert: `#| hide` cells are left out and the
`#| ` directive lines removed, as Quarto would. `--check` then opens pages in headless Chromium (Debian's `chromium`
and `chromium-driver`, through Selenium if installed, else `chromium --dump-dom`) and checks that their figures load.

    .venv/bin/python tools/build_docs.py [--out _docs] [--check 00_overview 12_tda 30_tsne]
    python3 -m http.server -d _docs 8000                  # preview
"""
import re, sys, json, shutil, argparse, subprocess, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def page_nb(nb:dict) -> dict:
    "The notebook as the docs show it: hidden cells out, directive lines stripped."
    cells = []
    for c in nb['cells']:
        src = ''.join(c['source'])
        lines = src.splitlines()
        if c['cell_type'] == 'code' and any(l.strip() in ('#| hide', '#|hide') for l in lines): continue
        if c['cell_type'] == 'code':
            echo_off = any(l.startswith('#| echo: false') for l in lines)
            c = dict(c, source='\n'.join(l for l in lines if not l.startswith('#|')).strip('\n'))
            if not c['source'] and not c.get('outputs'): continue            # a cell of directives only
            if echo_off: c['metadata'] = dict(c.get('metadata', {}), jupyter={'source_hidden': True}, tags=['remove_input'])
        cells.append(c)
    return dict(nb, cells=cells)

def build(out:Path) -> list:
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    if (ROOT/'nbs'/'images').is_dir(): shutil.copytree(ROOT/'nbs'/'images', tmp/'images')   # embedded into the pages
    names = []
    for p in sorted((ROOT/'nbs').glob('*.ipynb')):
        (tmp/p.name).write_text(json.dumps(page_nb(json.loads(p.read_text()))))
        names.append(p.stem)
    subprocess.run([sys.executable, '-m', 'nbconvert', '--to', 'html', '--embed-images',
                    '--TagRemovePreprocessor.enabled=True', "--TagRemovePreprocessor.remove_input_tags=remove_input",
                    '--output-dir', str(out), *map(str, sorted(tmp.glob('*.ipynb')))], check=True,
                   capture_output=True)
    links = '\n'.join(f'<li><a href="{n}.html">{n}</a></li>' for n in names if n != 'index')
    index = (out/'index.html').read_text()
    (out/'index.html').write_text(index.replace('</body>', f'<h2>Notebooks</h2><ul>{links}</ul></body>', 1))
    return names

def check(out:Path, pages:list, shots:Path=None) -> dict:
    "Open `pages` in headless Chromium; per page the number of images and how many of them loaded."
    from selenium import webdriver
    opts = webdriver.ChromeOptions()
    for a in ('--headless=new', '--no-sandbox', '--disable-gpu', '--window-size=1200,1600'): opts.add_argument(a)
    opts.binary_location = shutil.which('chromium') or '/usr/bin/chromium'
    drv = webdriver.Chrome(options=opts, service=webdriver.ChromeService(shutil.which('chromedriver')))
    res = {}
    try:
        for p in pages:
            drv.get((out/f'{p}.html').resolve().as_uri())
            n, ok = drv.execute_script("const i=[...document.images]; return [i.length, "
                                       "i.filter(x => x.complete && x.naturalWidth > 0).length]")
            res[p] = dict(images=n, loaded=ok, title=drv.title)
            if shots: shots.mkdir(parents=True, exist_ok=True); drv.save_screenshot(str(shots/f'{p}.png'))
    finally: drv.quit()
    return res

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default=str(ROOT/'_docs'))
    ap.add_argument('--check', nargs='*', default=None, help='pages to open in headless Chromium (default: three)')
    ap.add_argument('--shots', default=None, help='save a screenshot of each checked page here')
    a = ap.parse_args(argv)
    out = Path(a.out); names = build(out)
    print(f"{len(names)} pages in {out}")
    if a.check is not None:
        res = check(out, a.check or ['00_overview', '12_tda', '30_tsne'], a.shots and Path(a.shots))
        for p, r in res.items(): print(f"{p}: {r['loaded']}/{r['images']} images loaded ({r['title']})")
        bad = [p for p, r in res.items() if r['images'] == 0 or r['loaded'] < r['images']]
        if bad: sys.exit(f"pages without (loaded) figures: {', '.join(bad)}")

if __name__ == '__main__': main()
