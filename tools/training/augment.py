"""Patch sampling and augmentation (torch, CPU).

Spatial: random crop (2/3 centred on liver), rotation (+-15 deg about z, +-5 deg about
x/y), scaling 0.85-1.2. No left-right flip: the liver sits on the patient's right.
Intensity: CT in HU before windowing (affine: scale 0.8-1.25 about a random centre,
shift +-60 HU), then gamma on the window, Gaussian noise, blur, simulated low
resolution. MR in z-score units (scale, shift, gamma, noise, blur, low resolution).
"""
import math

import numpy as np
import torch
import torch.nn.functional as F

from data import CT_MEAN, CT_STD, CT_WINDOW


def rotation(ax, ay, az):
    cx, sx, cy, sy, cz, sz = math.cos(ax), math.sin(ax), math.cos(ay), math.sin(ay), math.cos(az), math.sin(az)
    rx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    rz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return rz @ ry @ rx


def sample_patch(vol, lab, patch, rng, fg_prob=0.67, augment=True):
    """vol, lab: torch [D,H,W] (vol already in the domain's working units: HU for CT,
    z-score for MR). Returns image [1,d,h,w] and label [d,h,w] (long)."""
    D, H, W = vol.shape
    d, h, w = patch
    if rng.random() < fg_prob and lab.any():
        idx = torch.nonzero(lab)
        c = idx[rng.integers(len(idx))].numpy().astype(float)
    else:
        c = np.array([rng.uniform(0, D - 1), rng.uniform(0, H - 1), rng.uniform(0, W - 1)])
    c += rng.normal(0, 4, 3) if augment else 0
    # matrix in voxel units (x=W, y=H, z=D order for the rotation)
    if augment:
        R = rotation(*np.deg2rad([rng.uniform(-5, 5), rng.uniform(-5, 5), rng.uniform(-15, 15)]))
        s = rng.uniform(0.85, 1.2) * np.exp(rng.uniform(-0.07, 0.07, 3))
        A = R @ np.diag(s)
    else:
        A = np.eye(3)
    # output voxel offsets (x, y, z) relative to the patch centre
    zz, yy, xx = torch.meshgrid(torch.arange(d) - (d - 1) / 2, torch.arange(h) - (h - 1) / 2,
                                torch.arange(w) - (w - 1) / 2, indexing="ij")
    off = torch.stack([xx, yy, zz], -1).reshape(-1, 3).double() @ torch.from_numpy(A.T)
    src = off + torch.tensor([c[2], c[1], c[0]], dtype=torch.float64)
    size = torch.tensor([W, H, D], dtype=torch.float64)
    grid = (2 * src + 1) / size - 1  # align_corners=False
    grid = grid.reshape(1, d, h, w, 3).float()
    bg = float(vol.min())
    img = F.grid_sample((vol - bg)[None, None], grid, mode="bilinear", padding_mode="zeros",
                        align_corners=False)[0] + bg
    lb = F.grid_sample(lab[None, None].float(), grid, mode="bilinear", padding_mode="zeros",
                       align_corners=False)[0, 0] >= 0.5
    return img, lb.long()


def _blur(x, sigma):
    r = max(1, int(math.ceil(2 * sigma)))
    t = torch.arange(-r, r + 1, dtype=torch.float32)
    k = torch.exp(-t ** 2 / (2 * sigma ** 2))
    k = k / k.sum()
    x = x[None]
    x = F.conv3d(F.pad(x, (r, r, 0, 0, 0, 0), mode="replicate"), k.reshape(1, 1, 1, 1, -1))
    x = F.conv3d(F.pad(x, (0, 0, r, r, 0, 0), mode="replicate"), k.reshape(1, 1, 1, -1, 1))
    x = F.conv3d(F.pad(x, (0, 0, 0, 0, r, r), mode="replicate"), k.reshape(1, 1, -1, 1, 1))
    return x[0]


def _lowres(x, rng):
    d, h, w = x.shape[1:]
    f = rng.uniform(1.3, 2.2)
    fz = f if rng.random() < 0.5 else 1.0
    small = F.interpolate(x[None], size=(max(2, int(d / fz)), max(2, int(h / f)), max(2, int(w / f))),
                          mode="trilinear", align_corners=False)
    return F.interpolate(small, size=(d, h, w), mode="trilinear", align_corners=False)[0]


def intensity_ct(img_hu, rng):
    """HU patch -> normalised patch with CT augmentation."""
    x = img_hu
    if rng.random() < 0.9:
        c = rng.uniform(0, 100)
        x = (x - c) * rng.uniform(0.8, 1.25) + c + rng.uniform(-60, 60)
    lo, hi = CT_WINDOW
    x = torch.clamp(x, lo, hi)
    if rng.random() < 0.5:
        u = (x - lo) / (hi - lo)
        x = lo + (hi - lo) * u ** float(np.exp(rng.uniform(-0.4, 0.4)))
    x = (x - CT_MEAN) / CT_STD
    return _common(x, rng)


def intensity_mr(img_z, rng):
    x = img_z
    if rng.random() < 0.9:
        x = x * rng.uniform(0.8, 1.25) + rng.uniform(-0.3, 0.3)
    if rng.random() < 0.5:
        lo, hi = float(x.min()), float(x.max())
        u = (x - lo) / max(hi - lo, 1e-6)
        x = lo + (hi - lo) * u ** float(np.exp(rng.uniform(-0.4, 0.4)))
    return _common(x, rng)


def _common(x, rng):
    if rng.random() < 0.2:
        x = _blur(x, rng.uniform(0.5, 1.2))
    if rng.random() < 0.2:
        x = _lowres(x, rng)
    if rng.random() < 0.5:
        x = x + torch.randn_like(x) * rng.uniform(0, 0.15)
    return x


def thin_slab(img, lab, rng, pad_value, min_slices=8, max_slices=24):
    """Keeps a random run of slices and moves it to the start of the patch, padding the rest the
    way inference pads a volume thinner than the patch (normalised minimum at the end of the z axis).
    Teaches the net thin slabs (a 40 mm DICOM slab is 13 slices at 3 mm) and instance-norm
    statistics over a patch that is mostly padding."""
    d = img.shape[1]
    t = int(rng.integers(min_slices, min(max_slices, d - 1) + 1))
    z0 = int(rng.integers(0, d - t + 1))
    out = torch.full_like(img, pad_value)
    out[:, :t] = img[:, z0:z0 + t]
    lb = torch.zeros_like(lab)
    lb[:t] = lab[z0:z0 + t]
    return out, lb
