import { indexToWorld } from '../volume/geometry.js';
import type { Geometry, Vec3 } from '../volume/types.js';
import { sliceHulls, toIjk } from './diameters.js';
import type { SliceRowExtremes } from './lesionRuns.js';

/** The longest chord between two voxels, with the voxel-extent convention of diameters.ts. */
export interface VoxelChord {
  length: number;
  /** Indices of the two voxel centres in the point array. */
  a: number;
  b: number;
  /** Unit direction from a to b (along the voxel diagonal when a = b). */
  u: Vec3;
}

function chordBetween(pts: Float64Array, a: number, b: number, spacing: Vec3): VoxelChord {
  const [si, sj, sk] = spacing;
  const dx = pts[3 * b]! - pts[3 * a]!;
  const dy = pts[3 * b + 1]! - pts[3 * a + 1]!;
  const dz = pts[3 * b + 2]! - pts[3 * a + 2]!;
  const d = Math.hypot(dx, dy, dz);
  if (d === 0) {
    const w = Math.hypot(si, sj, sk);
    return { length: w, a, b, u: [si / w, sj / w, sk / w] };
  }
  const u: Vec3 = [dx / d, dy / d, dz / d];
  return { length: d + Math.abs(u[0]) * si + Math.abs(u[1]) * sj + Math.abs(u[2]) * sk, a, b, u };
}

/** Chord length only: the inner loop of the searches below. */
function lengthBetween(pts: Float64Array, a: number, b: number, si: number, sj: number, sk: number): number {
  const dx = pts[3 * b]! - pts[3 * a]!;
  const dy = pts[3 * b + 1]! - pts[3 * a + 1]!;
  const dz = pts[3 * b + 2]! - pts[3 * a + 2]!;
  const d = Math.sqrt(dx * dx + dy * dy + dz * dz);
  if (d === 0) return Math.sqrt(si * si + sj * sj + sk * sk);
  return d + (Math.abs(dx) * si + Math.abs(dy) * sj + Math.abs(dz) * sk) / d;
}

const BRUTE_FORCE_MAX_POINTS = 2000;
const CELLS_PER_AXIS = 16;

/**
 * Exact longest voxel chord among voxel centres `pts` (x, y, z in mm, grid-aligned frame). Small sets
 * are searched pair by pair. Larger ones (round lesions of many slices have tens of thousands of hull
 * candidates) by branch and bound: points are bucketed into at most 16³ cells, and two cells are
 * searched only if the farthest corners of their bounding boxes, plus the largest voxel extent, could
 * beat the best chord found so far, visiting the most promising cell pairs first.
 */
