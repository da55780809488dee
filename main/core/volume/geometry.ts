import type { Geometry, Mat3, Vec3 } from './types.js';

/** LPS millimetres of a (possibly fractional) voxel index. */
export function indexToWorld(g: Geometry, ijk: Vec3): Vec3 {
  const d = g.direction;
  const si = ijk[0] * g.spacing[0];
  const sj = ijk[1] * g.spacing[1];
  const sk = ijk[2] * g.spacing[2];
  return [
    g.origin[0] + d[0] * si + d[1] * sj + d[2] * sk,
    g.origin[1] + d[3] * si + d[4] * sj + d[5] * sk,
    g.origin[2] + d[6] * si + d[7] * sj + d[8] * sk,
  ];
}

/** Continuous voxel index of an LPS point (direction is orthonormal, so its inverse is its transpose). */
export function worldToIndex(g: Geometry, p: Vec3): Vec3 {
  const d = g.direction;
  const x = p[0] - g.origin[0];
  const y = p[1] - g.origin[1];
  const z = p[2] - g.origin[2];
  return [
    (d[0] * x + d[3] * y + d[6] * z) / g.spacing[0],
    (d[1] * x + d[4] * y + d[7] * z) / g.spacing[1],
    (d[2] * x + d[5] * y + d[8] * z) / g.spacing[2],
  ];
}

/**
 * Axis-aligned bounds of the eight corners of index box [lo, hi] after `map` (e.g. to LPS mm, or into another grid's
 * indices). The map is affine, so the box's image lies within these bounds.
 */
export function mappedBoxBounds(lo: Vec3, hi: Vec3, map: (ijk: Vec3) => Vec3): { lo: Vec3; hi: Vec3 } {
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const a of [lo[0], hi[0]])
    for (const b of [lo[1], hi[1]])
      for (const c of [lo[2], hi[2]]) {
        const p = map([a, b, c]);
        for (let d = 0; d < 3; d++) {
          min[d] = Math.min(min[d]!, p[d]!);
          max[d] = Math.max(max[d]!, p[d]!);
        }
      }
  return { lo: min, hi: max };
}

/** The value of the voxel nearest to `p` (LPS mm) of an image or label map, or null outside its grid. */
export function valueAtPoint(g: Geometry & { data: ArrayLike<number> }, p: Vec3): number | null {
  const [i, j, k] = worldToIndex(g, p).map(Math.round) as Vec3;
  const [nx, ny, nz] = g.dims;
  if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) return null;
  return g.data[i + nx * (j + ny * k)]!;
}

export function voxelVolumeMm3(g: Geometry): number {
  return g.spacing[0] * g.spacing[1] * g.spacing[2];
}

export function linearIndex(dims: Vec3, i: number, j: number, k: number): number {
  return i + dims[0] * (j + dims[1] * k);
}

export function isOrthonormal(m: Mat3, tol = 1e-4): boolean {
  const at = (r: number, c: number) => m[r * 3 + c]!;
  for (let a = 0; a < 3; a++) {
    for (let b = 0; b < 3; b++) {
      const dot = at(0, a) * at(0, b) + at(1, a) * at(1, b) + at(2, a) * at(2, b);
      if (Math.abs(dot - (a === b ? 1 : 0)) > tol) return false;
    }
  }
  return true;
}

export function sameGeometry(a: Geometry, b: Geometry, tolMm = 1e-3): boolean {
  const close = (x: readonly number[], y: readonly number[], t: number) => x.every((v, i) => Math.abs(v - y[i]!) <= t);
  return (
    close(a.dims, b.dims, 0) &&
    close(a.spacing, b.spacing, tolMm) &&
    close(a.origin, b.origin, tolMm) &&
    close(a.direction, b.direction, 1e-4)
  );
}

/** What makes grid `other` differ from `reference`, in words (dims, spacing, origin or direction), or null if none. */
export function describeGridDifference(reference: Geometry, other: Geometry, tolMm = 1e-2): string | null {
  const list = (v: readonly number[], digits: number) => v.map((x) => Number(x.toFixed(digits))).join(' × ');
  const far = (x: readonly number[], y: readonly number[], t: number) => x.some((v, i) => Math.abs(v - y[i]!) > t);
  if (far(reference.dims, other.dims, 0)) return `its size is ${list(other.dims, 0)} voxels, the image's ${list(reference.dims, 0)}`;
  if (far(reference.spacing, other.spacing, tolMm)) return `its spacing is ${list(other.spacing, 3)} mm, the image's ${list(reference.spacing, 3)} mm`;
  if (far(reference.direction, other.direction, 1e-4)) return `its axes point in other directions (${list(other.direction, 3)}; the image's ${list(reference.direction, 3)})`;
  if (far(reference.origin, other.origin, tolMm)) {
    const shift = Math.hypot(...reference.origin.map((v, i) => v - other.origin[i]!));
    return `its origin is (${list(other.origin, 2)}) mm, ${shift.toFixed(2)} mm from the image's (${list(reference.origin, 2)})`;
  }
  return null;
}
