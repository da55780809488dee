"""Train the 3D UNet++ nodule model on synthetic nodules; validate on the real LIDC nodules only.

Protocol: training crops hold ONLY synthetic nodules, inserted into the real lung parenchyma of
lidc_idri_0002, lidc_idri_0003 and the lung bases of chaos_ct_liver (placements within 40 mm + R
of a real >= 3 mm nodule are refused, so real nodules never appear in a training crop). 20 % of
crops are negatives (a vessel, parenchyma or pleura at the centre, empty label), teaching the
model to answer "nothing" for a click beside a nodule. Validation = all 5 real nodules (>= 50 %
consensus masks) segmented from a 64^3 crop centred on the consensus centroid, scored per
pruning level after keeping the component at the seed.

Options for experiments (defaults reproduce the shipped model): --init-onnx warm-starts from an exported
model; --real-train CASES adds crops around the real nodules of those LIDC cases (they then leave the
validation set: cross-validation); --swa-from averages late checkpoints; --label-margin, --ggo, --sharp-p,
--ggo-hu, --ggo-diameter, --p-neg, --neg-beside, --p-smooth, --kind-p, --place-p, --central-p, --small-solid-p, --small-vessel-p change the
synthetic mix; --crop-pad reflect mirrors the volume beyond its edge as the app does. Results of each in nodule_README.md.

    nice -n 19 /usr/bin/python3 tools/training/nodule_train.py --minutes 45 --out tools/training/runs/nodule
"""
import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F
from scipy import ndimage

from lidc_cases import EXTRA_CASES, LIDC_CASES, crop, load_volume
from nodule_unetpp3d import UNetPP3D
from synth_nodules import KINDS, PLACES, SYNTH, choose_center, insert, make_nodule, prepare, sample_diameter

WINDOW = (-1000.0, 400.0)
MEAN, STD = -600.0, 400.0
MODEL_ARGS = dict(depth=3, filters=(4, 8, 16, 32))


def normalise(hu):
    return ((np.clip(hu, *WINDOW) - MEAN) / STD).astype(np.float32)


def smoothed(rng, img):
    """Soft-kernel / low-noise look: lung texture and noise are a weak cue when a scan is smooth, not a sign of
    ground glass (the shipped model grew an 8 mm solid sphere on quiet lung to 12 mm)."""
    sxy = rng.uniform(0.5, 2.0)
    return ndimage.gaussian_filter(img.astype(np.float32), (rng.uniform(0, 1.0), sxy, sxy))


TRAIN = dict(crop_pad=-1024, central_p=0.0, small_solid_p=0.0, small_vessel_p=0.0, small_vessel_diameter=(4.0, 14.0))


