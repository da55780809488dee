import type { Vec3 } from '../volume/types.js';

/*
 * Iso-surfaces by marching tetrahedra: each cube of eight neighbouring voxel centres is split into six
 * tetrahedra around its main diagonal (the Kuhn triangulation, consistent between neighbouring cubes,
 * so the surface is closed), with vertices interpolated linearly on the edges. Area is the sum of the
 * triangle areas; the enclosed volume follows from the divergence theorem over the oriented triangles.
 * Rotation of the grid does not change either, so only the spacing matters.
 */

const TETS: Array<[number, number, number, number]> = (() => {
  const perms: Array<[number, number, number]> = [
    [0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0],
  ];
  return perms.map(([a, b]) => {
    const first = 1 << a;
    const second = first | (1 << b);
    return [0, first, second, 7] as [number, number, number, number];
  });
})();

/** Tetrahedra of the cube as corner indices, flattened (4 per tetrahedron). */
const TET_CORNERS = Int32Array.from(TETS.flat());

/** Running sums of one surface pass. */
interface SurfaceSums {
  area: number;
  /** 6 × signed enclosed volume (divergence theorem). */
  volume6: number;
}

/**
 * Adds the iso-surface inside one tetrahedron (corners by index into the cube's corner arrays, cube
 * origin ox, oy, oz in mm) to `sums`. Written without allocation: it runs for every tetrahedron of
 * every boundary cube.
 */
function addTetSurface(
  t: number, ox: number, oy: number, oz: number,
  px: Float64Array, py: Float64Array, pz: Float64Array, v: Float64Array, iso: number, cut: Float64Array, sums: SurfaceSums,
): void {
  let insideMask = 0;
  let insideCount = 0;
  for (let n = 0; n < 4; n++) {
    if (v[TET_CORNERS[4 * t + n]!]! >= iso) {
      insideMask |= 1 << n;
      insideCount++;
    }
  }
  if (insideCount === 0 || insideCount === 4) return;
  // Crossing points on the edges joining an inside corner to an outside corner, in a cyclic order.
  const entry = t * 16 + insideMask;
  const m = EDGE_COUNT[entry]!;
  for (let e = 0; e < m; e++) {
    const a = EDGE_FROM[4 * entry + e]!;
    const b = EDGE_TO[4 * entry + e]!;
    const f = (iso - v[a]!) / (v[b]! - v[a]!);
    cut[3 * e] = ox + px[a]! + f * (px[b]! - px[a]!);
    cut[3 * e + 1] = oy + py[a]! + f * (py[b]! - py[a]!);
    cut[3 * e + 2] = oz + pz[a]! + f * (pz[b]! - pz[a]!);
  }
  // Orientation: the normal must point from an inside corner towards an outside one.
  const inCorner = EDGE_FROM[4 * entry]!;
  const outCorner = EDGE_TO[4 * entry]!;
  const dx = px[outCorner]! - px[inCorner]!;
  const dy = py[outCorner]! - py[inCorner]!;
  const dz = pz[outCorner]! - pz[inCorner]!;
  const sign = normalDot(cut, 0, 1, 2, dx, dy, dz) >= 0 ? 1 : -1;
  sums.area += triangleArea(cut, 0, 1, 2);
  sums.volume6 += sign * tripleProduct(cut, 0, 1, 2);
  if (m === 4) {
    sums.area += triangleArea(cut, 0, 2, 3);
    sums.volume6 += sign * tripleProduct(cut, 0, 2, 3);
  }
}

function normalDot(c: Float64Array, a: number, b: number, d: number, dx: number, dy: number, dz: number): number {
  const ux = c[3 * b]! - c[3 * a]!;
  const uy = c[3 * b + 1]! - c[3 * a + 1]!;
  const uz = c[3 * b + 2]! - c[3 * a + 2]!;
  const vx = c[3 * d]! - c[3 * a]!;
  const vy = c[3 * d + 1]! - c[3 * a + 1]!;
  const vz = c[3 * d + 2]! - c[3 * a + 2]!;
  return (uy * vz - uz * vy) * dx + (uz * vx - ux * vz) * dy + (ux * vy - uy * vx) * dz;
}

/** p_a · (p_b × p_d). */
function tripleProduct(c: Float64Array, a: number, b: number, d: number): number {
  const bx = c[3 * b]!, by = c[3 * b + 1]!, bz = c[3 * b + 2]!;
  const dx = c[3 * d]!, dy = c[3 * d + 1]!, dz = c[3 * d + 2]!;
  return c[3 * a]! * (by * dz - bz * dy) + c[3 * a + 1]! * (bz * dx - bx * dz) + c[3 * a + 2]! * (bx * dy - by * dx);
}

