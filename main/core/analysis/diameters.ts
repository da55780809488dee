import { indexToWorld } from '../volume/geometry.js';
import type { Geometry, Vec3 } from '../volume/types.js';
import { convexHullSorted } from './hull2d.js';
import { inPlaneAxes, runJ, runK, type LesionRuns, type SliceRowExtremes } from './lesionRuns.js';
import type { RecistMeasurement } from './types.js';

/*
 * Diameter convention (RECIST long axis and Feret alike): a lesion is the union of its voxel boxes,
 * and a diameter is the largest distance between two voxel corners (the hull of voxel corners, as
 * ImageJ measures Feret on pixel outlines). For voxel centres p, q with Δ = q − p the farthest corners
 * are |Δ_c| + s_c apart along each axis c, so the chord is √Σ(|Δ_c| + s_c)². That is a convex function
 * of Δ, so its maximum over the lesion is reached at vertices of the convex hull of the voxel centres,
 * and a vertex of the 3-D hull is a vertex of its own slice's 2-D hull: only the hull of each slice's
 * row ends is searched. Against the continuous object the error is within one voxel extent along the
 * chord: inside-voxel centres never lie beyond the object and the outermost lies within a voxel of it.
 */

/** Length of the corner-to-corner chord between voxel centres Δ apart (per-axis mm offsets). */
function cornerChord2(dx: number, dy: number, sx: number, sy: number): number {
  return Math.hypot(Math.abs(dx) + sx, Math.abs(dy) + sy);
}

/** A slice's hull vertices as in-plane index coordinates (p along the first in-plane axis, q the second). */
interface SliceHull {
  slice: number;
  p: number[];
  q: number[];
}

export function sliceHulls(ex: SliceRowExtremes): SliceHull[] {
  const hulls: SliceHull[] = [];
  for (let s = 0; s < ex.sliceCount; s++) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let q = 0; q < ex.qCount; q++) {
      const cell = s * ex.qCount + q;
      const hi = ex.pHigh[cell]!;
      if (hi < 0) continue;
      const lo = ex.pLow[cell]!;
      xs.push(q + ex.qMin);
      ys.push(lo);
      if (hi !== lo) {
        xs.push(q + ex.qMin);
        ys.push(hi);
      }
    }
    if (xs.length === 0) continue;
    const hull = convexHullSorted(xs, ys);
    hulls.push({ slice: s + ex.sliceMin, p: hull.map((h) => ys[h]!), q: hull.map((h) => xs[h]!) });
  }
  return hulls;
}

export function toIjk(axis: number, slice: number, p: number, q: number): Vec3 {
  const [pAxis, qAxis] = inPlaneAxes(axis as 0 | 1 | 2);
  const ijk: Vec3 = [0, 0, 0];
  ijk[axis] = slice;
  ijk[pAxis] = p;
  ijk[qAxis] = q;
  return ijk;
}

/** The two corners (in-plane mm, p then q) at the ends of one slice's longest chord. */
interface SliceChord {
  length: number;
  from: [number, number];
  to: [number, number];
}

function longestInSlice(h: SliceHull, sp: number, sq: number): SliceChord {
  const n = h.p.length;
  let bestLength = -1;
  let bestA = 0;
  let bestB = 0;
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      const length = cornerChord2((h.p[b]! - h.p[a]!) * sp, (h.q[b]! - h.q[a]!) * sq, sp, sq);
      if (length > bestLength + 1e-9) (bestLength = length), (bestA = a), (bestB = b);
    }
  }
  const dx = (h.p[bestB]! - h.p[bestA]!) * sp;
  const dy = (h.q[bestB]! - h.q[bestA]!) * sq;
  const hx = (dx < 0 ? -sp : sp) / 2;
  const hy = (dy < 0 ? -sq : sq) / 2;
  return {
    length: bestLength,
    from: [h.p[bestA]! * sp - hx, h.q[bestA]! * sq - hy],
    to: [h.p[bestB]! * sp + hx, h.q[bestB]! * sq + hy],
  };
}

/** In-plane index coordinates (p, q) of every voxel of the lesion in one slice. */
function slicePixels(lesion: LesionRuns, axis: 0 | 1 | 2, slice: number): { p: number[]; q: number[] } {
  const p: number[] = [];
  const q: number[] = [];
  const { runs } = lesion;
  for (const r of lesion.members) {
    const j = runJ(runs, r);
    const k = runK(runs, r);
    const i0 = runs.i0[r]!;
    const i1 = runs.i1[r]!;
    if (axis === 2 && k === slice) {
      for (let i = i0; i <= i1; i++) (p.push(i), q.push(j));
    } else if (axis === 1 && j === slice) {
      for (let i = i0; i <= i1; i++) (p.push(i), q.push(k));
    } else if (axis === 0 && i0 <= slice && slice <= i1) {
      p.push(j);
      q.push(k);
    }
  }
  return { p, q };
}