def training_sample(rng, vols, size, kind_p=(0.5, 0.25, 0.25), p_neg=0.2, neg_beside=0.0, p_smooth=0.0, place_p=(0.4, 0.3, 0.3)):
    w = np.array([0.3, 0.45, 0.25][: len(vols)])
    vol = vols[rng.choice(len(vols), p=w / w.sum())]
    shape = np.array(vol["image"].shape)
    if rng.random() < p_neg:
        which = rng.integers(3)
        pool = [vol["neg_vessel"], vol["neg_deep"], vol["neg_rim"]][which]
        c = pool[rng.integers(len(pool))].astype(float)
        if which == 0 and rng.random() < neg_beside:
            # A click just beside a vessel, where a round cross-section lies within the app's 4 mm search radius.
            d = rng.normal(size=3)
            c = c + d / np.linalg.norm(d) * rng.uniform(1.5, 4.5)
        img, _ = crop(vol["image"], c, size, TRAIN["crop_pad"])
        img = smoothed(rng, img) if rng.random() < p_smooth else img.astype(np.float32)
        return img, np.zeros((size,) * 3, np.uint8)
    D = sample_diameter(rng)
    kind = KINDS[rng.choice(3, p=np.asarray(kind_p) / np.sum(kind_p))]
    if kind == "ggo" and SYNTH["ggo_diameter_mm"]:
        D = sample_diameter(rng, *SYNTH["ggo_diameter_mm"])  # redrawn, so the default keeps the random stream
    place = PLACES[rng.choice(3, p=np.asarray(place_p) / np.sum(place_p))]
    # Extra draws only when asked for, so the defaults keep the shipped random stream.
    if TRAIN["small_solid_p"] > 0 and kind == "solid" and rng.random() < TRAIN["small_solid_p"]:
        D = sample_diameter(rng, 3.5, 8.0)
    if TRAIN["central_p"] > 0 and place == "free" and rng.random() < TRAIN["central_p"]:
        place = "central"
    if TRAIN["small_vessel_p"] > 0 and place == "juxtavascular" and rng.random() < TRAIN["small_vessel_p"]:
        place = "small-vessel"
        D = sample_diameter(rng, *TRAIN["small_vessel_diameter"])
    center = None
    while center is None:
        center = choose_center(rng, vol, place, D / 2, vol["forbid_kji"])
        if center is None:
            place = "free"
    seed = center + rng.uniform(-0.35, 0.35, 3) * D / 2 + rng.normal(0, 1.0, 3)
    seed = np.clip(seed, 0, shape - 1)
    img, c0 = crop(vol["image"], seed, size, TRAIN["crop_pad"])
    lung, _ = crop(vol["lung"], seed, size, "reflect" if TRAIN["crop_pad"] == "reflect" else False)
    # Smoothing the background before insertion keeps the nodule's own edge model (its PSF) intact.
    img = smoothed(rng, img) if rng.random() < p_smooth else img.astype(np.float32)
    box = int(min(2 * D + 20, 72)) | 1
    hu, occ, lab = make_nodule(rng, D, kind, box, vol["slice_mm"])
    label = insert(img, lung, center - c0, hu, occ, lab, rng)
    if rng.random() < 0.15:  # a second, unrelated nodule elsewhere in the crop
        D2 = sample_diameter(rng) * 0.6
        c2 = choose_center(rng, vol, "free", D2 / 2, vol["forbid_kji"])
        if c2 is not None and np.all(np.abs(c2 - seed) < size / 2 - 2):
            hu, occ, lab = make_nodule(rng, D2, KINDS[rng.integers(3)], int(2 * D2 + 20) | 1, vol["slice_mm"])
            label |= insert(img, lung, c2 - c0, hu, occ, lab, rng)
    return img, label.astype(np.uint8)


def real_sample(rng, vols, size):
    """A crop around one real annotated nodule of a training case, with the seed off-centre as a user's
    click would be, and a random isotropic zoom (0.8-1.25) so a handful of nodules covers more sizes."""
    vol, n = _pick_real(rng, vols)
    c = vol["centroids"][n["value"]]
    D = n["diameter_mm"] or 10.0
    seed = c + rng.uniform(-0.3, 0.3, 3) * D / 2 + rng.normal(0, 1.0, 3)
    zoom = float(np.exp(rng.uniform(np.log(0.8), np.log(1.25)))) if rng.random() < 0.5 else 1.0
    src = int(np.ceil(size / zoom)) + 2
    img, _ = crop(vol["image"], seed, src, -1024)
    lab, _ = crop(vol["labels"], seed, src, 0)
    lab = lab > 0
    if zoom != 1.0:
        img = ndimage.zoom(img.astype(np.float32), zoom, order=1)
        lab = ndimage.zoom(lab.astype(np.float32), zoom, order=1) >= 0.5
    img, _ = crop(img.astype(np.float32), (np.array(img.shape) - 1) / 2, size, -1024)
    lab, _ = crop(lab, (np.array(lab.shape) - 1) / 2, size, False)
    return img, lab.astype(np.uint8)


def _pick_real(rng, vols):
    pool = [(v, n) for v in vols for n in v["nodules"]]
    return pool[rng.integers(len(pool))]


def augment(rng, img, lab):
    for ax in range(3):
        if rng.random() < 0.5:
            img, lab = np.flip(img, ax), np.flip(lab, ax)
    if rng.random() < 0.5:
        img, lab = np.swapaxes(img, 1, 2), np.swapaxes(lab, 1, 2)
    img = img * rng.uniform(0.97, 1.03) + rng.normal(0, 15)
    return np.ascontiguousarray(img), np.ascontiguousarray(lab)


