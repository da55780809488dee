"""Case loading for the liver model.

Reads `cases.json` from the shared data folder, decides by rule which cases are
suitable (a `liver.nii.gz` label and a 3-D image with >= MIN_SLICES slices),
loads NIfTI or DICOM images with their LPS affine, and resamples image and mask
onto the model frame used by the Lobus engine (models/README.md):

  axis-aligned LPS grid, direction identity (i -> +x Left, j -> +y Posterior,
  k -> +z Superior), isotropic `spacing` mm, trilinear for images,
  linear-then-threshold-0.5 for masks.

Arrays returned here are in tensor order [D, H, W] = [k, j, i] (x fastest).
"""
import glob
import json
import os

import nibabel as nib
import numpy as np
from scipy import ndimage

MIN_SLICES = 16
RAS_TO_LPS = np.diag([-1.0, -1.0, 1.0, 1.0])


def default_data_dir():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "..", "shared", "data"))


def modality_of(entry):
    return "MR" if str(entry.get("modality", "")).strip().upper().startswith("MR") else "CT"


# ---------------------------------------------------------------- readers
def read_nifti(path):
    """-> (array indexed [i, j, k], 4x4 affine mapping (i, j, k, 1) to LPS mm)."""
    img = nib.load(path)
    arr = np.asarray(img.dataobj)
    if arr.ndim == 4 and arr.shape[3] == 1:
        arr = arr[..., 0]
    return arr, RAS_TO_LPS @ img.affine


def read_dicom_series(folder):
    """-> (HU array [i, j, k], LPS affine). Slices sorted along the slice normal."""
    import pydicom

    dss = [pydicom.dcmread(f) for f in sorted(glob.glob(os.path.join(folder, "*")))
           if os.path.isfile(f)]
    dss = [d for d in dss if "ImagePositionPatient" in d and "PixelData" in d]
    iop = np.array(dss[0].ImageOrientationPatient, float)
    row_dir, col_dir = iop[:3], iop[3:]  # direction of increasing column index i, row index j
    normal = np.cross(row_dir, col_dir)
    dss.sort(key=lambda d: float(np.dot(normal, np.array(d.ImagePositionPatient, float))))
    pos = np.array([d.ImagePositionPatient for d in dss], float)
    dz = np.dot(pos[-1] - pos[0], normal) / max(len(dss) - 1, 1) if len(dss) > 1 else 1.0
    ps = [float(v) for v in dss[0].PixelSpacing]  # [row spacing (between rows), col spacing]
    vol = np.stack([d.pixel_array.astype(np.float32) * float(getattr(d, "RescaleSlope", 1))
                    + float(getattr(d, "RescaleIntercept", 0)) for d in dss], axis=-1)
    vol = np.transpose(vol, (1, 0, 2))  # [row, col, k] -> [i=col, j=row, k]
    aff = np.eye(4)
    aff[:3, 0] = row_dir * ps[1]
    aff[:3, 1] = col_dir * ps[0]
    aff[:3, 2] = normal * dz
    aff[:3, 3] = pos[0]
    return vol, aff


def read_image(case_dir, entry):
    p = os.path.join(case_dir, entry["image"])
    if os.path.isdir(p):
        return read_dicom_series(p)
    return read_nifti(p)


# ---------------------------------------------------------------- resampling
def lps_grid(shape, affine, spacing):
    """Axis-aligned LPS grid covering the source voxel centres: (origin, dims)."""
    corners = np.array([[a, b, c, 1] for a in (0, shape[0] - 1) for b in (0, shape[1] - 1)
                        for c in (0, shape[2] - 1)], float)
    w = (affine @ corners.T)[:3].T
    lo, hi = w.min(0), w.max(0)
    dims = np.floor((hi - lo) / spacing + 1e-3).astype(int) + 1
    return lo, dims