/**
 * RECIST 1.1 in the grid slices along `ex.axis`: the longest in-slice diameter over all slices, then,
 * in that slice, the longest chord perpendicular to it. A chord at position t along the long axis u
 * covers the voxels whose footprint on u contains t (|centre·u − t| ≤ w(u)/2, with w(u) = Σ|u_c|s_c
 * the extent of a voxel along u); its length is the extent of those voxels along the perpendicular v
 * (gaps of a non-convex lesion included) plus one voxel extent w(v). Positions t are sampled every
 * w(u)/4, which keeps the result within one voxel of the continuous answer.
 */
export function recistDiameters(lesion: LesionRuns, ex: SliceRowExtremes, g: Geometry): RecistMeasurement | null {
  const axis = ex.axis;
  const [pAxis, qAxis] = inPlaneAxes(axis);
  const sp = g.spacing[pAxis];
  const sq = g.spacing[qAxis];
  const hulls = sliceHulls(ex);
  if (hulls.length === 0) return null;

  let bestSlice = hulls[0]!;
  let best = longestInSlice(bestSlice, sp, sq);
  for (const h of hulls.slice(1)) {
    const candidate = longestInSlice(h, sp, sq);
    if (candidate.length > best.length + 1e-9) {
      best = candidate;
      bestSlice = h;
    }
  }
  const ux = (best.to[0] - best.from[0]) / best.length;
  const uy = (best.to[1] - best.from[1]) / best.length;
  const wu = Math.abs(ux) * sp + Math.abs(uy) * sq;
  const toLps = (x: number, y: number): Vec3 => indexToWorld(g, toIjk(axis, bestSlice.slice, x / sp, y / sq));
  const longEndpointsLps: [Vec3, Vec3] = [toLps(...best.from), toLps(...best.to)];

  // Perpendicular chord.
  const vx = -uy;
  const vy = ux;
  const wv = Math.abs(vx) * sp + Math.abs(vy) * sq;
  const pix = slicePixels(lesion, axis, bestSlice.slice);
  const n = pix.p.length;
  const tu = new Float64Array(n);
  const tv = new Float64Array(n);
  let tuMin = Infinity;
  for (let m = 0; m < n; m++) {
    const x = pix.p[m]! * sp;
    const y = pix.q[m]! * sq;
    tu[m] = x * ux + y * uy;
    tv[m] = x * vx + y * vy;
    if (tu[m]! < tuMin) tuMin = tu[m]!;
  }
  const binWidth = wu / 4;
  let binCount = 1;
  for (let m = 0; m < n; m++) binCount = Math.max(binCount, Math.floor((tu[m]! - tuMin) / binWidth + 1e-9) + 1);
  const vLow = new Float64Array(binCount).fill(Infinity);
  const vHigh = new Float64Array(binCount).fill(-Infinity);
  for (let m = 0; m < n; m++) {
    const b = Math.min(binCount - 1, Math.floor((tu[m]! - tuMin) / binWidth + 1e-9));
    if (tv[m]! < vLow[b]!) vLow[b] = tv[m]!;
    if (tv[m]! > vHigh[b]!) vHigh[b] = tv[m]!;
  }
  let shortMm = 0;
  let shortT = tuMin;
  let shortLow = 0;
  let shortHigh = 0;
  for (let line = 0; line <= binCount + 1; line++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let b = Math.max(0, line - 2); b <= Math.min(binCount - 1, line + 1); b++) {
      if (vLow[b]! < lo) lo = vLow[b]!;
      if (vHigh[b]! > hi) hi = vHigh[b]!;
    }
    if (hi < lo) continue;
    const length = hi - lo + wv;
    if (length > shortMm + 1e-9) {
      shortMm = length;
      shortT = tuMin + line * binWidth;
      shortLow = lo - wv / 2;
      shortHigh = hi + wv / 2;
    }
  }
  const at = (t: number, s: number): Vec3 => toLps(t * ux + s * vx, t * uy + s * vy);
  return {
    longMm: best.length,
    shortMm,
    sliceAxis: axis,
    sliceK: bestSlice.slice,
    longEndpointsLps,
    shortEndpointsLps: [at(shortT, shortLow), at(shortT, shortHigh)],
  };
}