def loss_fn(outs, target):
    total = 0.0
    t1 = (target == 1).float()
    for o in outs:
        ce = F.cross_entropy(o, target)
        p = torch.softmax(o, 1)[:, 1]
        # Batch Dice (sums over the whole batch): a negative crop alone does not drive p to zero everywhere.
        inter = (p * t1).sum()
        dice = 1 - (2 * inter + 1) / (p.sum() + t1.sum() + 1)
        total = total + ce + dice
    return total / len(outs)


def component_at_seed(mask, seed):
    """The connected component containing the seed voxel, else the nearest one (within 5 voxels)."""
    lab, n = ndimage.label(mask)
    if n == 0:
        return np.zeros_like(mask)
    k, j, i = seed
    v = lab[k, j, i]
    if v == 0:
        d, idx = ndimage.distance_transform_edt(lab == 0, return_indices=True)
        if d[k, j, i] > 5:
            return np.zeros_like(mask)
        v = lab[idx[0][k, j, i], idx[1][k, j, i], idx[2][k, j, i]]
    return lab == v


def dice(a, b):
    s = a.sum() + b.sum()
    return 1.0 if s == 0 else float(2 * (a & b).sum() / s)


def validation_crops(vols, size=64):
    out = []
    for vol in vols:
        for n in vol["nodules"]:
            c = np.argwhere(vol["labels"] == n["value"]).mean(0)
            img, _ = crop(vol["image"], c, size, -1024)
            lab, _ = crop(vol["labels"], c, size, 0)
            out.append(dict(case=vol["case"], nodule=n, image=normalise(img.astype(np.float32)),
                            label=lab == n["value"]))
    return out


def predict_mirrored(net, x):
    """P(nodule) per head, averaged over the crop and its mirrors along x, y and z, as the app runs its final crop."""
    probs = [torch.softmax(o, 1)[:, 1] for o in net(x)]
    for dim in (2, 3, 4):
        for L, o in enumerate(net(torch.flip(x, (dim,)))):
            probs[L] = probs[L] + torch.flip(torch.softmax(o, 1)[:, 1], (dim - 1,))
    return [p / 4 for p in probs]


