"""Throughput, memory and FLOP utilisation of PE-CLIP training and inference, and the data pipeline's decode rate.

    python benchmarks/bench_model.py                                  # ViT-B-16 on the GPU (bf16 autocast)
    python benchmarks/bench_model.py --backbone PE-Tiny-16 --device cpu

Prints one JSON object. MFU = model FLOPs per second / the device's peak dense bf16 FLOP/s (--peak-tflops,
by default looked up from the GPU's name)."""
import argparse, json, time, torch, torch.nn.functional as F
from torch.utils.flop_counter import FlopCounterMode
from pe_clip.model import PECLIP, preset
from pe_clip.data import DFERDataset
from pe_clip.tour import find_samples

PEAK_BF16_TFLOPS = {'H100': 989.0, 'H200': 989.0, 'A100': 312.0, 'L40S': 362.0, 'RTX 4090': 165.0}

def peak_tflops(device):
    if device.type != 'cuda': return None
    name = torch.cuda.get_device_name(device)
    return next((v for k, v in PEAK_BF16_TFLOPS.items() if k in name), None)

def timed(fn, steps, device):
    if device.type == 'cuda': torch.cuda.synchronize(device)
    t = time.perf_counter()
    for _ in range(steps): fn()
    if device.type == 'cuda': torch.cuda.synchronize(device)
    return (time.perf_counter() - t) / steps

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--backbone', default='ViT-B-16'); ap.add_argument('--preset', default='pe_clip')
    ap.add_argument('--device', default='cuda' if torch.cuda.is_available() else 'cpu')
    ap.add_argument('--batch', type=int, default=8); ap.add_argument('--frames', type=int, default=16)
    ap.add_argument('--steps', type=int, default=10); ap.add_argument('--warmup', type=int, default=3)
    ap.add_argument('--peak-tflops', type=float, default=None); ap.add_argument('--decode-clips', type=int, default=40)
    a = ap.parse_args(argv)
    dev = torch.device(a.device)
    torch.manual_seed(0)
    model = PECLIP(preset(a.preset, backbone=a.backbone, num_frames=a.frames)).to(dev)
    size = model.image_size
    x = torch.randn(a.batch, a.frames, 3, size, size, device=dev)
    y = torch.randint(0, len(model.classes), (a.batch,), device=dev)
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=2e-4, weight_decay=0.01)
    amp = dict(device_type=dev.type, dtype=torch.bfloat16, enabled=dev.type == 'cuda')

    def train_step():
        with torch.autocast(**amp): loss = F.cross_entropy(model(x), y)
        loss.backward(); opt.step(); opt.zero_grad(set_to_none=True)
    @torch.no_grad()
    def infer():
        with torch.autocast(**amp): model(x)

    with FlopCounterMode(display=False) as fc: train_step()
    train_flops = fc.get_total_flops()
    with FlopCounterMode(display=False) as fc: infer()
    infer_flops = fc.get_total_flops()
    for _ in range(a.warmup): train_step(); infer()
    if dev.type == 'cuda': torch.cuda.reset_peak_memory_stats(dev)
    t_train = timed(train_step, a.steps, dev)
    mem_train = torch.cuda.max_memory_allocated(dev) / 2**30 if dev.type == 'cuda' else None
    if dev.type == 'cuda': torch.cuda.reset_peak_memory_stats(dev)
    t_infer = timed(infer, a.steps, dev)
    mem_infer = torch.cuda.max_memory_allocated(dev) / 2**30 if dev.type == 'cuda' else None
    peak = a.peak_tflops or peak_tflops(dev)

    # the data pipeline: decode + TSN sampling + train transform, one process
    ds = DFERDataset(find_samples()/'SYNTH_all.txt', 'synth', train=True, size=size, progress=False)
    n = min(a.decode_clips, len(ds))
    t = time.perf_counter()
    for i in range(n): ds[i]
    decode = n / (time.perf_counter() - t)

    out = dict(device=torch.cuda.get_device_name(dev) if dev.type == 'cuda' else f'cpu ({torch.get_num_threads()} threads)',
               backbone=a.backbone, preset=a.preset, batch=a.batch, frames=a.frames, image_size=size,
               trainable_params=model.param_table()['trainable'], amp='bf16' if amp['enabled'] else 'fp32',
               train_clips_per_s=round(a.batch / t_train, 2), infer_clips_per_s=round(a.batch / t_infer, 2),
               train_step_ms=round(1000 * t_train, 1), peak_mem_train_gib=mem_train and round(mem_train, 2),
               peak_mem_infer_gib=mem_infer and round(mem_infer, 2),
               train_tflops_per_s=round(train_flops / t_train / 1e12, 3), infer_tflops_per_s=round(infer_flops / t_infer / 1e12, 3),
               mfu_train=peak and round(train_flops / t_train / 1e12 / peak, 3), mfu_infer=peak and round(infer_flops / t_infer / 1e12 / peak, 3),
               decode_clips_per_s_per_worker=round(decode, 1), decode_size=size,
               workers_to_feed_training=round(a.batch / t_train / decode, 1))
    print(json.dumps(out, indent=1))
    return out

if __name__ == '__main__': main()
