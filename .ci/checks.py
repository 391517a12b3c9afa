"""Repository checks CI runs after the tests (`.ci/run`); each prints what it found and the run fails on any problem.

- code: lines in `pe_clip/` at most 120 characters (nbdev's generated `__all__` lines, `# %%` headers and
  `_modidx.py` aside); every public function and class has a docstring, and every public function documents its
  parameters (nbdev's docments: a comment after each);
- options: every console script's options are `--kebab-case`;
- outputs: every notebook carries outputs, every figure notebook at least one image;
- size: the repository (tracked files) within 40 MB, each notebook within 2 MB;
- paths: no committed file names a folder of the machine it was made on (`/tmp/...`, `/home/...`, `/root/...`);
- numbers: every percentage with decimals in a notebook's prose (its markdown cells) is a number of a saved result
  (`pe_clip/results`, `benchmarks/results`, the weights' cards) or of the papers' tables as the kit records them
  (the presets' `PaperRow`s); the rest of the prose states results through code cells that read those files.
"""
import re, ast, sys, json, inspect, importlib, subprocess, contextlib, io, configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURE_NBS = ('00_overview', '04_synth', '05_tour', '12_tda', '20_augment', '30_tsne', '31_attention', '32_scaling',
              '34_figures', '41_ablation_lab', '61_feadapter', '65_compare')
REPO_MB, NB_MB, WIDTH = 40, 2, 120

def check_code() -> list:
    bad = []
    for p in sorted((ROOT/'pe_clip').glob('*.py')):
        if p.name == '_modidx.py': continue
        for i, l in enumerate(p.read_text().splitlines(), 1):
            if len(l) > WIDTH and not l.startswith(('__all__', '# %%')): bad.append(f"{p.name}:{i}: {len(l)} characters")
        for n in ast.parse(p.read_text()).body:
            if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and not n.name.startswith('_') and not ast.get_docstring(n):
                bad.append(f"{p.name}:{n.lineno}: {n.name} has no docstring")
    return bad

def check_docments() -> list:
    import inspect, pkgutil, pe_clip
    from fastcore.docments import docments
    bad = []
    for m in pkgutil.iter_modules(pe_clip.__path__):
        if m.name.startswith('_'): continue
        mod = importlib.import_module(f'pe_clip.{m.name}')
        for n in getattr(mod, '__all__', []):
            f = getattr(mod, n)
            if not inspect.isfunction(f): continue
            kinds = {k: p.kind for k, p in inspect.signature(f).parameters.items()}
            d = docments(f)
            miss = [k for k in kinds if not d.get(k) and kinds[k] not in (inspect.Parameter.VAR_POSITIONAL,
                                                                          inspect.Parameter.VAR_KEYWORD)]
            if miss: bad.append(f"{m.name}.{n}: parameters without a comment: {', '.join(miss)}")
    return bad

def check_options() -> list:
    cfg = configparser.ConfigParser(); cfg.read(ROOT/'settings.ini')
    bad = []
    for line in cfg['DEFAULT']['console_scripts'].split():
        name, target = line.split('=')
        mod, fn = target.split(':')
        from pe_clip.script import run_cli
        f, out = getattr(importlib.import_module(mod), fn), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            if run_cli(f, ['--help']) != 0: bad.append(f"{name}: --help did not exit with status 0")
        opts = set(re.findall(r'(?<![\w-])--[\w-]+', out.getvalue()))
        if not opts: bad.append(f"{name}: --help printed no options")
        bad += [f"{name}: option {o} is not --kebab-case" for o in sorted(opts) if '_' in o or o != o.lower()]
    return bad

def check_outputs() -> list:
    bad = []
    for p in sorted((ROOT/'nbs').glob('*.ipynb')):
        outs = [o for c in json.loads(p.read_text())['cells'] for o in c.get('outputs', [])]
        if not outs: bad.append(f"{p.name}: no outputs (run tools/run_notebooks.py)")
        if p.stem in FIGURE_NBS and not any('image/png' in o.get('data', {}) for o in outs):
            bad.append(f"{p.name}: a figure notebook without an image")
    return bad

def check_size() -> list:
    files = subprocess.run(['git', 'ls-files', '-z'], cwd=ROOT, capture_output=True, text=True).stdout.split('\0')
    sizes = {f: (ROOT/f).stat().st_size for f in files if f and (ROOT/f).is_file()}
    total = sum(sizes.values()) / 2**20
    bad = [f"repository: {total:.1f} MB of tracked files, budget {REPO_MB} MB"] if total > REPO_MB else []
    bad += [f"{f}: {s / 2**20:.1f} MB, budget {NB_MB} MB" for f, s in sizes.items()
            if f.endswith('.ipynb') and s > NB_MB * 2**20]
    print(f"size: {total:.1f} MB tracked (budget {REPO_MB}), largest notebook "
          f"{max(s for f, s in sizes.items() if f.endswith('.ipynb')) / 2**20:.2f} MB (budget {NB_MB})")
    return bad

MACHINE = re.compile(r'(?<![\w.])/(tmp|home|root|work|Users)/[\w.-]+')

def check_paths() -> list:
    files = subprocess.run(['git', 'ls-files', '-z'], cwd=ROOT, capture_output=True, text=True).stdout.split('\0')
    bad = []
    for f in files:
        p = ROOT/f
        if not f or not p.is_file() or p.suffix not in ('.ipynb', '.json', '.md', '.py', '.txt', '.ini') or f == '.ci/checks.py':
            continue
        for m in MACHINE.finditer(p.read_text(errors='replace')):
            bad.append(f"{f}: {m.group(0)}"); break
    return bad

def _saved_numbers() -> set:
    "Every number of the saved results, the weights' cards and the papers' rows, as 1- and 2-decimal strings (and x100)."
    out = set()
    def walk(x):
        if isinstance(x, dict): [walk(v) for v in x.values()]
        elif isinstance(x, list): [walk(v) for v in x]
        elif isinstance(x, (int, float)) and not isinstance(x, bool):
            out.update(f"{v:.{d}f}" for v in (x, 100 * x) for d in (1, 2))
    for p in [*(ROOT/'pe_clip'/'results').glob('*.json'), *(ROOT/'benchmarks'/'results').glob('*.json'),
              *(ROOT/'pe_clip'/'weights').glob('*.json')]: walk(json.loads(p.read_text()))
    from pe_clip.methods import METHODS
    for m in METHODS.values():
        for r in m.presets.values(): walk([r.uar, r.war, r.params])
    return out

def check_numbers() -> list:
    known, bad = _saved_numbers(), []
    pct = re.compile(r'(?<![\w.])(\d{1,3}\.\d{1,2})\s?%')
    for p in sorted((ROOT/'nbs').glob('*.ipynb')):
        for c in json.loads(p.read_text())['cells']:
            if c['cell_type'] != 'markdown': continue
            src = ''.join(c['source']) if isinstance(c['source'], list) else c['source']
            bad += [f"{p.name}: {n} % in prose is no saved result" for n in pct.findall(src) if n not in known]
    return bad

def main():
    problems = {}
    for name, f in (('code', check_code), ('docments', check_docments), ('options', check_options),
                    ('outputs', check_outputs), ('size', check_size), ('paths', check_paths), ('numbers', check_numbers)):
        problems[name] = f(); print(f"{name}: {len(problems[name])} problems")
        for b in problems[name][:30]: print('  ' + b)
    sys.exit(1 if any(problems.values()) else 0)

if __name__ == '__main__': main()