def resample(arr, affine, origin, dims, spacing, order=1, cval=0.0):
    """Sample `arr` ([i,j,k], source affine) at the LPS grid; returns [k, j, i] float32."""
    kk, jj, ii = np.meshgrid(*[np.arange(n) for n in dims[::-1]], indexing="ij")
    world = np.stack([origin[0] + ii * spacing, origin[1] + jj * spacing,
                      origin[2] + kk * spacing, np.ones_like(ii, dtype=float)], 0).reshape(4, -1)
    src = np.linalg.inv(affine) @ world
    out = ndimage.map_coordinates(arr.astype(np.float32), src[:3], order=order, mode="constant",
                                  cval=cval, prefilter=False)
    return out.reshape(dims[::-1]).astype(np.float32)


# ---------------------------------------------------------------- cases
def list_cases(data_dir, verbose=True):
    """All suitable cases from cases.json (rule: liver.nii.gz label, 3-D image, >= MIN_SLICES)."""
    with open(os.path.join(data_dir, "cases.json")) as f:
        entries = json.load(f)["cases"]
    out = []
    for e in entries:
        labels = e.get("labels", [])
        if "liver.nii.gz" not in labels:
            continue
        case_dir = os.path.join(data_dir, e.get("folder", e["case"]))
        shape = nib.load(os.path.join(case_dir, "liver.nii.gz")).shape
        if len(shape) < 3 or min(shape[:3]) < MIN_SLICES:
            if verbose:
                print(f"skip {e['case']}: label shape {shape} thinner than {MIN_SLICES} slices")
            continue
        out.append(dict(case=e["case"], dir=case_dir, entry=e, modality=modality_of(e)))
    return out


def load_case(c, spacing):
    """Image (raw HU / MR units) and liver mask on the model LPS grid, tensor order [k, j, i]."""
    img, aff = read_image(c["dir"], c["entry"])
    msk, maff = read_nifti(os.path.join(c["dir"], "liver.nii.gz"))
    if img.shape != msk.shape or not np.allclose(aff, maff, atol=1e-2):
        raise ValueError(f"{c['case']}: image/mask grids differ {img.shape} {msk.shape}\n{aff}\n{maff}")
    origin, dims = lps_grid(img.shape, aff, spacing)
    bg = float(np.min(img))
    vol = resample(img, aff, origin, dims, spacing, order=1, cval=bg)
    lab = resample((msk > 0).astype(np.float32), maff, origin, dims, spacing, order=1) >= 0.5
    src_ml = float((msk > 0).sum() * abs(np.linalg.det(maff[:3, :3])) / 1000.0)
    return dict(c, image=vol, label=lab.astype(np.uint8), origin=origin, spacing=spacing,
                source_liver_ml=src_ml)


# ---------------------------------------------------------------- normalisation (manifest)
CT_WINDOW = (-200.0, 250.0)
CT_MEAN, CT_STD = 60.0, 90.0
MR_PERCENTILES = (0.5, 99.5)


def normalise(vol, modality):
    if modality == "CT":
        return ((np.clip(vol, *CT_WINDOW) - CT_MEAN) / CT_STD).astype(np.float32)
    lo, hi = np.percentile(vol, MR_PERCENTILES)
    v = np.clip(vol, lo, hi)
    return ((v - v.mean()) / max(float(v.std()), 1e-6)).astype(np.float32)


if __name__ == "__main__":
    import sys

    d = sys.argv[1] if len(sys.argv) > 1 else default_data_dir()
    for c in list_cases(d):
        L = load_case(c, 3.0)
        m = L["label"] > 0
        print(c["case"], c["modality"], "shape[k,j,i]", L["image"].shape,
              "liver mL@3mm %.1f (source %.1f)" % (m.sum() * 27 / 1000, L["source_liver_ml"]),
              "mean in liver %.1f" % L["image"][m].mean(),
              "liver centroid x(i) %.0f of %d" % (np.argwhere(m)[:, 2].mean(), m.shape[2]))
