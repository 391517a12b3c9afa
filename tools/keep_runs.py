"""Keep the reports of finished runs in the kit: copy every `metrics.json` under the given output folders into
`pe_clip/results/runs/`, in the same layout (`<row>_seed<s>/`, `epochs<N>/<row>_seed<s>/`), without checkpoints and
never over a report that is there already. With `--checks`, the budget checks among them (`run_longer`'s
`epochs<N>/<row>_lr<rate>_seed0` folders) also join the saved search, `pe_clip/results/lr_search.json`
(`add_checks`). With `--search`, a learning-rate search that ran on its own (the folder's `lr_search.json`: other
rows, another machine) joins it (`join_search`).
`pe_clip_lab --merge pe_clip/results/runs` then pools the kept runs like any folder of runs.

    .venv/bin/python tools/keep_runs.py lab_out                 # after pe_clip_lab --out lab_out
    .venv/bin/python tools/keep_runs.py lab_out/search --checks  # after pe_clip_lab --search --longer 96
    .venv/bin/python tools/keep_runs.py lab_out/s1 --search      # after pe_clip_lab --search --rows dferclip
"""
import json, re
from pathlib import Path
from fastcore.script import call_parse, Param, store_true
from pe_clip.lab import add_checks, join_search, write_summary, saved_search, SEARCH_FILE
from pe_clip.paths import RESULTS, write_atomic
from pe_clip.runs import finished_runs

KEPT = RESULTS/'runs'

PATH = re.compile(r'(?<![\w.])/(?:[\w.-]+/)*([\w.-]+/[\w.-]+)')   # an absolute path: its last two parts

def portable(x):
    ("A report without this machine's paths: a file by its folder and name (all a run's identity reads of it, "
     "`run_identity`), the cache of decoded clips (`cache_dir`, a place, not part of the run) left out.")
    if isinstance(x, dict): return {k: '' if k == 'cache_dir' else portable(v) for k, v in x.items()}
    if isinstance(x, list): return [portable(v) for v in x]
    return PATH.sub(r'\1', x) if isinstance(x, str) else x

def keep(folder:Path) -> list:
    "Copy the finished runs' reports under `folder` into `KEPT` (`portable`); the reports copied."
    done = []
    for rep in finished_runs([folder]).values():                 # the runs a lab reads there, one copy each
        m = Path(rep.pop('folder'))/'metrics.json'
        dest, text = KEPT/m.relative_to(folder), json.dumps(portable(rep), indent=1)
        if dest.exists():
            if dest.read_text() != text: print(f"not kept: {dest} holds another report")
            continue
        dest.parent.mkdir(parents=True, exist_ok=True); write_atomic(dest, text); done.append(dest)
    return done

def found_checks(folder:Path) -> dict:
    ("`{row: [report, ...]}`: the budget checks under `folder` (`epochs<N>/<row>_lr<rate>_seed0/metrics.json`), each "
     "row's with the run at the lab's budget they extend (`<row>_lr<rate>_seed0/` in `folder`, as `run_longer` has it, "
     "or among the kept runs where the check read it there: `pe_clip_lab --also pe_clip/results/runs`).")
    out, checks = {}, sorted(folder.glob('epochs[0-9]*/*_lr*_seed0/metrics.json'))
    for n in dict.fromkeys(m.parent.name for m in checks):         # the run each extends, once: here, else kept
        checks += [b for b in (folder/n/'metrics.json', KEPT/n/'metrics.json') if b.is_file()][:1]
    for m in checks: out.setdefault(m.parent.name.rsplit('_lr', 1)[0], []).append(json.loads(m.read_text()))
    return out

@call_parse
def main(folders:Param('output folders of finished runs', nargs='+'),
         checks:Param('also add the budget checks among them to the saved search', store_true)=False,
         search:Param("also join each folder's own search (its lr_search.json) to the saved search", store_true)=False):
    for f in map(Path, folders):
        if not f.is_dir(): raise SystemExit(f"{f}: no such folder of runs")
        if search:                                              # checked before anything is kept
            if not (f/'lr_search.json').is_file(): raise SystemExit(f"{f}: no lr_search.json (--search)")
            other = json.loads((f/'lr_search.json').read_text())
            try: joined = join_search(saved_search(), other)
            except ValueError as e: raise SystemExit(f"{f}: {e}") from None
        for d in keep(f): print('kept', d.relative_to(RESULTS.parent.parent))
        if search:
            write_summary(joined, RESULTS, 'lr_search.json'); print('search joined to', SEARCH_FILE.name, other['chosen'])
        if checks and (found := found_checks(f)):
            if not SEARCH_FILE.is_file(): raise SystemExit(f"{SEARCH_FILE}: no saved search to add the checks to")
            write_summary(add_checks(saved_search(), found), RESULTS, 'lr_search.json')
            print('checks added to', SEARCH_FILE.name, {r: [x['train_config']['epochs'] for x in v]
                                                        for r, v in found.items()})
