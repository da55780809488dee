"""Whole-volume inference at model spacing, as the Lobus engine does it:
normalise the volume, pad it to at least one patch with the normalised volume's
minimum, slide patches with the manifest overlap, average the softmax, argmax,
then keep the largest component and fill holes."""
import numpy as np
import torch
from scipy import ndimage

from data import normalise


def _starts(n, p, step):
    if n <= p:
        return [0]
    s = list(range(0, n - p + 1, step))
    if s[-1] != n - p:
        s.append(n - p)
    return s


@torch.no_grad()
def sliding_window(net, vol_norm, domain, patch, overlap=0.5):
    """vol_norm: [D,H,W] float32 normalised. Returns liver probability [D,H,W]."""
    shape = np.array(vol_norm.shape)
    padded = np.maximum(shape, patch)
    x = np.full(padded, vol_norm.min(), np.float32)
    x[:shape[0], :shape[1], :shape[2]] = vol_norm
    x = torch.from_numpy(x)
    prob = torch.zeros(tuple(padded))
    cnt = torch.zeros(tuple(padded))
    steps = [max(1, int(round(p * (1 - overlap)))) for p in patch]
    dom = torch.tensor([domain], dtype=torch.int64)
    for z in _starts(padded[0], patch[0], steps[0]):
        for y in _starts(padded[1], patch[1], steps[1]):
            for xx in _starts(padded[2], patch[2], steps[2]):
                sl = (slice(z, z + patch[0]), slice(y, y + patch[1]), slice(xx, xx + patch[2]))
                logits = net(x[sl][None, None], dom)
                prob[sl] += torch.softmax(logits, 1)[0, 1]
                cnt[sl] += 1
    prob = prob / cnt
    return prob[:shape[0], :shape[1], :shape[2]].numpy()


def postprocess(mask):
    lab, n = ndimage.label(mask)
    if n > 1:
        sizes = ndimage.sum(mask, lab, range(1, n + 1))
        mask = lab == (1 + int(np.argmax(sizes)))
    return ndimage.binary_fill_holes(mask)


def evaluate(net, case, patch, overlap=0.5, post=True):
    net.eval()
    domain = 1 if case["modality"] == "MR" else 0
    prob = sliding_window(net, normalise(case["image"], case["modality"]), domain, patch, overlap)
    pred = prob >= 0.5
    if post:
        pred = postprocess(pred)
    ref = case["label"] > 0
    inter = np.logical_and(pred, ref).sum()
    dice = 2 * inter / max(pred.sum() + ref.sum(), 1)
    vox_ml = case["spacing"] ** 3 / 1000.0
    vol_err = 100.0 * (pred.sum() - ref.sum()) / max(ref.sum(), 1)
    return dict(case=case["case"], modality=case["modality"], dice=round(float(dice), 4),
                volumeErrorPct=round(float(vol_err), 1), pred_ml=round(float(pred.sum() * vox_ml), 1),
                ref_ml=round(float(ref.sum() * vox_ml), 1))
