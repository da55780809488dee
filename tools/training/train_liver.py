"""Train, validate and export the Lobus liver model (3D U²-Net, CT + MR adapters).

  /usr/bin/python3 tools/training/train_liver.py --minutes 45 --holdout ts_ct_dicom_abdomen --ship

Reads every suitable case of <data>/cases.json (see data.list_cases), trains on all of
them except --holdout cases, validates on the hold-out cases (whole volume, sliding
window, at model spacing) every --val-every minutes, keeps the best checkpoint by mean
hold-out Dice, exports ONNX and writes the manifest. Without --ship the ONNX and
manifest go to the run folder only; with --ship they go to models/liver-u2net.*.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import u2net3d  # noqa: E402
from augment import intensity_ct, intensity_mr, sample_patch, thin_slab  # noqa: E402
from data import (CT_MEAN, CT_STD, CT_WINDOW, MR_PERCENTILES, default_data_dir, list_cases,  # noqa: E402
                  load_case, normalise)
from export_onnx import export, verify  # noqa: E402
from infer import evaluate  # noqa: E402
from u2net3d import U2Net3D  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))


def parse():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=default_data_dir())
    ap.add_argument("--out", default=None, help="run folder (default tools/training/runs/<time>)")
    ap.add_argument("--minutes", type=float, default=45.0, help="wall-clock training budget")
    ap.add_argument("--holdout", nargs="*", default=[], help="cases to validate on, not train on")
    ap.add_argument("--ship", action="store_true", help="write models/liver-u2net.onnx + .json")
    ap.add_argument("--spacing", type=float, default=3.0)
    ap.add_argument("--patch", type=int, nargs=3, default=[48, 64, 64], help="D H W")
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--base", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--p-slab", type=float, default=0.25, help="share of patches cut to a thin slab")
    ap.add_argument("--p-mr", type=float, default=0.2, help="share of MR batches")
    ap.add_argument("--val-every", type=float, default=5.0, help="minutes")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--select", choices=["best", "last"], default="last",
                    help="ship the last checkpoint (unbiased hold-out numbers) or the best by hold-out Dice")
    ap.add_argument("--init", default=None, help="start from this checkpoint (best.pt) instead of scratch")
    return ap.parse_args()


def dice_ce(logits, target):
    ce = F.cross_entropy(logits, target)
    p = torch.softmax(logits, 1)[:, 1]
    t = (target == 1).float()
    dice = (2 * (p * t).sum() + 1) / (p.sum() + t.sum() + 1)
    return ce + (1 - dice)


def down_label(lab, shape):
    return (F.adaptive_avg_pool3d(lab[:, None].float(), shape)[:, 0] >= 0.5).long()


def log(msg):
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def main():
    a = parse()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    out = a.out or os.path.join(HERE, "runs", time.strftime("%Y%m%d-%H%M%S"))
    os.makedirs(out, exist_ok=True)
    log(f"run folder {out}; args {vars(a)}")

    cases = [load_case(c, a.spacing) for c in list_cases(a.data)]
    unknown = set(a.holdout) - {c["case"] for c in cases}
    if unknown:
        raise SystemExit(f"unknown/unsuitable holdout cases: {unknown}")
    train = [c for c in cases if c["case"] not in a.holdout]
    val = [c for c in cases if c["case"] in a.holdout]
    for c in cases:
        log(f"{c['case']:22s} {c['modality']} grid[k,j,i] {c['image'].shape} "
            f"liver {c['label'].sum() * a.spacing ** 3 / 1000:.0f} mL "
            f"{'HOLD-OUT' if c in val else 'train'}")
    # working units: HU for CT (augmented before windowing), z-score for MR
    pools = {0: [], 1: []}
    for c in train:
        dom = 1 if c["modality"] == "MR" else 0
        v = c["image"] if dom == 0 else normalise(c["image"], "MR")
        pools[dom].append((torch.from_numpy(v), torch.from_numpy(c["label"] > 0)))
    p_mr = a.p_mr if pools[1] and pools[0] else (1.0 if pools[1] else 0.0)

    model_args = dict(base=a.base, levels=4, n_domains=2, n_classes=2, deep_supervision=True)
    net = U2Net3D(**model_args)
    if a.init:
        net.load_state_dict(torch.load(a.init, map_location="cpu")["state_dict"])
        log(f"initialised from {a.init}")
    opt = torch.optim.AdamW(net.parameters(), lr=a.lr, weight_decay=1e-4)
    budget = a.minutes * 60
    t0 = time.time()
    next_val = a.val_every * 60
    step, best, history, losses, step_times = 0, -1.0, [], [], []

    def validate(tag):
        nonlocal best
        u2net3d.DENSE_DEPTHWISE = True
        res = [evaluate(net, c, a.patch) for c in val]
        score = float(np.mean([r["dice"] for r in res if r["modality"] == "CT"] or
                              [r["dice"] for r in res] or [0]))
        history.append(dict(step=step, minutes=round((time.time() - t0) / 60, 1), tag=tag, results=res))
        improved = not val or score > best
        ck = dict(state_dict=net.state_dict(), model_args=model_args, patch=a.patch, step=step, val=res)
        torch.save(ck, os.path.join(out, "last.pt"))
        if improved:
            best = score
            torch.save(ck, os.path.join(out, "best.pt"))
        log(f"val step {step} {res} {'(best)' if improved else ''}")
        net.train()

    net.train()
    while time.time() - t0 < budget:
        ts = time.time()
        frac = (time.time() - t0) / budget
        lr = a.lr * min(1.0, (step + 1) / 50) * 0.5 * (1 + math.cos(math.pi * frac))
        for g in opt.param_groups:
            g["lr"] = lr
        dom = 1 if rng.random() < p_mr else 0
        imgs, labs = [], []
        for _ in range(a.batch):
            v, lb = pools[dom][rng.integers(len(pools[dom]))]
            img, lab = sample_patch(v, lb, a.patch, rng)
            img = intensity_ct(img, rng) if dom == 0 else intensity_mr(img, rng)
            if rng.random() < a.p_slab:
                pad = (CT_WINDOW[0] - CT_MEAN) / CT_STD if dom == 0 else float(img.min())
                img, lab = thin_slab(img, lab, rng, pad)
            imgs.append(img)
            labs.append(lab)
        x, y = torch.stack(imgs), torch.stack(labs)
        out_main, aux = net(x, torch.tensor([dom]))
        loss = dice_ce(out_main, y)
        for o in aux:
            wgt = 0.5 if o.shape[2] * 2 == x.shape[2] else 0.25
            loss = loss + wgt * dice_ce(o, down_label(y, o.shape[2:]))
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        losses.append(float(loss))
        step_times.append(time.time() - ts)
        if step % 25 == 0:
            log(f"step {step} loss {np.mean(losses[-25:]):.4f} lr {lr:.2e} "
                f"{1000 * np.mean(step_times[-25:]):.0f} ms/step")
        if time.time() - t0 >= next_val:
            validate("periodic")
            next_val += a.val_every * 60
    train_minutes = (time.time() - t0) / 60
    validate("final")

    # ---- reload the selected checkpoint, report on every case (training cases labelled), export
    ck = torch.load(os.path.join(out, f"{a.select}.pt"))
    net.load_state_dict(ck["state_dict"])
    u2net3d.DENSE_DEPTHWISE = True
    report = []
    for c in cases:
        r = evaluate(net, c, a.patch)
        r["set"] = "hold-out" if c in val else "training"
        report.append(r)
        log(f"{a.select}@step {ck['step']}: {r}")
    onnx_path = os.path.join(REPO, "models", "liver-u2net.onnx") if a.ship else os.path.join(out, "liver-u2net.onnx")
    size = export(net, onnx_path, a.patch)
    # real patch from the first hold-out (else training) CT case, centred on the liver
    ref_case = (val or train)[0]
    vn = normalise(ref_case["image"], ref_case["modality"])
    pad = np.full(np.maximum(vn.shape, a.patch), vn.min(), np.float32)
    pad[:vn.shape[0], :vn.shape[1], :vn.shape[2]] = vn
    cz, cy, cx = [int(v) for v in np.argwhere(ref_case["label"] > 0).mean(0)]
    st = [max(0, min(c - p // 2, n - p)) for c, p, n in zip((cz, cy, cx), a.patch, pad.shape)]
    patch_img = pad[st[0]:st[0] + a.patch[0], st[1]:st[1] + a.patch[1], st[2]:st[2] + a.patch[2]]
    check = verify(net, onnx_path, np.ascontiguousarray(patch_img[None, None]))
    log(f"onnx {onnx_path} {size} bytes; onnx vs torch {check}")

    summary = dict(args=vars(a), steps=step, selected=a.select, train_minutes=round(train_minutes, 1),
                   ms_per_step=round(1000 * float(np.mean(step_times)), 0), selected_step=ck["step"],
                   history=history, report=report, onnx=onnx_path, onnx_bytes=size, onnx_check=check,
                   trainingData=[c["case"] for c in train], holdout=[c["case"] for c in val])
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    manifest = make_manifest(a, train, report, summary)
    mpath = os.path.join(REPO, "models", "liver-u2net.json") if a.ship else os.path.join(out, "liver-u2net.json")
    with open(mpath, "w") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")
    log(f"wrote {mpath}")


def make_manifest(a, train, report, summary):
    val = [dict(case=r["case"], modality=r["modality"], dice=r["dice"], volumeErrorPct=r["volumeErrorPct"])
           for r in report if r["set"] == "hold-out"]
    trn = [f"{r['case']} ({r['modality']}) Dice {r['dice']}, volume error {r['volumeErrorPct']}%"
           for r in report if r["set"] == "training"]
    return {
        "schemaVersion": 1,
        "id": "liver-u2net",
        "name": "Liver (3D U²-Net)",
        "task": "organ",
        "onnx": "liver-u2net.onnx",
        "modalities": ["CT", "MR"],
        "inputs": {"image": "image", "domain": "domain"},
        "domains": {"CT": 0, "MR": 1},
        "output": {"name": "logits", "kind": "logits", "classes": 2},
        "labels": [{"value": 1, "name": "Liver", "color": [221, 130, 101]}],
        "spacingMm": [a.spacing] * 3,
        "patchSize": list(a.patch),
        "overlap": 0.5,
        "normalisation": {
            "CT": {"kind": "window-zscore", "window": list(CT_WINDOW), "mean": CT_MEAN, "std": CT_STD},
            "MR": {"kind": "percentile-zscore", "percentiles": list(MR_PERCENTILES)},
        },
        "postprocess": {"largestComponent": True, "fillHoles": True, "minComponentMl": 0},
        "licence": "weights: trained by Lobus on CC BY-SA 4.0 (CHAOS) and Apache-2.0 (TotalSegmentator "
                   "test files) data (see trainingData); the CHAOS share-alike terms apply to the weights",
        "trainingData": [c["case"] for c in train],
        "validation": val,
        "notes": (f"3D U²-Net (shared depthwise 3x3x3 convs, per-domain pointwise adapters and norms; "
                  f"{a.base} base channels, 4 levels), trained {summary['train_minutes']} min / "
                  f"{summary['steps']} steps on 2 shared CPU cores (tools/training; {a.select} checkpoint, "
                  f"step {summary['selected_step']}" + (f", warm-started from {a.init}" if a.init else "") + "). Validation Dice is at model spacing against "
                  f"reference masks that are themselves model predictions (TotalSegmentator) except CHAOS. "
                  f"Training-set (not generalisation) numbers: " + "; ".join(trn) +
                  ". Research/demo model, not a medical device."),
    }


if __name__ == "__main__":
    main()
