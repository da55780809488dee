"""Chest CT volumes for the nodule model, on the engine's model frame (models/README.md).

Every volume is resampled onto an axis-aligned LPS grid at SPACING mm (trilinear, the
same rule as the engine and data.py), tensor order [k, j, i]. LIDC cases are every case of
cases.json with a reader XML among its labels and a DICOM image. Their nodule masks are built
here from the XML (lidc_xml.py: >= 50 % consensus of the readers who outlined each nodule; on the
shipped cases identical to `nodules_50pct.nii.gz`, Dice 1.0000) and resampled per nodule
(linear, >= 0.5); nodule ids follow nodules.json where it exists. Results are cached in
CACHE_DIR as .npz.

Lung masks (for placing synthetic nodules) are classical: HU < -400, drop air connected to
the in-plane border, keep the two largest components, close and fill holes slice by slice.
"""
import json
import os

import numpy as np
from scipy import ndimage

from data import default_data_dir, lps_grid, read_dicom_series, read_nifti, resample
from lidc_xml import consensus_nodules

SPACING = 1.0
CACHE_DIR = os.environ.get("NODULE_CACHE", "/tmp/nodule_cache")


def list_lidc_cases(data_dir=None):
    """Cases of cases.json whose labels hold a LIDC reader XML and whose image is a DICOM folder."""
    data_dir = data_dir or default_data_dir()
    with open(os.path.join(data_dir, "cases.json")) as f:
        cases = json.load(f)["cases"]
    return tuple(c["case"] for c in cases if any(str(l).endswith(".xml") for l in c.get("labels", []))
                 and os.path.isdir(os.path.join(data_dir, c["folder"], c["image"])))


LIDC_CASES = list_lidc_cases()
# CT cases whose lung bases add parenchyma for synthetic nodules (no real nodules there).
EXTRA_CASES = {"chaos_ct_liver": "image.nii.gz"}


def lung_mask(vol):
    """vol: HU [k, j, i] -> bool lung mask (juxtapleural parts included by closing)."""
    air = vol < -400
    lab, n = ndimage.label(air)
    if n == 0:
        return np.zeros_like(air)
    border = np.unique(np.concatenate([lab[:, 0, :].ravel(), lab[:, -1, :].ravel(),
                                       lab[:, :, 0].ravel(), lab[:, :, -1].ravel()]))
    sizes = ndimage.sum(air, lab, index=np.arange(1, n + 1))
    sizes[border[border > 0] - 1] = 0
    order = np.argsort(sizes)[::-1]
    keep = [i + 1 for i in order[:2] if sizes[i] > 0.2 * max(sizes[order[0]], 1) and sizes[i] > 2000]
    m = np.isin(lab, keep)
    m = ndimage.binary_closing(m, structure=ndimage.generate_binary_structure(3, 1), iterations=4)
    for k in range(m.shape[0]):
        m[k] = ndimage.binary_fill_holes(m[k])
    return m


def _json_ids(case_dir, found):
    """nodules.json ids of the XML-derived nodules (nearest centroid within 3 mm), else 1, 2, … by size."""
    path = os.path.join(case_dir, "nodules.json")
    known = json.load(open(path))["nodules"] if os.path.exists(path) else []
    ids, used = [], set()
    for n in found:
        near = [r for r in known if np.linalg.norm(np.subtract(r["centroid_lps_mm"], n["centroid_lps"])) < 3]
        ids.append(near[0]["id"] if near and near[0]["id"] not in used else None)
        used.add(ids[-1])
    spare = (i for i in range(1, 256) if i not in used)
    return [i if i is not None else next(spare) for i in ids]


def _load_lidc(case, data_dir):
    d = os.path.join(data_dir, case)
    img, aff = read_dicom_series(os.path.join(d, "dicom"))
    found, xml_aff, small = consensus_nodules(d)
    assert np.allclose(aff, xml_aff, atol=1e-3), case
    origin, dims = lps_grid(img.shape, aff, SPACING)
    vol = resample(img, aff, origin, dims, SPACING, order=1, cval=float(img.min()))
    labels = np.zeros(vol.shape, np.uint8)
    nodules = []
    for nid, n in zip(_json_ids(d, found), found):
        m = resample(n["mask"].astype(np.float32), aff, origin, dims, SPACING, order=1) >= 0.5
        labels[m & (labels == 0)] = nid
        nodules.append(dict(id=nid, value=nid, centroid_lps=n["centroid_lps"], readers=len(n["readers"]),
                            reader_ml=n["reader_ml"], reader_range_ml=[min(n["reader_ml"]), max(n["reader_ml"])],
                            consensus_ml=n["consensus_ml"], diameter_mm=n["diameter_mm"]))
    nodules.sort(key=lambda n: n["id"])
    return vol, labels, origin, nodules, [list(p) for p in small], float(abs(aff[2, 2]))