export function longestVoxelChord(pts: Float64Array, spacing: Vec3): VoxelChord {
  const n = pts.length / 3;
  const [si, sj, sk] = spacing;
  const wMax = Math.hypot(si, sj, sk);
  let bestA = 0;
  let bestB = 0;
  let best = n > 0 ? wMax : 0;
  const consider = (a: number, b: number) => {
    const len = lengthBetween(pts, a, b, si, sj, sk);
    if (len > best + 1e-9) {
      best = len;
      bestA = a;
      bestB = b;
    }
  };
  if (n <= BRUTE_FORCE_MAX_POINTS) {
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) consider(a, b);
    return chordBetween(pts, bestA, bestB, spacing);
  }

  // A good first chord: farthest point from an arbitrary point, then farthest from that (twice).
  let from = 0;
  for (let round = 0; round < 3; round++) {
    let far = from;
    let farDist = -1;
    for (let b = 0; b < n; b++) {
      const d = (pts[3 * b]! - pts[3 * from]!) ** 2 + (pts[3 * b + 1]! - pts[3 * from + 1]!) ** 2 + (pts[3 * b + 2]! - pts[3 * from + 2]!) ** 2;
      if (d > farDist) (farDist = d), (far = b);
    }
    consider(from, far);
    from = far;
  }

  // Bucket the points into cells.
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let m = 0; m < n; m++) {
    for (let c = 0; c < 3; c++) {
      lo[c] = Math.min(lo[c]!, pts[3 * m + c]!);
      hi[c] = Math.max(hi[c]!, pts[3 * m + c]!);
    }
  }
  const size = Math.max(hi[0]! - lo[0]!, hi[1]! - lo[1]!, hi[2]! - lo[2]!) / CELLS_PER_AXIS || 1;
  const cellOf = new Int32Array(n);
  const cellCount = new Map<number, number>();
  for (let m = 0; m < n; m++) {
    let key = 0;
    for (let c = 2; c >= 0; c--) {
      const q = Math.min(CELLS_PER_AXIS - 1, Math.floor((pts[3 * m + c]! - lo[c]!) / size));
      key = key * CELLS_PER_AXIS + q;
    }
    cellOf[m] = key;
    cellCount.set(key, (cellCount.get(key) ?? 0) + 1);
  }
  const keys = [...cellCount.keys()];
  const slot = new Map(keys.map((k, s) => [k, s]));
  const start = new Int32Array(keys.length + 1);
  keys.forEach((k, s) => (start[s + 1] = start[s]! + cellCount.get(k)!));
  const members = new Int32Array(n);
  const fill = start.slice(0, keys.length);
  const boxLo = new Float64Array(3 * keys.length).fill(Infinity);
  const boxHi = new Float64Array(3 * keys.length).fill(-Infinity);
  for (let m = 0; m < n; m++) {
    const s = slot.get(cellOf[m]!)!;
    members[fill[s]!++] = m;
    for (let c = 0; c < 3; c++) {
      boxLo[3 * s + c] = Math.min(boxLo[3 * s + c]!, pts[3 * m + c]!);
      boxHi[3 * s + c] = Math.max(boxHi[3 * s + c]!, pts[3 * m + c]!);
    }
  }

  // Cell pairs that could still hold a longer chord, most promising first.
  const bound = (s: number, t: number) => {
    let sq = 0;
    for (let c = 0; c < 3; c++) {
      const d = Math.max(Math.abs(boxHi[3 * t + c]! - boxLo[3 * s + c]!), Math.abs(boxHi[3 * s + c]! - boxLo[3 * t + c]!));
      sq += d * d;
    }
    return Math.sqrt(sq) + wMax;
  };
  const pairs: Array<[number, number, number]> = [];
  for (let s = 0; s < keys.length; s++) {
    for (let t = s; t < keys.length; t++) {
      const u = bound(s, t);
      if (u > best) pairs.push([u, s, t]);
    }
  }
  pairs.sort((x, y) => y[0] - x[0]);
  for (const [u, s, t] of pairs) {
    if (u <= best) break;
    for (let x = start[s]!; x < start[s + 1]!; x++) {
      const a = members[x]!;
      for (let y = s === t ? x + 1 : start[t]!; y < start[t + 1]!; y++) consider(a, members[y]!);
    }
  }
  return chordBetween(pts, bestA, bestB, spacing);
}

/** 3-D maximum (Feret) diameter with the voxel-extent convention, exact over the slices' hull vertices. */
export function feretDiameter(ex: SliceRowExtremes, g: Geometry): { feretMm: number; endpointsLps: [Vec3, Vec3] } {
  const [si, sj, sk] = g.spacing;
  const coords: number[] = [];
  for (const h of sliceHulls(ex)) {
    for (let v = 0; v < h.p.length; v++) {
      const ijk = toIjk(ex.axis, h.slice, h.p[v]!, h.q[v]!);
      coords.push(ijk[0] * si, ijk[1] * sj, ijk[2] * sk);
    }
  }
  if (coords.length === 0) return { feretMm: 0, endpointsLps: [g.origin, g.origin] };
  const pts = Float64Array.from(coords);
  const chord = longestVoxelChord(pts, g.spacing);
  const [ux, uy, uz] = chord.u;
  const half = (Math.abs(ux) * si + Math.abs(uy) * sj + Math.abs(uz) * sk) / 2;
  const end = (m: number, sign: number): Vec3 =>
    indexToWorld(g, [(pts[3 * m]! + sign * half * ux) / si, (pts[3 * m + 1]! + sign * half * uy) / sj, (pts[3 * m + 2]! + sign * half * uz) / sk]);
  return { feretMm: chord.length, endpointsLps: [end(chord.a, -1), end(chord.b, 1)] };
}
