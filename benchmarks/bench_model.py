"""Speed and memory of PE-CLIP: training step and inference time, peak memory, FLOPs per clip and achieved FLOP rate,
for ViT-B/16 and the small backbone, fp32 and bf16, with the kit's attention layout and without it (open_clip's own).

    python benchmarks/bench_model.py                        # the full table on this machine -> benchmarks/results/<device>.json
    python benchmarks/bench_model.py --quick                # the small backbone only (a minute)
    python benchmarks/bench_model.py --methods              # one training step of every method on the small backbone
    python benchmarks/bench_model.py --one '{"backbone": "PE-Tiny-16", "precision": "bf16", "batch": 8}'   # one configuration

Every configuration runs in a fresh process, so its peak memory is its own: on a GPU `torch.cuda.max_memory_allocated`,
on the CPU the growth of the process's peak resident memory over the model's. Times are medians over `steps` steps after
`warmup` steps. FLOPs are counted once per configuration with `torch.utils.flop_counter` (matrix multiplies and
convolutions; a training step counts forward and backward).
"""
import argparse, json, os, resource, statistics, subprocess, sys, time, platform
from pathlib import Path

RESULTS = Path(__file__).parent/'results'
PEAK_BF16_TFLOPS = {'H100': 989.0, 'H200': 989.0, 'A100': 312.0, 'L40S': 362.0, 'RTX 4090': 165.0}

def rss_mib() -> float:
    "Current resident memory of this process (Linux), MiB."
    return int(Path('/proc/self/statm').read_text().split()[1]) * os.sysconf('SC_PAGE_SIZE') / 2**20

def peak_rss_mib() -> float: return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def one(cfg:dict) -> dict:
    "Measure one configuration: backbone, batch, frames, precision, fast_attention, grad_ckpt, device, steps, warmup."
    import torch, torch.nn.functional as F, logging
    from torch.utils.flop_counter import FlopCounterMode
    from pe_clip.methods import preset, build
    from pe_clip.backbone import load_backbone
    logging.getLogger().setLevel(logging.ERROR)
    dev = torch.device(cfg.get('device', 'cuda' if torch.cuda.is_available() else 'cpu'))
    torch.manual_seed(0)
    mcfg = preset(cfg.get('preset', 'pe_clip'), backbone=cfg['backbone'], num_frames=cfg['frames'])
    clip, tok = load_backbone(mcfg.backbone, fast_attention=cfg['fast_attention'])
    model = build(mcfg, clip, tok).to(dev)
    model.clip.set_grad_checkpointing(cfg.get('grad_ckpt', False))
    S, B, T = model.image_size, cfg['batch'], cfg['frames']
    x, y = model.example_input(B, T, dev), torch.randint(0, 7, (B,), device=dev)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    amp = dict(device_type=dev.type, dtype=torch.bfloat16, enabled=cfg['precision'] == 'bf16')
    sync = (lambda: torch.cuda.synchronize(dev)) if dev.type == 'cuda' else (lambda: None)
    def train_step():
        model.train()
        with torch.autocast(**amp): loss = model.loss(model(x), y)
        loss.backward(); opt.step(); opt.zero_grad(set_to_none=True)
    @torch.no_grad()
    def infer():
        model.eval()
        with torch.autocast(**amp): model(x)
    def timed(fn):
        for _ in range(cfg['warmup']): fn()
        ts = []
        for _ in range(cfg['steps']): sync(); t = time.perf_counter(); fn(); sync(); ts.append(time.perf_counter() - t)
        return statistics.median(ts)
    base = rss_mib()
    if dev.type == 'cuda': torch.cuda.reset_peak_memory_stats(dev)
    t_train = timed(train_step)
    mem_train = torch.cuda.max_memory_allocated(dev) / 2**20 if dev.type == 'cuda' else peak_rss_mib() - base
    t_infer = timed(infer)
    with FlopCounterMode(display=False) as fc: train_step()
    f_train = fc.get_total_flops()
    with FlopCounterMode(display=False) as fc: infer()
    f_infer = fc.get_total_flops()
    peak = next((v for k, v in PEAK_BF16_TFLOPS.items() if k in torch.cuda.get_device_name(dev)), None) if dev.type == 'cuda' else None
    return dict(cfg, device=torch.cuda.get_device_name(dev) if dev.type == 'cuda' else f"cpu, {torch.get_num_threads()} threads",
                train_step_s=round(t_train, 3), infer_s=round(t_infer, 3), peak_mem_train_mib=round(mem_train),
                gflops_per_clip_train=round(f_train / B / 1e9, 1), gflops_per_clip_infer=round(f_infer / B / 1e9, 1),
                tflops_per_s_train=round(f_train / t_train / 1e12, 3), tflops_per_s_infer=round(f_infer / t_infer / 1e12, 3),
                mfu_train=peak and round(f_train / t_train / 1e12 / peak, 3), trainable_params=model.param_table()['trainable'])