def load_volume(case, data_dir=None):
    """dict(image HU [k,j,i] int16, lung bool, labels uint8 (real nodules), origin LPS, nodules, slice_mm)."""
    data_dir = data_dir or default_data_dir()
    os.makedirs(CACHE_DIR, exist_ok=True)
    cache = os.path.join(CACHE_DIR, f"{case}_{SPACING:g}mm_xml.npz")
    if os.path.exists(cache):
        z = np.load(cache, allow_pickle=True)
        return dict(case=case, image=z["image"], lung=z["lung"], labels=z["labels"], origin=z["origin"],
                    nodules=list(z["nodules"]), small=list(z["small"]), slice_mm=float(z["slice_mm"]))
    if case in LIDC_CASES:
        vol, labels, origin, nodules, small, slice_mm = _load_lidc(case, data_dir)
    else:
        img, aff = read_nifti(os.path.join(data_dir, case, EXTRA_CASES[case]))
        origin, dims = lps_grid(img.shape, aff, SPACING)
        vol = resample(img.astype(np.float32), aff, origin, dims, SPACING, order=1, cval=float(img.min()))
        labels, nodules, small, slice_mm = np.zeros(vol.shape, np.uint8), [], [], float(abs(aff[2, 2]))
    image = np.clip(np.round(vol), -2048, 3071).astype(np.int16)
    lung = lung_mask(vol)
    np.savez_compressed(cache, image=image, lung=lung, labels=labels, origin=origin,
                        nodules=np.array(nodules, dtype=object), small=np.array(small, dtype=object),
                        slice_mm=slice_mm)
    return load_volume(case, data_dir)


def lps_to_index(origin, p):
    """LPS mm -> continuous tensor index (k, j, i) on the SPACING grid."""
    return np.array([(p[2] - origin[2]), (p[1] - origin[1]), (p[0] - origin[0])]) / SPACING


def reflect_index(idx, n):
    """Integer indices mirrored about the centres of voxels 0 and n - 1 (the app's `reflectIndex`, np.pad 'reflect')."""
    if n == 1:
        return np.zeros_like(idx)
    period = 2 * (n - 1)
    t = np.mod(idx, period)
    return np.where(t > n - 1, period - t, t)


def crop(arr, center_kji, size, fill):
    """size^3 crop whose centre voxel lies at the rounded continuous centre ((size-1)/2 convention).
    Beyond the array it holds `fill`, or with fill="reflect" the array mirrored about its edge voxels, as the
    app's nodule crop reads the image (main/core/nodules/modelCrop.ts)."""
    c0 = np.round(np.asarray(center_kji) - (size - 1) / 2).astype(int)
    if isinstance(fill, str):
        assert fill == "reflect", fill
        k, j, i = (reflect_index(c0[a] + np.arange(size), arr.shape[a]) for a in range(3))
        return arr[np.ix_(k, j, i)], c0
    out = np.full((size,) * 3, fill, dtype=arr.dtype)
    src_lo = np.maximum(c0, 0)
    src_hi = np.minimum(c0 + size, arr.shape)
    if np.any(src_hi <= src_lo):
        return out, c0
    dst_lo = src_lo - c0
    dst_hi = dst_lo + (src_hi - src_lo)
    out[dst_lo[0]:dst_hi[0], dst_lo[1]:dst_hi[1], dst_lo[2]:dst_hi[2]] = \
        arr[src_lo[0]:src_hi[0], src_lo[1]:src_hi[1], src_lo[2]:src_hi[2]]
    return out, c0


if __name__ == "__main__":
    for c in list(LIDC_CASES) + list(EXTRA_CASES):
        v = load_volume(c)
        print(c, v["image"].shape, "lung mL %.0f" % (v["lung"].sum() / 1000 * SPACING ** 3),
              "slice mm", v["slice_mm"])
        for n in v["nodules"]:
            m = v["labels"] == n["value"]
            print("  nodule", n["id"], "mL@1mm %.2f (consensus %.2f, readers %s)" %
                  (m.sum() / 1000, n["consensus_ml"], n["reader_range_ml"]),
                  "mean HU %.0f" % v["image"][m].mean(), "in lung %.2f" % v["lung"][m].mean())