function triangleArea(c: Float64Array, a: number, b: number, d: number): number {
  const ux = c[3 * b]! - c[3 * a]!;
  const uy = c[3 * b + 1]! - c[3 * a + 1]!;
  const uz = c[3 * b + 2]! - c[3 * a + 2]!;
  const vx = c[3 * d]! - c[3 * a]!;
  const vy = c[3 * d + 1]! - c[3 * a + 1]!;
  const vz = c[3 * d + 2]! - c[3 * a + 2]!;
  const x = uy * vz - uz * vy;
  const y = uz * vx - ux * vz;
  const z = ux * vy - uy * vx;
  return Math.sqrt(x * x + y * y + z * z) / 2;
}

/*
 * Per tetrahedron t and inside-pattern mask (bit n: corner n of the tetrahedron is inside), the edges
 * crossed by the surface as cube-corner pairs (inside corner first), in an order that walks round the
 * triangle or quadrilateral.
 */
const EDGE_COUNT = new Int8Array(6 * 16);
const EDGE_FROM = new Int8Array(6 * 16 * 4);
const EDGE_TO = new Int8Array(6 * 16 * 4);
for (let t = 0; t < 6; t++) {
  for (let mask = 1; mask < 15; mask++) {
    const ins = [0, 1, 2, 3].filter((n) => (mask >> n) & 1);
    const outs = [0, 1, 2, 3].filter((n) => !((mask >> n) & 1));
    let pairs: Array<[number, number]>;
    if (ins.length === 1) pairs = outs.map((o) => [ins[0]!, o]);
    else if (outs.length === 1) pairs = ins.map((i) => [i, outs[0]!]);
    else {
      const [a, b] = ins as [number, number];
      const [c, d] = outs as [number, number];
      pairs = [[a, c], [a, d], [b, d], [b, c]];
    }
    const entry = t * 16 + mask;
    EDGE_COUNT[entry] = pairs.length;
    pairs.forEach(([from, to], e) => {
      EDGE_FROM[4 * entry + e] = TET_CORNERS[4 * t + from]!;
      EDGE_TO[4 * entry + e] = TET_CORNERS[4 * t + to]!;
    });
  }
}

export interface IsoSurfaceMeasures {
  areaMm2: number;
  /** Volume enclosed by the surface. */
  volumeMm3: number;
}

/**
 * Area and enclosed volume of the iso-surface `iso` of a scalar field on a grid with the given spacing.
 * The field must be below `iso` on the border of the box so that the surface is closed. With
 * `rowLo`/`rowHi` (the non-zero i range of each voxel row) cubes that are zero at all corners are skipped.
 */
export function isoSurface(
  field: Uint8Array | Float32Array, dims: Vec3, spacing: Vec3, iso: number,
  rows?: { rowLo: Int32Array; rowHi: Int32Array },
): IsoSurfaceMeasures {
  const [nx, ny, nz] = dims;
  const sy = nx;
  const sz = nx * ny;
  const offsets = Array.from({ length: 8 }, (_, c) => (c & 1) + sy * ((c >> 1) & 1) + sz * ((c >> 2) & 1));
  const px = Float64Array.from({ length: 8 }, (_, c) => (c & 1) * spacing[0]);
  const py = Float64Array.from({ length: 8 }, (_, c) => ((c >> 1) & 1) * spacing[1]);
  const pz = Float64Array.from({ length: 8 }, (_, c) => ((c >> 2) & 1) * spacing[2]);
  const values = new Float64Array(8);
  const cut = new Float64Array(12);
  const sums: SurfaceSums = { area: 0, volume6: 0 };
  for (let k = 0; k + 1 < nz; k++) {
    for (let j = 0; j + 1 < ny; j++) {
      const rowBase = nx * j + sz * k;
      const oy = j * spacing[1];
      const oz = k * spacing[2];
      let first = 0;
      let last = nx - 2;
      if (rows) {
        const r = j + ny * k;
        first = Math.min(rows.rowLo[r]!, rows.rowLo[r + 1]!, rows.rowLo[r + ny]!, rows.rowLo[r + ny + 1]!) - 1;
        last = Math.max(rows.rowHi[r]!, rows.rowHi[r + 1]!, rows.rowHi[r + ny]!, rows.rowHi[r + ny + 1]!);
        first = Math.max(0, first);
        last = Math.min(nx - 2, last);
        if (first > last) continue;
      }
      // Which corners of the cube's x = i face are at or above iso; carried to the next cube.
      let at = rowBase + first;
      let left =
        (field[at]! >= iso ? 1 : 0) | (field[at + sy]! >= iso ? 2 : 0) |
        (field[at + sz]! >= iso ? 4 : 0) | (field[at + sy + sz]! >= iso ? 8 : 0);
      for (let i = first; i <= last; i++) {
        at = rowBase + i + 1;
        const right =
          (field[at]! >= iso ? 1 : 0) | (field[at + sy]! >= iso ? 2 : 0) |
          (field[at + sz]! >= iso ? 4 : 0) | (field[at + sy + sz]! >= iso ? 8 : 0);
        if (left !== right || (left !== 0 && left !== 15)) {
          const base = rowBase + i;
          for (let c = 0; c < 8; c++) values[c] = field[base + offsets[c]!]!;
          for (let t = 0; t < 6; t++) addTetSurface(t, i * spacing[0], oy, oz, px, py, pz, values, iso, cut, sums);
        }
        left = right;
      }
    }
  }
  return { areaMm2: sums.area, volumeMm3: Math.abs(sums.volume6) / 6 };
}

