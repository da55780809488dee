"""Synthetic lung nodules inserted into real chest CT parenchyma (1 mm model grid).

A nodule is a star-shaped body r(u) = R * (1 + lobes(u)) (u: unit direction, after a random
rotation and anisotropic scaling), optionally with spicules (tapered segments leaving the
surface) and, for part-solid nodules, a solid core; large solid ones may be cavitated.
Texture is a constant HU plus smooth noise; the soft occupancy is a 1-voxel linear ramp of the
signed radial distance, blurred by a Gaussian PSF (wider along z for thick-slice sources) to give
partial-volume edges. Insertion only ever raises HU (vessels crossing a ground-glass nodule stay
visible): out = max(bg, (1 - a) * bg + a * hu).

Kinds: solid (0..60 HU), ground-glass (-700..-400), part-solid (GGO + solid core);
3..30 mm; round, lobulated or spiculated; placed free (inside the lung), juxtavascular (touching
a vessel) or juxtapleural (centre near the lung border; the part outside the lung is dropped
from the label, since chest wall and nodule have the same density there).

The label is the body and spicules up to SYNTH["label_margin_mm"] outside the object surface (default
+0.5 mm: LIDC readers draw just outside the nodule), intersected with the lung mask.

SYNTH holds the knobs that nodule_train.py sets from its flags; the defaults are the shipped model's.
Tried on 2026-12-01 and not shipped (see nodule_README.md): a 1.0 mm margin, faint mottled ground
glass ("mottled": HU down to -800, occupancy modulated by a smooth random field) and 15 % sharp-kernel
nodules with almost no in-plane blur.
"""
import numpy as np
from scipy import ndimage

SYNTH = dict(label_margin_mm=0.5, ggo="uniform", sharp_p=0.0, ggo_hu=(-720.0, -420.0), ggo_diameter_mm=None)

KINDS = ("solid", "ggo", "part-solid")
PLACES = ("free", "juxtavascular", "juxtapleural")
CENTRAL_MM = 20.0
# Vessels of 3-6 mm calibre (local radius 1.5-3 voxels at 1 mm): where small juxtavascular nodules were missed
# (noduleJuxtavascular, nodule_README 2026-12-07); a vessel-weighted draw lands mostly on large hilar vessels.
SMALL_VESSEL_RADIUS_MM = (1.5, 3.0)


