"""Execute the notebooks in place so that they carry their outputs (figures as small PNGs), as readers on GitHub or
the docs site see them. Cells flagged `slow`, `lab` or `student` (and `eval: false`) are not run: what they would show
is loaded from saved files by the cells after them. Then `nbdev_clean` strips the metadata.

    .venv/bin/python tools/run_notebooks.py               # every notebook
    .venv/bin/python tools/run_notebooks.py 12_tda 30_tsne
"""
import os, sys, time, argparse, subprocess
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell

NBS = Path(__file__).resolve().parent.parent/'nbs'
SKIP = {'slow', 'lab', 'student'}
SETUP = "import matplotlib; matplotlib.rcParams.update({'figure.dpi': 60, 'savefig.dpi': 60})"

def flags(cell) -> set:
    "The `#| ` directives of a cell, e.g. {'export', 'slow', 'eval: false'}."
    return {l[3:].strip() for l in cell.source.splitlines() if l.startswith('#| ')}

def skipped(cell) -> bool:
    f = flags(cell)
    return cell.cell_type != 'code' or bool(SKIP & f) or 'eval: false' in f

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

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('names', nargs='*', help='notebook name prefixes (default: all)')
    a = ap.parse_args(argv)
    os.environ.setdefault('HF_HUB_OFFLINE', '1')
    paths = sorted(NBS.glob('*.ipynb'))
    if a.names: paths = [p for p in paths if any(p.name.startswith(n) for n in a.names)]
    for p in paths: print(f"{p.name:28} {run(p):6.1f} s", flush=True)
    subprocess.run([str(Path(sys.executable).parent/'nbdev_clean')], check=True, cwd=NBS.parent)

if __name__ == '__main__': main()
