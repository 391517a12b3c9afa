"""Execute the notebooks in place so that they carry their outputs (figures as small PNGs), as readers on GitHub or
the docs site see them. Cells flagged `slow`, `lab` or `student` (and `eval: false`) are not run: what they would show
is loaded from saved files by the cells after them. Then `nbdev_clean` strips the metadata.

    .venv/bin/python tools/run_notebooks.py               # every notebook, two at a time (one thread each)
    .venv/bin/python tools/run_notebooks.py 12_tda 30_tsne
    .venv/bin/python tools/run_notebooks.py 14_model --slow  # its `slow` cells too (their outputs then stay stored)
"""
import os, sys, time, argparse, subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

NBS = Path(__file__).resolve().parent.parent/'nbs'
SKIP = {'slow', 'lab', 'student', 'readme'}   # readme: index's check of README.md, which is made from its outputs
SETUP = "import matplotlib; matplotlib.rcParams.update({'figure.dpi': 80, 'savefig.dpi': 80})"

def flags(cell) -> set:
    "The `#| ` directives of a cell, e.g. {'export', 'slow', 'eval: false'}."
    return {l[3:].strip() for l in cell.source.splitlines() if l.startswith('#| ')}

def skipped(cell) -> bool:
    f = flags(cell)
    return cell.cell_type != 'code' or bool((SKIP - EXTRA) & f) or 'eval: false' in f

EXTRA = set(os.environ.get('RUN_NOTEBOOKS_ALSO', '').split(',')) - {''}   # flags run anyway (`--slow`)

def run(path:Path) -> float:
    "Execute notebook `path` in its folder and write it back with outputs; raises on the first error."
    nb, t = read_nb(path), time.time()
    for c in nb.cells:
        if c.cell_type == 'code' and not skipped(c): c.outputs = []
    shell = CaptureShell(path, mpl_format='png')
    cwd = os.getcwd(); os.chdir(path.parent)
    try:
        shell.run(SETUP)
        shell.run_all(nb, exc_stop=True, preproc=skipped)
    except Exception:
        sys.stderr.write(shell.prettytb(fname=path) + '\n'); raise
    finally: os.chdir(cwd)
    write_nb(nb, path)
    return time.time() - t

def run_safe(path:Path):
    try: return f"{run(path):6.1f} s"
    except Exception as e: return f"FAILED: {type(e).__name__}: {str(e)[:300]}"

def run_child(path:Path) -> str:
    "Run one notebook in a fresh Python process (its own kernel state, one thread)."
    r = subprocess.run([sys.executable, __file__, '--one', str(path)], capture_output=True, text=True)
    return r.stdout.strip().splitlines()[-1] if r.returncode == 0 and r.stdout.strip() else \
        f"FAILED: {(r.stdout + r.stderr).strip()[-1500:]}"

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('names', nargs='*', help='notebook name prefixes (default: all)')
    ap.add_argument('--jobs', type=int, default=2, help='notebooks run at a time, one thread each')
    ap.add_argument('--slow', action='store_true', help="run `slow` cells too (their outputs are kept afterwards)")
    ap.add_argument('--one', default=None, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.slow: os.environ['RUN_NOTEBOOKS_ALSO'] = 'slow'   # read by the child processes (`skipped`)
    if a.one: print(run_safe(Path(a.one))); return
    os.environ.update(HF_HUB_OFFLINE='1', TQDM_DISABLE='1', OMP_NUM_THREADS=os.environ.get('OMP_NUM_THREADS', '1'))
    paths = sorted(NBS.glob('*.ipynb'))
    if a.names: paths = [p for p in paths if any(p.name.startswith(n) for n in a.names)]
    with ThreadPoolExecutor(a.jobs) as ex: res = list(ex.map(run_child, paths))
    for p, r in zip(paths, res): print(f"{p.name:28} {r}", flush=True)
    if any(r.startswith('FAILED') for r in res): sys.exit(1)
    subprocess.run([str(Path(sys.executable).parent/'nbdev_clean')], check=True, cwd=NBS.parent)

if __name__ == '__main__': main()
