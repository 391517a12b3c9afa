"""The demo with every method (PE-CLIP, DFER-CLIP, FE-Adapter) on this machine: test UAR/WAR, trainable parameters, time.

    python benchmarks/demo_methods.py              # seed 0 -> benchmarks/results/demo_methods.json
    python benchmarks/demo_methods.py --seeds 0,1,2

Besides each method with its own training, DFER-CLIP also runs as PE-CLIP's demo trains (AdamW, `--config pe_clip`): the
same model, another optimiser, to show how much of the demo's number is the training's.

Each run is `pe_clip_demo --method M --seed S`, kept in demo_runs/ (a rerun skips finished runs). The demo is a smoke
run on 90 training clips with each method's own training shortened to the demo's 12 epochs, not a fair comparison of
the methods (one budget on the lab's benchmark: `pe_clip_compare`).
"""
import argparse, json, platform, os, time, numpy as np
from pathlib import Path
from pe_clip.cli import pe_clip_demo
from pe_clip.methods import METHODS

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--seeds', default='0'); ap.add_argument('--runs', default='demo_runs')
    ap.add_argument('--out', default='benchmarks/results/demo_methods.json')
    a = ap.parse_args(argv)
    res = {}
    for key, method, config in [*((k, k, None) for k in METHODS), ('dferclip+pe_clip', 'dferclip', 'pe_clip')]:
        for s in map(int, a.seeds.split(',')):
            d = Path(a.runs)/f'{key}_seed{s}'
            rep = (json.loads((d/'metrics.json').read_text()) if (d/'metrics.json').is_file()
                   else pe_clip_demo(d, method=method, config=config, progress=False, changes=dict(seed=s)))
            res.setdefault(key, []).append(dict(seed=s, uar=rep['uar'], war=rep['war'], precision=rep['precision'],
                                                train_seconds=rep['train_seconds'],
                                                trainable_params=rep['trainable_params']))
            print(key, s, round(rep['uar'], 4), rep['train_seconds'], flush=True)
    out = dict(date=time.strftime('%Y-%m-%d'), machine=f"{platform.processor() or platform.machine()}, "
                                                        f"{os.cpu_count()} cores",
               methods={k: dict(name=METHODS[k.split('+')[0]].name, preset=METHODS[k.split('+')[0]].key,
                                config=k.split('+')[1] if '+' in k else None,
                                uar_mean=float(np.mean([r['uar'] for r in v])), uar_std=float(np.std([r['uar'] for r in v])),
                                war_mean=float(np.mean([r['war'] for r in v])), runs=v) for k, v in res.items()})
    Path(a.out).parent.mkdir(parents=True, exist_ok=True); Path(a.out).write_text(json.dumps(out, indent=1))
    print(json.dumps({k: round(v['uar_mean'], 4) for k, v in out['methods'].items()}))

if __name__ == '__main__': main()
