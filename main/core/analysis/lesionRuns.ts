import type { Vec3 } from '../volume/types.js';
import type { RunTable } from './runs.js';
import type { BoundingBoxIjk, SliceAxis } from './types.js';

/** One lesion (or one whole label): a subset of the runs of a RunTable. */
export interface LesionRuns {
  runs: RunTable;
  /** Indices into `runs`, in scan order. */
  members: Int32Array;
}

export function runJ(runs: RunTable, r: number): number {
  return runs.row[r]! % runs.dims[1];
}
export function runK(runs: RunTable, r: number): number {
  return Math.floor(runs.row[r]! / runs.dims[1]);
}

export function lesionBoundingBox(lesion: LesionRuns): BoundingBoxIjk {
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  const { runs } = lesion;
  for (const r of lesion.members) {
    const j = runJ(runs, r);
    const k = runK(runs, r);
    if (runs.i0[r]! < min[0]) min[0] = runs.i0[r]!;
    if (runs.i1[r]! > max[0]) max[0] = runs.i1[r]!;
    if (j < min[1]) min[1] = j;
    if (j > max[1]) max[1] = j;
    if (k < min[2]) min[2] = k;
    if (k > max[2]) max[2] = k;
  }
  return { min, max };
}

/** Voxel count and the index-space centroid. */
export function lesionMoments(lesion: LesionRuns): { voxelCount: number; centroidIjk: Vec3 } {
  const { runs } = lesion;
  let n = 0;
  let si = 0;
  let sj = 0;
  let sk = 0;
  for (const r of lesion.members) {
    const len = runs.i1[r]! - runs.i0[r]! + 1;
    n += len;
    si += (len * (runs.i0[r]! + runs.i1[r]!)) / 2;
    sj += len * runJ(runs, r);
    sk += len * runK(runs, r);
  }
  return { voxelCount: n, centroidIjk: n > 0 ? [si / n, sj / n, sk / n] : [NaN, NaN, NaN] };
}

/**
 * The lesion's voxel nearest its centroid (distance in mm, ties to the first in scan order): a voxel
 * that is always inside the lesion, unlike the centroid of a ring, and that edits elsewhere leave alone.
 */
export function lesionAnchorVoxel(lesion: LesionRuns, centroidIjk: Vec3, spacing: Vec3): Vec3 {
  const { runs } = lesion;
  let best: Vec3 = [0, 0, 0];
  let bestD2 = Infinity;
  for (const r of lesion.members) {
    const i = Math.min(runs.i1[r]!, Math.max(runs.i0[r]!, Math.round(centroidIjk[0])));
    const j = runJ(runs, r);
    const k = runK(runs, r);
    const d2 = ((i - centroidIjk[0]) * spacing[0]) ** 2 + ((j - centroidIjk[1]) * spacing[1]) ** 2 + ((k - centroidIjk[2]) * spacing[2]) ** 2;
    if (d2 < bestD2 - 1e-9) {
      bestD2 = d2;
      best = [i, j, k];
    }
  }
  return best;
}

/** Values of `data` (same grid as the runs) at every voxel of the lesion. */
export function gatherValues(lesion: LesionRuns, data: ArrayLike<number>, voxelCount: number): Float64Array {
  const out = new Float64Array(voxelCount);
  const { runs } = lesion;
  const nx = runs.dims[0];
  let n = 0;
  for (const r of lesion.members) {
    const base = runs.row[r]! * nx;
    for (let i = runs.i0[r]!; i <= runs.i1[r]!; i++) out[n++] = data[base + i]!;
  }
  return out;
}

/** The lesion as a binary mask over its bounding box grown by `pad` voxels on every side. */
export function lesionLocalMask(lesion: LesionRuns, bbox: BoundingBoxIjk, pad: number): { mask: Uint8Array; dims: Vec3; origin: Vec3 } {
  const origin: Vec3 = [bbox.min[0] - pad, bbox.min[1] - pad, bbox.min[2] - pad];
  const dims: Vec3 = [
    bbox.max[0] - bbox.min[0] + 1 + 2 * pad,
    bbox.max[1] - bbox.min[1] + 1 + 2 * pad,
    bbox.max[2] - bbox.min[2] + 1 + 2 * pad,
  ];
  const mask = new Uint8Array(dims[0] * dims[1] * dims[2]);
  const { runs } = lesion;
  for (const r of lesion.members) {
    const lj = runJ(runs, r) - origin[1];
    const lk = runK(runs, r) - origin[2];
    const base = dims[0] * (lj + dims[1] * lk) - origin[0];
    mask.fill(1, base + runs.i0[r]!, base + runs.i1[r]! + 1);
  }
  return { mask, dims, origin };
}

/** In-plane axes (p, q) of slices along `axis`: i-j for k-slices, i-k for j-slices, j-k for i-slices. */
export function inPlaneAxes(axis: SliceAxis): [SliceAxis, SliceAxis] {
  return axis === 2 ? [0, 1] : axis === 1 ? [0, 2] : [1, 2];
}

/**
 * For each slice along `axis` and each in-plane row q, the smallest and largest p of the lesion.
 * Only these row ends can be vertices of a slice's convex hull.
 */
export interface SliceRowExtremes {
  axis: SliceAxis;
  sliceMin: number;
  sliceCount: number;
  qMin: number;
  qCount: number;
  /** [slice * qCount + q] → p, or −1 / Infinity-like sentinels where the row is empty. */
  pLow: Int32Array;
  pHigh: Int32Array;
}

export function sliceRowExtremes(lesion: LesionRuns, bbox: BoundingBoxIjk, axis: SliceAxis): SliceRowExtremes {
  const [, qAxis] = inPlaneAxes(axis);
  const sliceMin = bbox.min[axis];
  const sliceCount = bbox.max[axis] - sliceMin + 1;
  const qMin = bbox.min[qAxis];
  const qCount = bbox.max[qAxis] - qMin + 1;
  const pLow = new Int32Array(sliceCount * qCount).fill(0x7fffffff);
  const pHigh = new Int32Array(sliceCount * qCount).fill(-1);
  const { runs } = lesion;
  const update = (slice: number, q: number, lo: number, hi: number) => {
    const cell = (slice - sliceMin) * qCount + (q - qMin);
    if (lo < pLow[cell]!) pLow[cell] = lo;
    if (hi > pHigh[cell]!) pHigh[cell] = hi;
  };
  for (const r of lesion.members) {
    const j = runJ(runs, r);
    const k = runK(runs, r);
    const i0 = runs.i0[r]!;
    const i1 = runs.i1[r]!;
    if (axis === 2) update(k, j, i0, i1);
    else if (axis === 1) update(j, k, i0, i1);
    else for (let i = i0; i <= i1; i++) update(i, k, j, j);
  }
  return { axis, sliceMin, sliceCount, qMin, qCount, pLow, pHigh };
}