def _rotation(rng):
    q = rng.normal(size=4)
    q /= np.linalg.norm(q)
    a, b, c, d = q
    return np.array([[a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
                     [2 * (b * c + a * d), a * a - b * b + c * c - d * d, 2 * (c * d - a * b)],
                     [2 * (b * d - a * c), 2 * (c * d + a * b), a * a - b * b - c * c + d * d]])


def _unit(rng, n):
    v = rng.normal(size=(n, 3))
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _body_distance(off, R, rng, lobulation):
    """Signed radial distance (mm, < 0 inside) of a lobulated ellipsoid; off: [..., 3] mm."""
    rot = _rotation(rng)
    axes = np.clip(rng.normal(1.0, 0.12, size=3), 0.7, 1.3)
    p = (off @ rot.T) / axes
    rho = np.linalg.norm(p, axis=-1) + 1e-6
    u = p / rho[..., None]
    r = np.ones(rho.shape)
    if lobulation > 0:
        for d in _unit(rng, rng.integers(3, 9)):
            kappa = rng.uniform(3, 10)
            r += lobulation * rng.uniform(0.3, 1.0) * (np.exp(kappa * (u @ d - 1)) - 1 / kappa)
    r = R * np.clip(r, 0.5, 1.6)
    return (rho - r) * np.minimum(axes.min(), 1.0), rot, axes


def _spicule_occupancy(off, R, rng, n):
    occ = np.zeros(off.shape[:-1])
    for d in _unit(rng, n):
        start = d * R * 0.8
        length = R * rng.uniform(0.3, 1.1) + rng.uniform(2, 8)
        end = start + d * length
        t0 = rng.uniform(0.6, 1.4)
        seg = end - start
        t = np.clip(((off - start) @ seg) / (seg @ seg), 0, 1)
        dist = np.linalg.norm(off - (start + t[..., None] * seg), axis=-1)
        radius = t0 * (1 - 0.8 * t)
        occ = np.maximum(occ, np.clip(radius - dist + 0.5, 0, 1))
    return occ


def make_nodule(rng, diameter, kind, box, spacing_z_mm=1.0):
    """Returns (hu [box^3], occupancy a [box^3] in 0..1 with PSF, label bool [box^3]) centred in the box."""
    R = diameter / 2
    c = (box - 1) / 2
    g = np.stack(np.meshgrid(*[np.arange(box) - c] * 3, indexing="ij"), -1).astype(np.float32)  # k, j, i
    off = g[..., ::-1]  # (x, y, z) mm offsets on the 1 mm grid
    style = rng.choice(["round", "lobulated", "spiculated"], p=[0.35, 0.35, 0.3])
    lob = {"round": rng.uniform(0, 0.08), "lobulated": rng.uniform(0.12, 0.35), "spiculated": rng.uniform(0.05, 0.25)}[style]
    dist, _, _ = _body_distance(off, R, rng, lob)
    body = np.clip(0.5 - dist, 0, 1)
    occ = body
    label = dist <= SYNTH["label_margin_mm"]
    if style == "spiculated" and R > 2.5:
        sp = _spicule_occupancy(off, R, rng, rng.integers(3, 12))
        occ = np.maximum(occ, sp)
        label |= sp >= 0.35
    smooth = ndimage.gaussian_filter(rng.normal(size=occ.shape), 1.5)
    smooth /= max(float(smooth.std()), 1e-6)
    if kind == "solid":
        hu = rng.uniform(-20, 60) + rng.uniform(8, 25) * smooth
    elif kind == "ggo":
        if SYNTH["ggo"] == "mottled":
            hu = rng.uniform(-800, -450) + rng.uniform(30, 90) * smooth
            mottle = ndimage.gaussian_filter(rng.normal(size=occ.shape), rng.uniform(0.8, 1.6))
            mottle /= max(float(mottle.std()), 1e-6)
            occ = occ * np.clip(rng.uniform(0.6, 0.9) + rng.uniform(0.15, 0.4) * mottle, 0.2, 1.0)
        else:
            hu = rng.uniform(*SYNTH["ggo_hu"]) + rng.uniform(20, 60) * smooth
    else:
        hu = rng.uniform(-700, -450) + rng.uniform(20, 50) * smooth
        cd, _, _ = _body_distance(off - rng.normal(0, R * 0.15, 3), R * rng.uniform(0.25, 0.6), rng, 0.15)
        core = np.clip(0.5 - cd, 0, 1) * (dist < 0)
        hu = hu * (1 - core) + core * (rng.uniform(-20, 50) + 15 * smooth)
    if kind == "solid" and R > 8 and rng.random() < 0.2:
        cav, _, _ = _body_distance(off - rng.normal(0, R * 0.1, 3), R * rng.uniform(0.2, 0.45), rng, 0.1)
        cavity = np.clip(0.5 - cav, 0, 1)
        hu = hu * (1 - cavity) + cavity * rng.uniform(-950, -800)
    # Scanner PSF / partial volume: in-plane ~0.6 mm, along z about the source slice thickness.
    # A sharp (bone/lung) kernel or a synthetic phantom leaves almost no in-plane blur.
    sig_xy = 0.15 if SYNTH["sharp_p"] and rng.random() < SYNTH["sharp_p"] else rng.uniform(0.4, 0.9)
    sig_z = max(sig_xy, spacing_z_mm / 2.355 * rng.uniform(0.8, 1.2))
    occ = ndimage.gaussian_filter(occ.astype(np.float32), (sig_z, sig_xy, sig_xy))
    hu = ndimage.gaussian_filter(hu.astype(np.float32), 0.5)
    return hu.astype(np.float32), occ.astype(np.float32), label


def insert(image, lung, center_kji, hu, occ, label, rng):
    """In-place insertion into a HU crop `image` (float32); returns the nodule label in crop coords."""
    box = hu.shape[0]
    c0 = np.round(np.asarray(center_kji) - (box - 1) / 2).astype(int)
    lo = np.maximum(c0, 0)
    hi = np.minimum(c0 + box, image.shape)
    out_label = np.zeros(image.shape, bool)
    if np.any(hi <= lo):
        return out_label
    s = tuple(slice(a, b) for a, b in zip(lo, hi))
    t = tuple(slice(a - o, b - o) for a, b, o in zip(lo, hi, c0))
    bg = image[s]
    a = occ[t]
    noise = rng.normal(0, rng.uniform(10, 35), size=a.shape).astype(np.float32)
    blended = (1 - a) * bg + a * (hu[t] + noise)
    image[s] = np.maximum(bg, blended)
    out_label[s] = label[t] & lung[s]
    return out_label


def sample_diameter(rng, lo=3.5, hi=30.0):
    # Log-uniform 3..30 mm: small nodules are common, large ones need to be seen too.
    return float(np.exp(rng.uniform(np.log(lo), np.log(hi))))


def choose_center(rng, vol, place, R, forbid_kji, margin=40):
    """A centre (k, j, i) on the volume grid for a nodule of radius R placed `place`."""
    lung = vol["lung"]
    dist_in = vol["dist_in"]
    for _ in range(200):
        if place == "central":
            cand = vol["central_idx"]
        elif place == "small-vessel":
            cand = small_vessel_idx(vol)
        elif place == "free":
            cand = vol["deep_idx"]
        elif place == "juxtapleural":
            cand = vol["lung_idx"]
        else:
            cand = vol["vessel_idx"]
        p = cand[rng.integers(len(cand))].astype(float)
        if place == "juxtapleural":
            p = p + rng.normal(0, 0.5, 3)
        elif place == "juxtavascular":
            d = _unit(rng, 1)[0]
            p = p + d * (R * rng.uniform(0.7, 1.1))
        elif place == "small-vessel":
            # The vessel runs through the nodule's edge or just beside it, as on noduleJuxtavascular's balls.
            d = _unit(rng, 1)[0]
            p = p + d * max(R * rng.uniform(0.5, 1.0), 1.0)
        k, j, i = np.round(p).astype(int)
        if not (0 <= k < lung.shape[0] and 0 <= j < lung.shape[1] and 0 <= i < lung.shape[2]):
            continue
        if not lung[k, j, i]:
            continue
        if place in ("free", "central") and dist_in[k, j, i] < min(R, 8):
            continue
        # Juxtapleural: the body touches the pleura but lies mostly inside the lung.
        if place == "juxtapleural" and not (0.3 * R <= dist_in[k, j, i] <= 0.8 * R + 1):
            continue
        if any(np.linalg.norm(p - f) < margin + R for f in forbid_kji):
            continue
        return p
    return None


def small_vessel_idx(vol):
    """Voxels of 3-6 mm vessels, > 8 mm inside the lung; computed on first use (only --small-vessel-p runs need it)."""
    if "small_vessel_idx" not in vol:
        lung, img = vol["lung"], vol["image"]
        vessel = lung & (img > -350)
        radius = ndimage.distance_transform_edt(vessel).astype(np.float32)
        calibre = ndimage.maximum_filter(radius, size=7)  # the vessel's own radius, seen from any voxel of it
        lo, hi = SMALL_VESSEL_RADIUS_MM
        idx = np.argwhere(vessel & (calibre >= lo) & (calibre <= hi) & (vol["dist_in"] > 8) & (vol["labels"] == 0))
        vol["small_vessel_idx"] = idx if len(idx) else vol["vessel_idx"]
    return vol["small_vessel_idx"]


def prepare(vol):
    """Adds placement helpers to a volume dict from lidc_cases.load_volume."""
    lung = vol["lung"]
    img = vol["image"]
    vol["dist_in"] = ndimage.distance_transform_edt(lung).astype(np.float32)
    vol["deep_idx"] = np.argwhere(vol["dist_in"] > 6)
    # Far from the pleura, where the crop holds no chest wall (small solid balls there were missed, nodule_README).
    vol["central_idx"] = np.argwhere(vol["dist_in"] >= CENTRAL_MM)
    if len(vol["central_idx"]) == 0:
        vol["central_idx"] = vol["deep_idx"]
    lung_idx = np.argwhere(lung)
    vol["lung_idx"] = lung_idx[np.random.default_rng(0).permutation(len(lung_idx))[:400000]]
    vol["rim_idx"] = np.argwhere((vol["dist_in"] > 0) & (vol["dist_in"] <= 2))
    vessel = lung & (img > -350) & (vol["dist_in"] > 4) & (vol["labels"] == 0)
    vol["vessel_idx"] = np.argwhere(vessel)
    if len(vol["vessel_idx"]) == 0:
        vol["vessel_idx"] = vol["deep_idx"]
    forbid = [np.argwhere(vol["labels"] == n["value"]).mean(0) for n in vol["nodules"]]
    vol["forbid_kji"] = forbid
    # Centres of negative crops: far enough that no real nodule (>= 3 mm) enters a 64^3 crop.
    for name in ("vessel", "deep", "rim"):
        idx = vol[f"{name}_idx"]
        ok = np.ones(len(idx), bool)
        for f in forbid:
            ok &= np.abs(idx - f).max(1) > 32 + 20
        vol[f"neg_{name}"] = idx[ok] if ok.any() else idx
    return vol
