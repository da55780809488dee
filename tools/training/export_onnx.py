"""Export a trained U2Net3D to ONNX (opset 17) and check it against PyTorch.

Inputs: image float32 [1,1,D,H,W] (D, H, W dynamic; multiples of 8), domain int64 [1].
Output: logits float32 [1,2,D,H,W].

The check runs the ONNX file with onnxruntime (Python) if installed, else with
onnxruntime-node from the repository's node_modules (`node` on PATH), on a real
patch for every domain, and reports the max abs difference of the logits.

  /usr/bin/python3 tools/training/export_onnx.py --ckpt RUN/best.pt --out models/liver-u2net.onnx
"""
import argparse
import json
import os
import subprocess
import tempfile

import numpy as np
import torch

import u2net3d
from u2net3d import Exportable, U2Net3D

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def export(net, path, patch):
    u2net3d.DENSE_DEPTHWISE = False  # true grouped (depthwise) conv in the graph
    net.eval()
    m = Exportable(net).eval()
    x = torch.zeros(1, 1, *patch)
    d = torch.tensor([0], dtype=torch.int64)
    dyn = {"image": {2: "D", 3: "H", 4: "W"}, "logits": {2: "D", 3: "H", 4: "W"}}
    torch.onnx.export(m, (x, d), path, input_names=["image", "domain"], output_names=["logits"],
                      dynamic_axes=dyn, opset_version=17, do_constant_folding=True)
    return os.path.getsize(path)


_NODE_CHECK = r"""
const ort = require('onnxruntime-node');
const fs = require('fs');
(async () => {
  const [model, dir, shapeJson, nDom] = process.argv.slice(1);
  const shape = JSON.parse(shapeJson);
  const s = await ort.InferenceSession.create(model);
  const buf = fs.readFileSync(dir + '/image.bin');
  const img = new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4);
  const out = {};
  for (let d = 0; d < Number(nDom); d++) {
    const t0 = Date.now();
    const r = await s.run({ image: new ort.Tensor('float32', img, shape),
                            domain: new ort.Tensor('int64', BigInt64Array.from([BigInt(d)]), [1]) });
    const ms = Date.now() - t0;
    const ref = fs.readFileSync(dir + '/ref' + d + '.bin');
    const rf = new Float32Array(ref.buffer, ref.byteOffset, ref.length / 4);
    const got = r.logits.data;
    let m = 0;
    for (let i = 0; i < rf.length; i++) m = Math.max(m, Math.abs(rf[i] - got[i]));
    out[d] = { maxAbsDiff: m, dims: r.logits.dims, ms };
  }
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
"""


def verify(net, path, patch_img, n_domains=2):
    """patch_img: float32 [1,1,D,H,W] (a normalised real patch). Returns {domain: maxAbsDiff}."""
    u2net3d.DENSE_DEPTHWISE = False
    net.eval()
    refs = []
    with torch.no_grad():
        for d in range(n_domains):
            refs.append(net(torch.from_numpy(patch_img), torch.tensor([d])).numpy())
    try:
        import onnxruntime as ort  # noqa

        s = ort.InferenceSession(path)
        res = {}
        for d in range(n_domains):
            got = s.run(["logits"], {"image": patch_img, "domain": np.array([d], np.int64)})[0]
            res[d] = dict(maxAbsDiff=float(np.abs(got - refs[d]).max()), via="onnxruntime-python")
        return res
    except ImportError:
        pass
    if not os.path.isdir(os.path.join(REPO, "node_modules", "onnxruntime-node")):
        return {"error": "no onnxruntime (python) and no node_modules/onnxruntime-node"}
    with tempfile.TemporaryDirectory() as tmp:
        patch_img.astype(np.float32).tofile(os.path.join(tmp, "image.bin"))
        for d in range(n_domains):
            refs[d].astype(np.float32).tofile(os.path.join(tmp, f"ref{d}.bin"))
        r = subprocess.run(["node", "-e", _NODE_CHECK, os.path.abspath(path), tmp,
                            json.dumps(list(patch_img.shape)), str(n_domains)],
                           cwd=REPO, capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            return {"error": r.stderr[-2000:]}
        res = json.loads(r.stdout.strip().splitlines()[-1])
        for v in res.values():
            v["via"] = "onnxruntime-node"
        return res


def load_ckpt(path):
    ck = torch.load(path, map_location="cpu")
    net = U2Net3D(**ck["model_args"])
    net.load_state_dict(ck["state_dict"])
    return net.eval(), ck


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    net, ck = load_ckpt(a.ckpt)
    patch = ck["patch"]
    size = export(net, a.out, patch)
    rng = np.random.default_rng(0)
    x = rng.normal(0, 1, (1, 1, *patch)).astype(np.float32)
    print("bytes", size, verify(net, a.out, x))
