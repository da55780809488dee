"""LIDC-IDRI reader XML -> nodule masks: per reader, grouped across readers, >= 50 % consensus.

The rules (those ../shared/data/README.md used for nodules_50pct.nii.gz, so that the two can be compared):
- A `unblindedReadNodule` whose rois hold more than one edge point is a nodule >= 3 mm (outlined slice by
  slice); one with a single point is a nodule < 3 mm (a centre mark only) and gets no mask.
- Each roi with inclusion TRUE is rasterised on the slice its `imageSOP_UID` names: pixel centres inside the
  polygon (even-odd rule) plus the contour pixels themselves (pylidc's convention; LIDC readers were asked to
  draw just outside the nodule). Rois with inclusion FALSE are then subtracted on their slice.
  xCoord / yCoord are 0-based column / row indices.
- Annotations of different readers are one nodule when their contour points come within 1.5 mm, or their
  centroids within half the larger maximal axial diameter (at least 3 mm); a reader never counts twice.
- Consensus: voxels marked by at least half of the readers who annotated that nodule.

Only the slices present in the DICOM folder count: the XML covers the whole series, a case may be a slab.
Arrays are [i = column, j = row, k] like data.read_dicom_series, k sorted along the slice normal.

Run `python3 lidc_xml.py` to compare with the shipped nodules_50pct.nii.gz and nodules.json of every LIDC case.
"""
import glob
import json
import os
import xml.etree.ElementTree as ET

import numpy as np
from scipy import ndimage

NS = {"l": "http://www.nih.gov"}
TOUCH_MM = 1.5
MIN_CENTROID_MM = 3.0


def slab_slices(folder):
    """{SOPInstanceUID: k}, slice shape (rows, cols), pixel spacing (row, col) and the LPS affine, without pixels."""
    import pydicom

    dss = [pydicom.dcmread(f, stop_before_pixels=True) for f in sorted(glob.glob(os.path.join(folder, "*")))
           if os.path.isfile(f)]
    dss = [d for d in dss if "ImagePositionPatient" in d]
    iop = np.array(dss[0].ImageOrientationPatient, float)
    row_dir, col_dir = iop[:3], iop[3:]
    normal = np.cross(row_dir, col_dir)
    dss.sort(key=lambda d: float(np.dot(normal, np.array(d.ImagePositionPatient, float))))
    pos = np.array([d.ImagePositionPatient for d in dss], float)
    dz = np.dot(pos[-1] - pos[0], normal) / max(len(dss) - 1, 1) if len(dss) > 1 else 1.0
    ps = [float(v) for v in dss[0].PixelSpacing]
    aff = np.eye(4)
    aff[:3, 0], aff[:3, 1], aff[:3, 2], aff[:3, 3] = row_dir * ps[1], col_dir * ps[0], normal * dz, pos[0]
    return ({str(d.SOPInstanceUID): k for k, d in enumerate(dss)}, (int(dss[0].Rows), int(dss[0].Columns)),
            ps, aff)


def read_annotations(xml_path):
    """[{reader, nodule_id, contoured, rois: [{sop, inclusion, points [(x, y)]}]}] from a LIDC read message."""
    root = ET.parse(xml_path).getroot()
    out = []
    for reader, session in enumerate(root.findall("l:readingSession", NS)):
        for nod in session.findall("l:unblindedReadNodule", NS):
            rois = []
            for roi in nod.findall("l:roi", NS):
                pts = [(int(e.findtext("l:xCoord", namespaces=NS)), int(e.findtext("l:yCoord", namespaces=NS)))
                       for e in roi.findall("l:edgeMap", NS)]
                rois.append(dict(sop=roi.findtext("l:imageSOP_UID", namespaces=NS).strip(),
                                 inclusion=roi.findtext("l:inclusion", namespaces=NS).strip().upper() == "TRUE",
                                 points=pts))
            out.append(dict(reader=reader, nodule_id=nod.findtext("l:noduleID", namespaces=NS).strip(),
                            contoured=any(len(r["points"]) > 1 for r in rois), rois=rois))
    return out


def polygon_mask(points, shape):
    """bool [cols, rows] slice: pixel centres inside the closed polygon (even-odd) plus the contour pixels."""
    m = np.zeros(shape[::-1], bool)  # [i = x = col, j = y = row]
    p = np.asarray(points, float)
    lo = np.maximum(np.floor(p.min(0)).astype(int), 0)
    hi = np.minimum(np.ceil(p.max(0)).astype(int), [shape[1] - 1, shape[0] - 1])
    if np.all(hi >= lo) and len(p) >= 3:
        xs, ys = np.meshgrid(np.arange(lo[0], hi[0] + 1), np.arange(lo[1], hi[1] + 1), indexing="ij")
        inside = np.zeros(xs.shape, bool)
        x0, y0 = p[:, 0], p[:, 1]
        x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
        for a, b, c, d in zip(x0, y0, x1, y1):
            crosses = ((b > ys) != (d > ys)) & (xs < (c - a) * (ys - b) / np.where(d == b, 1e-12, d - b) + a)
            inside ^= crosses
        m[lo[0]:hi[0] + 1, lo[1]:hi[1] + 1] = inside
    for x, y in points:
        if 0 <= x < shape[1] and 0 <= y < shape[0]:
            m[x, y] = True
    return m


