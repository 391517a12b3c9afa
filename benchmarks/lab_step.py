"""Where a lab run's time goes: seconds per training step of the lab's rows (batch 8 x 8 frames, the small CLIP, one
thread) in fp32, in bf16 and in bf16 under `torch.compile`, the data loading per batch, and one evaluation of the
validation clips; the lab's precision (`LAB_CONFIG.precision`) was chosen from these numbers (41_ablation_lab).

    .venv/bin/python benchmarks/lab_step.py          # -> benchmarks/results/lab_step.json (run it alone on the machine)
"""
import json, time, platform, argparse, tempfile, torch
from dataclasses import replace
from pathlib import Path
from pe_clip.lab import row_job, lab_benchmark
from pe_clip.train import start_run, evaluate, _autocast, cpu_bf16
from pe_clip.augment import one_hot

def step_seconds(row:str, precision:str, compile:bool=False, steps:int=20, warm:int=3)->dict:
    "Mean seconds of a training step (after `warm` steps) and of loading a batch, for lab row `row`."
    data = lab_benchmark(progress=False)
    job = row_job(row, 0, Path(tempfile.mkdtemp()), data, changes=dict(precision=precision, epochs=1))
    run = start_run(job.model_cfg, job.cfg, job.data, job.out, False)
    net = torch.compile(run.model) if compile else run.model
    loader = torch.utils.data.DataLoader(run.train_ds, 8, shuffle=True, num_workers=0)
    C, load, step, t0 = len(run.model.classes), [], [], time.time()
    run.model.train()
    for i, (x, y) in enumerate(loader):
        t1 = time.time(); load.append(t1 - t0)
        with _autocast(run.device, run.cfg): logits = net(x)
        loss = run.model.loss(logits, one_hot(y, C)); loss.backward(); run.opt.step(); run.opt.zero_grad()
        t0 = time.time()
        if i >= warm: step.append(t0 - t1)
        if len(step) == steps: break
    t = time.time(); evaluate(run.model, run.select_ds, run.cfg, run.device, progress=False)
    return dict(step=sum(step) / len(step), load=sum(load) / len(load), steps_per_epoch=len(loader),
                eval_val=time.time() - t, val_clips=len(run.select_ds))

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'/'lab_step.json'))
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    res = dict(date=time.strftime('%Y-%m-%d'), machine=platform.machine(), avx512_bf16=cpu_bf16(), threads=1,
               rows={})
    for row in ('pe_clip', 'dferclip_frozen'):
        res['rows'][row] = {p: step_seconds(row, p) for p in ('fp32', 'bf16')}
        res['rows'][row]['bf16_compiled'] = step_seconds(row, 'bf16', compile=True)
        print(row, json.dumps(res['rows'][row]))
    Path(a.out).write_text(json.dumps(res, indent=1))

if __name__ == '__main__': main()
