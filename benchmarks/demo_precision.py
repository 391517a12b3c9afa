"""The demo's test UAR/WAR and time with fp32 and with bf16 autocast, over seeds, on this machine (issue: does bf16 change results?).

    python benchmarks/demo_precision.py            # 3 seeds x 2 precisions -> benchmarks/results/demo_precision.json

Each run is `pe_clip_demo --seed S --precision P`, kept in demo_runs/ (a rerun skips finished runs).
"""
import json, sys, time, numpy as np
from pathlib import Path
from pe_clip.cli import pe_clip_demo

def main(seeds=(0, 1, 2), out='benchmarks/results/demo_precision.json', runs='demo_runs'):
    res = {}
    for p in ('fp32', 'bf16'):
        for s in seeds:
            d = Path(runs)/f'{p}_seed{s}'
            rep = json.loads((d/'metrics.json').read_text()) if (d/'metrics.json').is_file() else pe_clip_demo(d, progress=False, changes=dict(seed=s, precision=p))
            res.setdefault(p, []).append(dict(seed=s, uar=rep['uar'], war=rep['war'], train_seconds=rep['train_seconds'], precision=rep['precision']))
            print(p, s, round(rep['uar'], 4), rep['train_seconds'], flush=True)
    summary = {p: dict(uar_mean=float(np.mean([r['uar'] for r in v])), uar_std=float(np.std([r['uar'] for r in v])),
                       seconds_mean=float(np.mean([r['train_seconds'] for r in v])), runs=v) for p, v in res.items()}
    Path(out).parent.mkdir(parents=True, exist_ok=True); Path(out).write_text(json.dumps(dict(date=time.strftime('%Y-%m-%d'), **summary), indent=1))
    print(json.dumps({p: {k: v for k, v in s.items() if k != 'runs'} for p, s in summary.items()}, indent=1))

if __name__ == '__main__': main()