def annotation_mask(ann, sop_k, shape, n_slices):
    """bool [i, j, k] mask of one reader's outlined nodule on the slab (empty where its slices are absent)."""
    m = np.zeros((shape[1], shape[0], n_slices), bool)
    for roi in sorted(ann["rois"], key=lambda r: not r["inclusion"]):  # inclusions first, then subtract
        k = sop_k.get(roi["sop"])
        if k is None:
            continue
        s = polygon_mask(roi["points"], shape)
        m[:, :, k] = (m[:, :, k] | s) if roi["inclusion"] else (m[:, :, k] & ~s)
    return m


def _world(aff, ijk):
    return (aff[:3, :3] @ np.asarray(ijk, float).T).T + aff[:3, 3]


def _summary(ann, mask, sop_k, aff):
    pts = [(x, y, sop_k[r["sop"]]) for r in ann["rois"] if r["inclusion"] and r["sop"] in sop_k for x, y in r["points"]]
    world_pts = _world(aff, pts) if pts else np.zeros((0, 3))
    diam = 0.0
    for k in {p[2] for p in pts}:
        w = _world(aff, [p for p in pts if p[2] == k])
        if len(w) > 1:
            diam = max(diam, float(np.max(np.linalg.norm(w[:, None] - w[None], axis=-1))))
    idx = np.argwhere(mask)
    return dict(points_mm=world_pts, diameter_mm=diam, centroid=_world(aff, idx.mean(0)) if len(idx) else None)


def group_readers(anns):
    """Clusters of annotation indices, one per nodule: touching or close annotations of distinct readers."""
    clusters = []
    for a_idx, a in enumerate(anns):
        if a["centroid"] is None:
            continue
        for c in clusters:
            if any(anns[m]["reader"] == a["reader"] for m in c):
                continue
            close = False
            for m in c:
                b = anns[m]
                near = max(MIN_CENTROID_MM, max(a["diameter_mm"], b["diameter_mm"]) / 2)
                if np.linalg.norm(a["centroid"] - b["centroid"]) <= near:
                    close = True
                elif len(a["points_mm"]) and len(b["points_mm"]):
                    d = np.linalg.norm(a["points_mm"][:, None] - b["points_mm"][None], axis=-1)
                    close = bool(d.min() <= TOUCH_MM)
                if close:
                    break
            if close:
                c.append(a_idx)
                break
        else:
            clusters.append([a_idx])
    return clusters


def consensus_nodules(case_dir, xml_name=None):
    """Every nodule >= 3 mm outlined in the slab: readers, per-reader mL, >= 50 % consensus mask and centroid.
    Also returns the affine and the centres of the < 3 mm marks in the slab (kept out of training crops)."""
    xml_name = xml_name or next(f for f in sorted(os.listdir(case_dir)) if f.endswith(".xml"))
    sop_k, shape, ps, aff = slab_slices(os.path.join(case_dir, "dicom"))
    n_slices = len(sop_k)
    voxel_ml = abs(np.linalg.det(aff[:3, :3])) / 1000
    anns = []
    small = []
    for a in read_annotations(os.path.join(case_dir, xml_name)):
        if not a["contoured"]:
            hits = [(x, y, sop_k[r["sop"]]) for r in a["rois"] if r["sop"] in sop_k for x, y in r["points"]]
            small += [_world(aff, [h])[0] for h in hits]
            continue
        mask = annotation_mask(a, sop_k, shape, n_slices)
        if not mask.any():
            continue
        anns.append(dict(a, mask=mask, **_summary(a, mask, sop_k, aff)))
    nodules = []
    for c in group_readers(anns):
        votes = np.sum([anns[m]["mask"] for m in c], axis=0)
        cons = votes * 2 >= len(c)
        nodules.append(dict(readers=[anns[m]["reader"] for m in c],
                            reader_ml=[float(anns[m]["mask"].sum() * voxel_ml) for m in c],
                            diameter_mm=float(np.mean([anns[m]["diameter_mm"] for m in c])),
                            mask=cons, consensus_ml=float(cons.sum() * voxel_ml),
                            centroid_lps=_world(aff, np.argwhere(cons).mean(0)).tolist()))
    nodules.sort(key=lambda n: -n["consensus_ml"])
    return nodules, aff, small


def _check():
    from data import default_data_dir, read_nifti

    data_dir = default_data_dir()
    with open(os.path.join(data_dir, "cases.json")) as f:
        cases = [c["case"] for c in json.load(f)["cases"] if any(str(l).endswith(".xml") for l in c.get("labels", []))]
    for case in cases:
        d = os.path.join(data_dir, case)
        nodules, aff, small = consensus_nodules(d)
        given, gaff = read_nifti(os.path.join(d, "nodules_50pct.nii.gz"))
        meta = json.load(open(os.path.join(d, "nodules.json")))
        print(case, f"{len(nodules)} outlined nodules in the slab, {len(small)} small marks; affine match",
              bool(np.allclose(aff, gaff, atol=1e-2)))
        for n in nodules:
            ref = min(meta["nodules"], key=lambda r: np.linalg.norm(np.subtract(r["centroid_lps_mm"], n["centroid_lps"])))
            g = given == ref.get("label_value_in_nodules_50pct", -1)
            dice = 2 * (g & n["mask"]).sum() / max(g.sum() + n["mask"].sum(), 1)
            print(f"  nodule {ref['id']}: readers {len(n['readers'])} (json {ref['reader_count']}), "
                  f"reader mL {[round(v, 3) for v in sorted(n['reader_ml'])]} "
                  f"(json {sorted(round(r['volume_ml'], 3) for r in ref['readers'])}), consensus {n['consensus_ml']:.3f} mL "
                  f"(json {ref['volume_ml_consensus50']}), Dice vs nodules_50pct {dice:.4f}")


if __name__ == "__main__":
    _check()