def evaluate(net, crops):
    net.eval()
    res = []
    with torch.no_grad():
        for c in crops:
            probs = predict_mirrored(net, torch.from_numpy(c["image"])[None, None])
            seed = tuple(s // 2 for s in c["image"].shape)
            row = dict(case=c["case"], id=c["nodule"]["id"], reader_range_ml=c["nodule"]["reader_range_ml"],
                       consensus_ml=round(float(c["label"].sum()) / 1000, 3))
            for L, p in enumerate(probs, 1):
                m = component_at_seed(p[0].numpy() > 0.5, seed)
                row[f"dice_L{L}"] = round(dice(m, c["label"]), 4)
                row[f"ml_L{L}"] = round(float(m.sum()) / 1000, 3)
            res.append(row)
    net.train()
    return res


def validated_checkpoint(net, real, step, real_train):
    """The checkpoint dict of the current weights, with their per-nodule rows and mean Dice per level."""
    res = evaluate(net, real) if real else []
    means = {L: float(np.mean([r[f"dice_L{L}"] for r in res])) if res else 0.0 for L in range(1, net.depth + 1)}
    return dict(state_dict=net.state_dict(), model_args=MODEL_ARGS, step=step, val=res, mean_dice=means,
                window=WINDOW, mean=MEAN, std=STD, real_train=real_train)


def load_onnx_weights(net, path):
    """Copies the initializers of an exported Pruned(net, L) ONNX into net; returns how many tensors matched."""
    import onnx
    from onnx import numpy_helper
    state = net.state_dict()
    n = 0
    for t in onnx.load(path).graph.initializer:
        key = t.name[4:] if t.name.startswith("net.") else t.name
        if key in state and tuple(state[key].shape) == tuple(t.dims):
            state[key] = torch.from_numpy(numpy_helper.to_array(t).copy())
            n += 1
    net.load_state_dict(state)
    return n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=45)
    ap.add_argument("--steps", type=int, default=10 ** 9)
    ap.add_argument("--sizes", default="32,48", help="crop sizes drawn per step (fully convolutional net)")
    ap.add_argument("--size-p", default="0.6,0.4")
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--eval-every", type=int, default=100)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--init", default="", help="warm start from a checkpoint's weights")
    ap.add_argument("--init-onnx", default="", help="warm start from an exported ONNX (nodes it lacks stay random)")
    ap.add_argument("--real-train", default="", help="comma list of LIDC cases whose real nodules join training")
    ap.add_argument("--p-real", type=float, default=0.3, help="share of crops drawn around a real training nodule")
    ap.add_argument("--swa-from", type=float, default=0.0,
                    help="average the weights of every evaluation after this share of the budget (0 = off) into swa.pt")
    ap.add_argument("--label-margin", type=float, default=0.5, help="synthetic label margin outside the surface, mm")
    ap.add_argument("--ggo", choices=("uniform", "mottled"), default="uniform", help="synthetic ground-glass style")
    ap.add_argument("--ggo-hu", default="-720,-420",
                    help="uniform ground glass mean HU range (LIDC's two real ground-glass nodules have medians -728 and -683)")
    ap.add_argument("--ggo-diameter", default="",
                    help="MIN,MAX mm of pure ground-glass nodules (default: the common 3.5-30 mm); those found are often large")
    ap.add_argument("--sharp-p", type=float, default=0.0, help="share of synthetic nodules with a sharp-kernel edge")
    ap.add_argument("--p-neg", type=float, default=0.2, help="share of nodule-free crops (vessel, parenchyma, pleura)")
    ap.add_argument("--neg-beside", type=float, default=0.0,
                    help="share of vessel negatives whose click is 1.5-4.5 mm beside the vessel, not on it")
    ap.add_argument("--p-smooth", type=float, default=0.0, help="share of synthetic crops whose background is smoothed before insertion")
    ap.add_argument("--kind-p", default="0.5,0.25,0.25", help="synthetic solid,ggo,part-solid mix")
    ap.add_argument("--place-p", default="0.4,0.3,0.3", help="synthetic free,juxtavascular,juxtapleural mix")
    ap.add_argument("--central-p", type=float, default=0.0,
                    help="share of free placements moved to >= 20 mm from the pleura (no chest wall in the crop)")
    ap.add_argument("--small-solid-p", type=float, default=0.0, help="share of solid nodules redrawn at 3.5-8 mm")
    ap.add_argument("--small-vessel-p", type=float, default=0.0,
                    help="share of juxtavascular nodules moved onto a 3-6 mm vessel, diameter redrawn at 4-14 mm")
    ap.add_argument("--crop-pad", choices=("air", "reflect"), default="air",
                    help="what a training crop holds beyond the volume: air (-1024 HU) or the volume mirrored, as the app reads it")
    ap.add_argument("--select", choices=("best", "last"), default="best",
                    help="last: no real nodule is left to validate on, so the run length decides")
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "runs", "nodule"))
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    SYNTH.update(label_margin_mm=a.label_margin, ggo=a.ggo, sharp_p=a.sharp_p,
                 ggo_hu=tuple(float(v) for v in a.ggo_hu.split(",")),
                 ggo_diameter_mm=tuple(float(v) for v in a.ggo_diameter.split(",")) if a.ggo_diameter else None)
    TRAIN.update(crop_pad=-1024 if a.crop_pad == "air" else "reflect", central_p=a.central_p, small_solid_p=a.small_solid_p,
                 small_vessel_p=a.small_vessel_p)
    torch.manual_seed(a.seed)
    rng = np.random.default_rng(a.seed)
    os.makedirs(a.out, exist_ok=True)
    log = open(os.path.join(a.out, "log.jsonl"), "a")

    def emit(**kw):
        kw["t"] = round(time.time() - t0, 1)
        line = json.dumps(kw)
        print(line, flush=True)
        log.write(line + "\n")
        log.flush()

    t0 = time.time()
    vols = [prepare(load_volume(c)) for c in list(LIDC_CASES) + list(EXTRA_CASES)]
    real_train = [c for c in a.real_train.split(",") if c]
    assert all(c in LIDC_CASES for c in real_train), real_train
    lidc = vols[: len(LIDC_CASES)]
    for v in lidc:
        v["centroids"] = {n["value"]: np.argwhere(v["labels"] == n["value"]).mean(0) for n in v["nodules"]}
    train_real = [v for v in lidc if v["case"] in real_train]
    real = validation_crops([v for v in lidc if v["case"] not in real_train])
    net = UNetPP3D(**MODEL_ARGS)
    if a.init:
        net.load_state_dict(torch.load(a.init, map_location="cpu")["state_dict"])
    if a.init_onnx:
        emit(event="init_onnx", loaded=load_onnx_weights(net, a.init_onnx))
    opt = torch.optim.AdamW(net.parameters(), lr=a.lr, weight_decay=1e-4)
    budget = a.minutes * 60
    sizes = [int(v) for v in a.sizes.split(",")]
    kind_p = [float(v) for v in a.kind_p.split(",")]
    place_p = [float(v) for v in a.place_p.split(",")]
    size_p = np.array([float(v) for v in a.size_p.split(",")])
    size_p /= size_p.sum()
    best = -1.0
    step = 0
    swa, swa_n = None, 0
    emit(event="start", params=sum(p.numel() for p in net.parameters()), args=vars(a))
    while step < a.steps and time.time() - t0 < budget:
        frac = min((time.time() - t0) / budget, 1.0)
        for g in opt.param_groups:
            g["lr"] = a.lr * (0.05 + 0.95 * 0.5 * (1 + np.cos(np.pi * frac)))
        xs, ys = [], []
        size = int(rng.choice(sizes, p=size_p))
        for _ in range(a.batch):
            draw = real_sample if train_real and rng.random() < a.p_real else None
            sample = (draw(rng, train_real, size) if draw else
                      training_sample(rng, vols, size, kind_p, a.p_neg, a.neg_beside, a.p_smooth, place_p))
            img, lab = augment(rng, *sample)
            xs.append(normalise(img))
            ys.append(lab)
        x = torch.from_numpy(np.stack(xs))[:, None]
        y = torch.from_numpy(np.stack(ys)).long()
        loss = loss_fn(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        step += 1
        if step % 10 == 0:
            emit(event="step", step=step, loss=round(float(loss), 4), lr=round(opt.param_groups[0]["lr"], 6))
        last = not (step < a.steps and time.time() - t0 < budget)
        if step % a.eval_every == 0 or last:
            ck = validated_checkpoint(net, real, step, real_train)
            means = ck["mean_dice"]
            score = max(means.values()) if a.select == "best" else step
            emit(event="val", step=step, mean_dice={f"L{k}": round(v, 4) for k, v in means.items()}, per_nodule=ck["val"])
            torch.save(ck, os.path.join(a.out, "last.pt"))
            if score > best:
                best = score
                torch.save(ck, os.path.join(a.out, "best.pt"))
                emit(event="best", step=step, score=round(score, 4))
            if a.swa_from > 0 and frac >= a.swa_from:
                sd = {k: v.detach().clone().float() for k, v in net.state_dict().items()}
                swa = sd if swa is None else {k: swa[k] + sd[k] for k in swa}
                swa_n += 1
    if swa is not None:
        # Instance norm keeps no running statistics, so averaged weights need no re-estimation pass.
        net.load_state_dict({k: v / swa_n for k, v in swa.items()})
        ck = dict(validated_checkpoint(net, real, step, real_train), swa_of=swa_n)
        emit(event="val_swa", step=step, averaged=swa_n,
             mean_dice={f"L{k}": round(v, 4) for k, v in ck["mean_dice"].items()}, per_nodule=ck["val"])
        torch.save(ck, os.path.join(a.out, "swa.pt"))
    emit(event="done", step=step, best=round(best, 4))


if __name__ == "__main__":
    main()