def run_one(cfg:dict) -> dict:
    "`one(cfg)` in a fresh Python process (its own peak memory)."
    r = subprocess.run([sys.executable, __file__, '--one', json.dumps(cfg)], capture_output=True, text=True, env={**os.environ, 'HF_HUB_OFFLINE': '1'})
    if r.returncode: raise RuntimeError(f"{cfg}: {r.stderr[-2000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])

def plan(quick:bool) -> list:
    "The configurations of the table: before (open_clip's attention layout) and after, fp32 and bf16, both backbones."
    tiny = dict(backbone='PE-Tiny-16', batch=8, frames=8, steps=5, warmup=2)
    vit = dict(backbone='ViT-B-16', batch=1, frames=16, steps=3, warmup=1)
    rows = [dict(tiny, precision=p, fast_attention=f) for p in ('fp32', 'bf16') for f in (False, True)]
    if not quick:
        rows += [dict(vit, precision=p, fast_attention=f) for p in ('fp32', 'bf16') for f in (False, True)]
        rows += [dict(vit, batch=2, precision='bf16', fast_attention=True, grad_ckpt=g, steps=2) for g in (False, True)]
    return rows

def method_presets() -> tuple:
    "The presets whose training step is timed: each method's record says which (`bench`, 18_methods)."
    from pe_clip.methods import bench_presets
    return bench_presets()

def plan_methods(presets=None) -> list:
    "One training step of each method's model (and its frozen or plainer variant) on the small backbone."
    from pe_clip.train import cpu_bf16
    import torch
    p = 'bf16' if torch.cuda.is_available() or cpu_bf16() else 'fp32'
    return [dict(backbone='PE-Tiny-16', batch=8, frames=8, steps=5, warmup=2, precision=p, fast_attention=True,
                 preset=n) for n in presets or method_presets()]

def decode_rate(n:int=40) -> float:
    "Clips per second one process decodes, samples and augments (the data pipeline), on data_samples/ at 112 px."
    from pe_clip.data import DFERDataset
    from pe_clip.paths import find_samples
    ds = DFERDataset(find_samples()/'SYNTH_all.txt', 'synth', train=True, size=112, progress=False)
    t = time.perf_counter()
    for i in range(min(n, len(ds))): ds[i]
    return round(min(n, len(ds)) / (time.perf_counter() - t), 1)

def table(rows:list) -> str:
    "The results as a Markdown table."
    if any('preset' in r for r in rows):
        head = ('| preset | backbone | batch x frames | precision | trainable params | train step (s) | inference (s) '
                '| GFLOPs / clip (train, infer) |\n|---|---|---|---|---|---|---|---|')
        return '\n'.join([head] + [f"| {r['preset']} | {r['backbone']} | {r['batch']} x {r['frames']} | {r['precision']} "
                                   f"| {r['trainable_params']:,} | {r['train_step_s']} | {r['infer_s']} "
                                   f"| {r['gflops_per_clip_train']}, {r['gflops_per_clip_infer']} |" for r in rows])
    head = ('| backbone | batch x frames | precision | attention | grad. ckpt | train step (s) | inference (s) | peak memory, training (MiB) '
            '| GFLOPs / clip (train, infer) | TFLOP/s (train, infer) |\n|---|---|---|---|---|---|---|---|---|---|')
    return '\n'.join([head] + [f"| {r['backbone']} | {r['batch']} x {r['frames']} | {r['precision']} | {'kit (seq-first)' if r['fast_attention'] else 'open_clip'} "
                               f"| {'yes' if r.get('grad_ckpt') else 'no'} | {r['train_step_s']} | {r['infer_s']} | {r['peak_mem_train_mib']} "
                               f"| {r['gflops_per_clip_train']}, {r['gflops_per_clip_infer']} | {r['tflops_per_s_train']}, {r['tflops_per_s_infer']} |" for r in rows])

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--one', default=None, help='measure one configuration (JSON) in this process and print it')
    ap.add_argument('--quick', action='store_true', help='the small backbone only')
    ap.add_argument('--methods', action='store_true', help="every method's training step on the small backbone")
    ap.add_argument('--presets', default=None, help='with --methods: only these presets (comma-separated), merged into '
                    'the rows already saved')
    ap.add_argument('--out', default=None, help='where to write the JSON (default benchmarks/results/<cpu|gpu name>.json)')
    a = ap.parse_args(argv)
    if a.one: print(json.dumps(one(json.loads(a.one)))); return
    import torch
    rows = []
    presets = a.presets.split(',') if a.presets else method_presets()
    for cfg in (plan_methods(presets) if a.methods else plan(a.quick)):
        rows.append(run_one(cfg)); print(json.dumps(rows[-1]), flush=True)
    kind = 'gpu' if torch.cuda.is_available() else 'cpu'
    out = Path(a.out) if a.out else RESULTS/f"{'methods_' if a.methods else ''}{kind}{'_quick' if a.quick else ''}.json"
    if a.presets and out.is_file():   # keep the other presets' rows, in the plan's order
        new = {r['preset']: r for r in rows}
        old = {r['preset']: r for r in json.loads(out.read_text())['rows']}
        rows = [{**old, **new}[n] for n in method_presets() if n in {**old, **new}]
    res = dict(machine=f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores", torch=torch.__version__,
               date=time.strftime('%Y-%m-%d'), rows=rows, decode_clips_per_s_per_worker=decode_rate())
    out.parent.mkdir(parents=True, exist_ok=True); out.write_text(json.dumps(res, indent=1))
    print(table(rows)); print(f"written to {out}")

if __name__ == '__main__': main()
