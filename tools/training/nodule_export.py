"""Export the nodule UNet++ at each pruning level, measure Dice (real nodules) and ONNX speed,
ship the best trade-off as models/nodule-unetpp.onnx + .json.

    /usr/bin/python3 tools/training/nodule_export.py --ckpt tools/training/runs/nodule/best.pt

Trade-off rule: the shallowest level whose mean Dice on the real nodules is within 0.01 of the
best level's. Speed = median ORT (onnxruntime-node, CPU, 2 threads) time of one 64^3 crop.
"""
import argparse
import json
import os
import subprocess
import tempfile

import numpy as np
import torch

from lidc_cases import LIDC_CASES, load_volume
from nodule_train import MEAN, STD, WINDOW, evaluate, validation_crops
from nodule_unetpp3d import Pruned, UNetPP3D

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
PATCH = 64

_NODE_BENCH = r"""
const ort = require('onnxruntime-node');
const fs = require('fs');
(async () => {
  const [model, dir, n] = process.argv.slice(1);
  const s = await ort.InferenceSession.create(model, { intraOpNumThreads: 2, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const buf = fs.readFileSync(dir + '/image.bin');
  const img = new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4);
  const feeds = { image: new ort.Tensor('float32', img, [1, 1, 64, 64, 64]) };
  let r = await s.run(feeds);
  const times = [];
  for (let i = 0; i < Number(n); i++) { const t = process.hrtime.bigint(); r = await s.run(feeds); times.push(Number(process.hrtime.bigint() - t) / 1e6); }
  times.sort((a, b) => a - b);
  const ref = fs.readFileSync(dir + '/ref.bin');
  const rf = new Float32Array(ref.buffer, ref.byteOffset, ref.length / 4);
  let m = 0;
  for (let i = 0; i < rf.length; i++) m = Math.max(m, Math.abs(rf[i] - r.logits.data[i]));
  console.log(JSON.stringify({ medianMs: times[Math.floor(times.length / 2)], maxAbsDiff: m, dims: r.logits.dims }));
})().catch(e => { console.error(e); process.exit(1); });
"""


def export_level(net, level, path):
    m = Pruned(net, level).eval()
    x = torch.zeros(1, 1, PATCH, PATCH, PATCH)
    torch.onnx.export(m, x, path, input_names=["image"], output_names=["logits"], opset_version=17,
                      do_constant_folding=True)


def bench(net, level, path, img, n=7):
    with torch.no_grad():
        ref = Pruned(net, level)(torch.from_numpy(img)[None, None]).numpy()
    with tempfile.TemporaryDirectory() as tmp:
        img.astype(np.float32).tofile(os.path.join(tmp, "image.bin"))
        ref.astype(np.float32).tofile(os.path.join(tmp, "ref.bin"))
        r = subprocess.run(["node", "-e", _NODE_BENCH, os.path.abspath(path), tmp, str(n)], cwd=REPO,
                           capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise RuntimeError(r.stderr[-2000:])
    return json.loads(r.stdout.strip().splitlines()[-1])


def manifest(level, rows, table, step):
    val = []
    for r in rows:
        ml = r[f"ml_L{level}"]
        val.append(dict(case=f"{r['case']}/nodule-{r['id']}", modality="CT", dice=r[f"dice_L{level}"],
                        volumeErrorPct=round(100 * (ml - r["consensus_ml"]) / r["consensus_ml"], 1)))
    inside = [f"{r['case']} nodule {r['id']}: {r[f'ml_L{level}']:.2f} mL vs readers "
              f"{r['reader_range_ml'][0]:.2f}-{r['reader_range_ml'][1]:.2f} "
              f"({'inside' if r['reader_range_ml'][0] <= r[f'ml_L{level}'] <= r['reader_range_ml'][1] else 'outside'})"
              for r in rows]
    prune = "; ".join(f"L{t['level']}: mean Dice {t['mean_dice']:.3f}, {t['ms']:.0f} ms" for t in table)
    return {
        "schemaVersion": 1,
        "id": "nodule-unetpp",
        "name": "Lung nodule (3D UNet++, click-to-segment)",
        "task": "nodule",
        "seedCrop": True,
        "onnx": "nodule-unetpp.onnx",
        "modalities": ["CT"],
        "inputs": {"image": "image"},
        "output": {"name": "logits", "kind": "logits", "classes": 2},
        "labels": [{"value": 1, "name": "Nodule", "color": [255, 200, 40]}],
        "spacingMm": [1.0, 1.0, 1.0],
        "patchSize": [PATCH, PATCH, PATCH],
        "overlap": 0.5,
        "normalisation": {"CT": {"kind": "window-zscore", "window": list(WINDOW), "mean": MEAN, "std": STD}},
        "postprocess": {"largestComponent": False, "fillHoles": True, "minComponentMl": 0},
        "licence": "weights: trained by Lobus on synthetic nodules inserted into CC BY 3.0 (LIDC-IDRI, TCIA) and CC BY-SA 4.0 (CHAOS) CT",
        "trainingData": ["lidc_idri_0002 (parenchyma only)", "lidc_idri_0003 (parenchyma only)", "chaos_ct_liver (lung bases)"],
        "validation": val,
        "notes": (
            "Click-to-segment model (seed crop): run on one 64^3 crop at 1 mm centred on the user's click "
            "(main/core/nodules/seedSegment.ts); not meant for whole-volume sliding windows. "
            "Trained on synthetic nodules only (solid, part-solid, ground-glass, 3-30 mm, round/lobulated/spiculated, "
            "free/juxtavascular/juxtapleural); validated on all 5 real LIDC nodules >= 3 mm against the >= 50 % reader "
            f"consensus, crop centred on the consensus centroid (checkpoint step {step} chosen on these nodules: no "
            f"separate test set). Shipped pruning level L{level} of 3. Pruning: {prune}. Volumes: " + "; ".join(inside)
            + "."),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "runs", "nodule", "best.pt"))
    ap.add_argument("--level", type=int, default=0, help="force a pruning level (0 = trade-off rule)")
    ap.add_argument("--models", default=os.path.join(REPO, "models"))
    a = ap.parse_args()
    torch.set_num_threads(2)
    ck = torch.load(a.ckpt, map_location="cpu")
    net = UNetPP3D(**ck["model_args"])
    net.load_state_dict(ck["state_dict"])
    net.eval()
    crops = validation_crops([load_volume(c) for c in LIDC_CASES])
    rows = evaluate(net, crops)
    net.eval()
    table = []
    for L in range(1, net.depth + 1):
        path = os.path.join(tempfile.gettempdir(), f"nodule-unetpp-L{L}.onnx")
        export_level(net, L, path)
        b = bench(net, L, path, crops[2]["image"])
        t = dict(level=L, mean_dice=float(np.mean([r[f"dice_L{L}"] for r in rows])), ms=b["medianMs"],
                 maxAbsDiff=b["maxAbsDiff"], bytes=os.path.getsize(path), path=path)
        print(json.dumps(t))
        table.append(t)
    best = max(t["mean_dice"] for t in table)
    level = a.level or min(t["level"] for t in table if t["mean_dice"] >= best - 0.01)
    chosen = table[level - 1]
    assert chosen["maxAbsDiff"] < 1e-3, chosen
    os.replace(chosen["path"], os.path.join(a.models, "nodule-unetpp.onnx"))
    man = manifest(level, rows, table, ck["step"])
    with open(os.path.join(a.models, "nodule-unetpp.json"), "w") as f:
        json.dump(man, f, indent=2)
        f.write("\n")
    print(json.dumps(dict(level=level, rows=rows), indent=1))


if __name__ == "__main__":
    main()