/** A smoothed mask and, per voxel row (j + ny·k), the i range outside which it is zero (lo > hi: empty). */
export interface SmoothedMask {
  field: Uint8Array;
  rowLo: Int32Array;
  rowHi: Int32Array;
}

/** Scale of smoothBinomial's output: a voxel whose whole 3×3×3 neighbourhood is inside reads 64. */
export const BINOMIAL_FULL = 64;

/**
 * Separable (1, 2, 1) smoothing of a binary mask along each axis (zero outside the box), in integers:
 * the result is 64 × the (¼, ½, ¼)-smoothed mask, so it fits a Uint8Array and the three passes stay
 * in byte arithmetic. Rows that are zero, and the zero ends of rows, are not visited: the work follows
 * the mask, not its bounding box.
 */
export function smoothBinomial(local: Uint8Array, dims: Vec3): SmoothedMask {
  const [nx, ny, nz] = dims;
  const rows = ny * nz;
  // Non-zero span [lo, hi] of each row of the current buffer (lo > hi: empty row).
  let lo = new Int32Array(rows).fill(nx);
  let hi = new Int32Array(rows).fill(-1);
  for (let r = 0; r < rows; r++) {
    const base = r * nx;
    for (let i = 0; i < nx; i++) if (local[base + i]) { lo[r] = i; break; }
    for (let i = nx - 1; i >= 0; i--) if (local[base + i]) { hi[r] = i; break; }
  }
  // Along i: spans grow by one voxel each side.
  const a = new Uint8Array(local.length);
  for (let r = 0; r < rows; r++) {
    if (lo[r]! > hi[r]!) continue;
    const base = r * nx;
    const first = Math.max(0, lo[r]! - 1);
    const last = Math.min(nx - 1, hi[r]! + 1);
    for (let i = first; i <= last; i++) {
      const prev = i > 0 ? local[base + i - 1]! : 0;
      const next = i + 1 < nx ? local[base + i + 1]! : 0;
      a[base + i] = 2 * (local[base + i]! ? 1 : 0) + (prev ? 1 : 0) + (next ? 1 : 0);
    }
    lo[r] = first;
    hi[r] = last;
  }
  // Along j, then along k: a row's output span is the union of its own and its two neighbours' spans.
  const along = (src: Uint8Array, rowStep: number, count: number, coordOf: (r: number) => number) => {
    const dst = new Uint8Array(src.length);
    const loOut = new Int32Array(rows).fill(nx);
    const hiOut = new Int32Array(rows).fill(-1);
    const stride = rowStep * nx;
    for (let r = 0; r < rows; r++) {
      const t = coordOf(r);
      const hasPrev = t > 0;
      const hasNext = t + 1 < count;
      let first = lo[r]!;
      let last = hi[r]!;
      if (hasPrev) (first = Math.min(first, lo[r - rowStep]!), (last = Math.max(last, hi[r - rowStep]!)));
      if (hasNext) (first = Math.min(first, lo[r + rowStep]!), (last = Math.max(last, hi[r + rowStep]!)));
      if (first > last) continue;
      const base = r * nx;
      for (let i = first; i <= last; i++) {
        const idx = base + i;
        dst[idx] = 2 * src[idx]! + (hasPrev ? src[idx - stride]! : 0) + (hasNext ? src[idx + stride]! : 0);
      }
      loOut[r] = first;
      hiOut[r] = last;
    }
    lo = loOut;
    hi = hiOut;
    return dst;
  };
  const b = along(a, 1, ny, (r) => r % ny);
  const field = along(b, ny, nz, (r) => Math.floor(r / ny));
  return { field, rowLo: lo, rowHi: hi };
}
