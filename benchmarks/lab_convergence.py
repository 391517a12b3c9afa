"""How long the ablation lab's runs must train: validation UAR and seconds per epoch of long runs (seed 0) of Table 5's
rows and the order task's, on the lab's benchmark. The lab's training (`LAB_CONFIG`, `ORDER_CONFIG` in 41_ablation_lab)
is chosen from these curves; the notebook draws them from the JSON this writes.

    python benchmarks/lab_convergence.py [--epochs 14] [--order-epochs 20]   # -> pe_clip/results/lab_convergence.json
"""
import argparse, json, time
from pathlib import Path
import pe_clip.lab as L
from pe_clip.train import fit

def curves(rows, epochs, out, cache=None):
    res = {}
    for name in rows:
        data = dict(synth=L.lab_benchmark(cache), order=L.order_benchmark(cache))
        job = L.lab_job(name, 0, out, data, changes=dict(epochs=epochs), cache=cache)
        d = Path(out)/f'{name}_e{epochs}'
        t = time.time()
        rep = fit(job.model_cfg, job.cfg, job.data, d, resume=True, progress=False)
        log = [json.loads(l) for l in (d/'log.jsonl').read_text().splitlines()]
        res[name] = dict(epochs=[r['epoch'] for r in log], val_uar=[r['val_uar'] for r in log], train_loss=[r['train_loss'] for r in log],
                         seconds=[r['seconds'] for r in log], test_uar=rep['uar'], selected_epoch=rep['selected_epoch'], wall_s=round(time.time() - t))
        print(name, json.dumps({k: v for k, v in res[name].items() if k != 'train_loss'}), flush=True)
    return res

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--epochs', type=int, default=14); ap.add_argument('--order-epochs', type=int, default=20)
    ap.add_argument('--out', default='lab_convergence_runs'); ap.add_argument('--cache', default=None)
    ap.add_argument('--only', choices=['expressions', 'order'], default=None, help='measure one task, keep the other from the file')
    a = ap.parse_args(argv)
    p = Path(L.__file__).parent/'results'/'lab_convergence.json'; p.parent.mkdir(exist_ok=True)
    res = json.loads(p.read_text()) if a.only and p.is_file() else {}
    if a.only != 'order': res.update(expressions=curves(('tab5_full', 'tab5_adapters', 'tab5_baseline'), a.epochs, a.out, a.cache), data=L.LAB_DATA)
    if a.only != 'expressions': res.update(order=curves(('order_gru', 'order_vanilla'), a.order_epochs, a.out, a.cache), order_data=L.ORDER_DATA)
    p.write_text(json.dumps(dict(res, date=time.strftime('%Y-%m-%d')), indent=1)); print(f"written to {p}")

if __name__ == '__main__': main()
