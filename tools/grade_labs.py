"""Release the lab sheets with nbgrader and grade them, as a course would: the release must hold no solution, no hidden
test and no output; `nbgrader autograde` must give the instructor's notebook full marks and the untouched release none.

    .venv/bin/python tools/grade_labs.py                    # CI: release and grade every lab
    .venv/bin/python tools/grade_labs.py --release labs/    # only write the students' copies into labs/
    .venv/bin/python tools/grade_labs.py --release labs/ --overwrite   # replace copies made before
"""
import os, sys, json, shutil, argparse, tempfile, subprocess
from pathlib import Path

NBS = Path(__file__).resolve().parent.parent/'nbs'
LABS = {'lab1': '50_lab_sheet.ipynb', 'lab2': '51_judgement_lab.ipynb'}
CONFIG = """c = get_config()
c.CourseDirectory.course_id = 'pe_clip'
c.CourseDirectory.root = {root!r}
c.ExecutePreprocessor.timeout = 900
"""

def nbgrader(root:Path, *args):
    "Run an nbgrader command in course folder `root`; raise with its output if it fails."
    exe = Path(sys.executable).parent/'nbgrader'
    r = subprocess.run([str(exe), *args], cwd=root, capture_output=True, text=True,
                       env={**os.environ, 'HF_HUB_OFFLINE': '1', 'OMP_NUM_THREADS': os.environ.get('OMP_NUM_THREADS', '1'),
                            'PATH': f"{exe.parent}{os.pathsep}{os.environ.get('PATH', '')}"})   # nbgrader calls alembic
    if r.returncode: raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{(r.stdout + r.stderr)[-3000:]}")
    return r.stdout + r.stderr

def course(root:Path, labs:dict)->Path:
    "A course folder with each lab's source notebook, and its releases made by nbgrader."
    root.mkdir(parents=True, exist_ok=True)
    (root/'nbgrader_config.py').write_text(CONFIG.format(root=str(root)))
    for lab, nb in labs.items():
        (root/'source'/lab).mkdir(parents=True, exist_ok=True); shutil.copy(NBS/nb, root/'source'/lab/nb)
        nbgrader(root, 'generate_assignment', lab, '--create', '--force')
    return root

def check_release(source:Path, release:Path)->list:
    "What the release shows that it must not: solutions, hidden tests, outputs (empty: nothing)."
    src, rel = (json.loads(p.read_text())['cells'] for p in (source, release))
    text = lambda c: c['source'] if isinstance(c['source'], str) else ''.join(c['source'])
    shown = '\n'.join(text(c) for c in rel)
    bad = [m for m in ('BEGIN SOLUTION', 'END SOLUTION', 'BEGIN HIDDEN TESTS', 'END HIDDEN TESTS') if m in shown]
    bad += [f"cell {i} has outputs" for i, c in enumerate(rel) if c.get('outputs')]
    kept, public = set(), set()                                  # lines inside solutions / hidden tests, and outside
    for c in src:
        inside = False
        for line in text(c).splitlines():
            if line.strip() in ('### BEGIN SOLUTION', '### BEGIN HIDDEN TESTS'): inside = True; continue
            if line.strip() in ('### END SOLUTION', '### END HIDDEN TESTS'): inside = False; continue
            (kept if inside else public).add(line.strip())
    released = {l.strip() for c in rel for l in text(c).splitlines()}
    bad += [f"shows {l[:60]!r}" for l in sorted((kept - public) & released) if l]
    return bad

def grade(root:Path, labs:dict)->dict:
    "`{(lab, who): (score, max)}` of the instructor's notebook ('instructor') and the untouched release ('release')."
    for lab, nb in labs.items():
        for who, src in (('instructor', root/'source'/lab/nb), ('release', root/'release'/lab/nb)):
            d = root/'submitted'/who/lab; d.mkdir(parents=True, exist_ok=True); shutil.copy(src, d/nb)
        nbgrader(root, 'autograde', lab, '--create', '--force')
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{root/'gradebook.db'}") as gb:
        return {(lab, who): (gb.find_submission(lab, who).score, gb.find_assignment(lab).max_score)
                for lab in labs for who in ('instructor', 'release')}

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--release', default=None, help='only write the released notebooks into this folder')
    ap.add_argument('--overwrite', action='store_true', help='replace released notebooks already in that folder')
    ap.add_argument('--labs', nargs='*', default=list(LABS), help='which labs (default: all)')
    a = ap.parse_args(argv)
    if unknown := set(a.labs) - set(LABS): ap.error(f"unknown lab {sorted(unknown)}; the labs are {list(LABS)}")
    labs = {k: LABS[k] for k in a.labs}
    if a.release:
        out = Path(a.release).resolve()
        if out == NBS.resolve(): ap.error(f"--release {a.release}: that is the instructors' notebooks' own folder")
        if (there := [nb for nb in labs.values() if (out/nb).exists()]) and not a.overwrite:
            ap.error(f"--release {a.release}: {', '.join(there)} already there (--overwrite replaces it)")
    with tempfile.TemporaryDirectory() as tmp:
        root = course(Path(tmp)/'course', labs)
        problems = {lab: check_release(root/'source'/lab/nb, root/'release'/lab/nb) for lab, nb in labs.items()}
        if any(problems.values()): sys.exit(f"the release shows what it must not: {problems}")
        if a.release:
            out = Path(a.release); out.mkdir(parents=True, exist_ok=True)
            for lab, nb in labs.items(): shutil.copy(root/'release'/lab/nb, out/nb); print(f"{out/nb}: released")
            return
        scores = grade(root, labs)
        for (lab, who), (s, m) in scores.items(): print(f"{lab} {who:10} {s:5.1f} of {m:5.1f}")
        wrong = {k: v for k, v in scores.items() if v[0] != (v[1] if k[1] == 'instructor' else 0)}
        if wrong: sys.exit(f"grading is wrong: {wrong} (the instructor's copy must get full marks, the release none)")

if __name__ == '__main__': main()
