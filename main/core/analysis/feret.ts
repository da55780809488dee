import { indexToWorld } from '../volume/geometry.js';
import type { Geometry, Vec3 } from '../volume/types.js';
import { sliceHulls, toIjk } from './diameters.js';
import type { SliceRowExtremes } from './lesionRuns.js';

/** The longest corner-to-corner chord between two voxels (convention of diameters.ts). */
export interface VoxelChord {
  length: number;
  /** Indices of the two voxel centres in the point array. */
  a: number;
  b: number;
}

/** √Σ(|Δ_c| + s_c)²: the farthest corners of the voxels centred at points a and b. */
function lengthBetween(pts: Float64Array, a: number, b: number, si: number, sj: number, sk: number): number {
  const dx = Math.abs(pts[3 * b]! - pts[3 * a]!) + si;
  const dy = Math.abs(pts[3 * b + 1]! - pts[3 * a + 1]!) + sj;
  const dz = Math.abs(pts[3 * b + 2]! - pts[3 * a + 2]!) + sk;
  return Math.sqrt(dx * dx + dy * dy + dz * dz);
}

const BRUTE_FORCE_MAX_POINTS = 2000;
const CELLS_PER_AXIS = 16;

/**
 * Exact longest voxel chord among voxel centres `pts` (x, y, z in mm, grid-aligned frame). Small sets
 * are searched pair by pair. Larger ones (round lesions of many slices have tens of thousands of hull
 * candidates) by branch and bound: points are bucketed into at most 16³ cells, and two cells are
 * searched only if the largest per-axis offsets between their bounding boxes (each widened by one
 * voxel) could beat the best chord found so far, visiting the most promising cell pairs first.
 */
export function longestVoxelChord(pts: Float64Array, spacing: Vec3): VoxelChord {
  const n = pts.length / 3;
  const [si, sj, sk] = spacing;
  let bestA = 0;
  let bestB = 0;
  let best = n > 0 ? Math.hypot(si, sj, sk) : 0;
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
    return { length: best, a: bestA, b: bestB };
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

  // Cell pairs that could still hold a longer chord, most promising first. The chord grows with
  // every |Δ_c|, so the largest per-axis offsets between the two boxes bound it from above.
  const bound = (s: number, t: number) => {
    let sq = 0;
    for (let c = 0; c < 3; c++) {
      const d = Math.max(Math.abs(boxHi[3 * t + c]! - boxLo[3 * s + c]!), Math.abs(boxHi[3 * s + c]! - boxLo[3 * t + c]!)) + spacing[c]!;
      sq += d * d;
    }
    return Math.sqrt(sq);
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
  return { length: best, a: bestA, b: bestB };
}

/** 3-D maximum (Feret) diameter: the largest voxel-corner distance, exact (see diameters.ts). */
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
  // The far corners: half a voxel outwards on every axis (away from the other end).
  const a = [0, 1, 2].map((c) => pts[3 * chord.a + c]! / g.spacing[c]!);
  const b = [0, 1, 2].map((c) => pts[3 * chord.b + c]! / g.spacing[c]!);
  const outward = [0, 1, 2].map((c) => (b[c]! < a[c]! ? -0.5 : 0.5));
  const from: Vec3 = [a[0]! - outward[0]!, a[1]! - outward[1]!, a[2]! - outward[2]!];
  const to: Vec3 = [b[0]! + outward[0]!, b[1]! + outward[1]!, b[2]! + outward[2]!];
  return { feretMm: chord.length, endpointsLps: [indexToWorld(g, from), indexToWorld(g, to)] };
}
