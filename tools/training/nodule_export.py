"""Export the nodule UNet++ at each pruning level, measure Dice (real nodules) and ONNX speed,
ship the best trade-off as models/nodule-unetpp.onnx + .json.

    /usr/bin/python3 tools/training/nodule_export.py --ckpt tools/training/runs/nodule/best.pt

Validation only ever counts real nodules the scored weights never trained on. With --cv, every fold
checkpoint (nodule_train.py --real-train ...) is scored on the LIDC cases it held out, and those rows are
the manifest's validation (a cross-validated estimate); the shipped checkpoint's own rows on nodules it
trained on are reported separately as in-sample. Without --cv, the shipped checkpoint is scored on the
cases it held out (all of them for a synthetic-only run).

Trade-off rule: the shallowest level whose mean held-out Dice is within 0.01 of the best level's.
Speed = median ORT (onnxruntime-node, CPU, 2 threads) time of one 64^3 crop.
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


def load_net(path):
    ck = torch.load(path, map_location="cpu")
    net = UNetPP3D(**ck["model_args"])
    net.load_state_dict(ck["state_dict"])
    return net.eval(), ck


def held_out_rows(path, vols, loaded=None):
    """Rows of evaluate() for the real nodules a checkpoint did not train on, tagged with the checkpoint."""
    net, ck = loaded or load_net(path)
    trained = set(ck.get("real_train", []))
    rows = evaluate(net, validation_crops([v for v in vols if v["case"] not in trained]))
    for r in rows:
        r["weights"] = os.path.relpath(path, REPO)
        r["step"] = ck["step"]
    return rows


def inside(r, level):
    lo, hi = r["reader_range_ml"]
    return lo <= r[f"ml_L{level}"] <= hi


def manifest(level, rows, table, step, real_train=(), in_sample=(), cv=False):
    val = []
    for r in rows:
        ml = r[f"ml_L{level}"]
        val.append(dict(case=f"{r['case']}/nodule-{r['id']}", modality="CT", dice=r[f"dice_L{level}"],
                        volumeErrorPct=round(100 * (ml - r["consensus_ml"]) / r["consensus_ml"], 1)))
    volumes = [f"{r['case']} nodule {r['id']}: {r[f'ml_L{level}']:.2f} mL vs readers "
               f"{r['reader_range_ml'][0]:.2f}-{r['reader_range_ml'][1]:.2f} "
               f"({'inside' if inside(r, level) else 'outside'})" for r in rows]
    real_note = ("Trained on synthetic nodules only" if not real_train else
                 "Trained on synthetic nodules plus the real annotated nodules of " + ", ".join(real_train))
    how = (f"Validation = cross-validation: each LIDC slab's real nodules scored by a fold that trained on the other "
           f"slab's real nodules ({', '.join(sorted({r['weights'] for r in rows}))}), so no row saw its nodule"
           if cv else f"validated on the real LIDC nodules >= 3 mm it never trained on (checkpoint step {step})")
    sample = ("; in-sample (shipped weights on nodules they trained on, optimistic): " + "; ".join(
        f"{r['case']} nodule {r['id']} Dice {r[f'dice_L{level}']:.3f}" for r in in_sample)) if in_sample else ""
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
        "trainingData": [f"{c} ({'parenchyma and its real annotated nodules' if c in real_train else 'parenchyma only'})"
                         for c in LIDC_CASES] + ["chaos_ct_liver (lung bases)"],
        "validation": val,
        "notes": (
            "Click-to-segment model (seed crop): run on one 64^3 crop at 1 mm centred on the user's click "
            "(main/core/nodules/seedSegment.ts); not meant for whole-volume sliding windows. "
            f"{real_note} (synthetic: solid, part-solid, ground-glass, 3-30 mm, round/lobulated/spiculated, "
            f"free/juxtavascular/juxtapleural); {how}; Dice against the >= 50 % reader consensus, crop centred on the "
            f"consensus centroid. Shipped pruning level L{level} of 3. Pruning (held-out mean Dice, ORT CPU time per crop): "
            f"{prune}. Held-out volumes: " + "; ".join(volumes) + sample + "."),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "runs", "nodule", "best.pt"))
    ap.add_argument("--level", type=int, default=0, help="force a pruning level (0 = trade-off rule)")
    ap.add_argument("--models", default=os.path.join(REPO, "models"))
    ap.add_argument("--cv", default="", help="comma list of fold checkpoints scored on the cases each held out")
    a = ap.parse_args()
    torch.set_num_threads(2)
    net, ck = load_net(a.ckpt)
    vols = [load_volume(c) for c in LIDC_CASES]
    real_train = ck.get("real_train", [])
    folds = [f for f in a.cv.split(",") if f]
    rows = [r for f in folds for r in held_out_rows(f, vols)] if folds else held_out_rows(a.ckpt, vols, (net, ck))
    assert rows, "no held-out real nodule to validate on: pass --cv fold checkpoints"
    in_sample = evaluate(net, validation_crops([v for v in vols if v["case"] in real_train]))
    net.eval()
    bench_image = validation_crops(vols)[2]["image"]
    table = []
    for L in range(1, net.depth + 1):
        path = os.path.join(tempfile.gettempdir(), f"nodule-unetpp-L{L}.onnx")
        export_level(net, L, path)
        b = bench(net, L, path, bench_image)
        t = dict(level=L, mean_dice=float(np.mean([r[f"dice_L{L}"] for r in rows])), ms=b["medianMs"],
                 maxAbsDiff=b["maxAbsDiff"], bytes=os.path.getsize(path), path=path)
        print(json.dumps(t))
        table.append(t)
    best = max(t["mean_dice"] for t in table)
    level = a.level or min(t["level"] for t in table if t["mean_dice"] >= best - 0.01)
    chosen = table[level - 1]
    assert chosen["maxAbsDiff"] < 1e-3, chosen
    os.replace(chosen["path"], os.path.join(a.models, "nodule-unetpp.onnx"))
    man = manifest(level, rows, table, ck["step"], real_train, in_sample, bool(folds))
    with open(os.path.join(a.models, "nodule-unetpp.json"), "w") as f:
        json.dump(man, f, indent=2)
        f.write("\n")
    print(json.dumps(dict(level=level, held_out=rows, in_sample=in_sample,
                          inside=[inside(r, level) for r in rows]), indent=1))


if __name__ == "__main__":
    main()
