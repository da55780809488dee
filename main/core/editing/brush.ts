import { worldToIndex } from '../volume/geometry.js';
import type { Geometry, Vec3 } from '../volume/types.js';
import { PLANE_AXIS } from './planes.js';
import type { BrushShape } from './types.js';

/**
 * Visits the voxels whose centres lie within `radiusMm` of `center` (LPS mm) as runs along i:
 * `visit(i0, i1, j, k)` covers i0..i1 inclusive. Distances are in millimetres, so on anisotropic
 * grids the brush stays round. For a slice shape the brush is the disc on the slice nearest the
 * centre (the centre projected onto it); nothing is visited if that slice lies outside the grid.
 * Only the brush's bounding box is touched, so the cost does not depend on the volume size.
 */
export function forEachBrushRun(
  g: Geometry,
  center: Vec3,
  radiusMm: number,
  shape: BrushShape,
  visit: (i0: number, i1: number, j: number, k: number) => void,
): void {
  if (!(radiusMm >= 0)) return;
  const c: number[] = worldToIndex(g, center);
  const fixed: number = shape === '3d' ? -1 : PLANE_AXIS[shape];
  const lo: number[] = [0, 0, 0];
  const hi: number[] = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const n = g.dims[a]!;
    if (a === fixed) {
      const s = Math.round(c[a]!);
      if (s < 0 || s >= n) return;
      lo[a] = hi[a] = c[a] = s;
    } else {
      // One voxel of slack each side; the exact test below decides.
      const reach = radiusMm / g.spacing[a]!;
      lo[a] = Math.max(0, Math.ceil(c[a]! - reach) - 1);
      hi[a] = Math.min(n - 1, Math.floor(c[a]! + reach) + 1);
    }
  }
  const [sx, sy, sz] = g.spacing;
  const [ci, cj, ck] = c as Vec3;
  const r2 = radiusMm * radiusMm;
  const iLo = lo[0]!;
  const iHi = hi[0]!;
  for (let k = lo[2]!; k <= hi[2]!; k++) {
    const dz = (k - ck) * sz;
    const remK = r2 - dz * dz;
    if (remK < 0) continue;
    for (let j = lo[1]!; j <= hi[1]!; j++) {
      const dy = (j - cj) * sy;
      const dyz2 = dy * dy + dz * dz;
      if (dyz2 > r2) continue;
      const inside = (i: number) => {
        const dx = (i - ci) * sx;
        return dx * dx + dyz2 <= r2;
      };
      // One voxel of slack each side (sqrt rounding), then the exact test settles the run's ends.
      const w = Math.sqrt(r2 - dyz2) / sx;
      let i0 = Math.max(iLo, Math.ceil(ci - w) - 1);
      let i1 = Math.min(iHi, Math.floor(ci + w) + 1);
      while (i0 <= i1 && !inside(i0)) i0++;
      while (i1 >= i0 && !inside(i1)) i1--;
      if (i0 > i1) continue;
      visit(i0, i1, j, k);
    }
  }
}

/**
 * Visits, as runs along i, the voxels whose centres lie within `radiusMm` of the segment from→to
 * (a capsule): one drag step of a brush, without gaps however fast the pointer moved. For a slice
 * shape both ends are projected onto the slice nearest `from`. Cost ∝ the capsule's bounding box.
 */
export function forEachCapsuleRun(
  g: Geometry,
  from: Vec3,
  to: Vec3,
  radiusMm: number,
  shape: BrushShape,
  visit: (i0: number, i1: number, j: number, k: number) => void,
): void {
  if (!(radiusMm >= 0)) return;
  const a: number[] = worldToIndex(g, from);
  const b: number[] = worldToIndex(g, to);
  const fixed: number = shape === '3d' ? -1 : PLANE_AXIS[shape];
  const lo: number[] = [0, 0, 0];
  const hi: number[] = [0, 0, 0];
  for (let axis = 0; axis < 3; axis++) {
    const n = g.dims[axis]!;
    if (axis === fixed) {
      const s = Math.round(a[axis]!);
      if (s < 0 || s >= n) return;
      lo[axis] = hi[axis] = a[axis] = b[axis] = s;
    } else {
      const reach = radiusMm / g.spacing[axis]!;
      lo[axis] = Math.max(0, Math.ceil(Math.min(a[axis]!, b[axis]!) - reach) - 1);
      hi[axis] = Math.min(n - 1, Math.floor(Math.max(a[axis]!, b[axis]!) + reach) + 1);
    }
  }
  // Millimetre offsets along the grid axes (the direction matrix is orthonormal, so lengths agree with LPS).
  const [sx, sy, sz] = g.spacing;
  const [ux, uy, uz] = [(b[0]! - a[0]!) * sx, (b[1]! - a[1]!) * sy, (b[2]! - a[2]!) * sz];
  const len2 = ux * ux + uy * uy + uz * uz;
  const r2 = radiusMm * radiusMm;
  for (let k = lo[2]!; k <= hi[2]!; k++) {
    const pz = (k - a[2]!) * sz;
    for (let j = lo[1]!; j <= hi[1]!; j++) {
      const py = (j - a[1]!) * sy;
      let runStart = -1;
      for (let i = lo[0]!; i <= hi[0]! + 1; i++) {
        let inside = false;
        if (i <= hi[0]!) {
          const px = (i - a[0]!) * sx;
          const t = len2 > 0 ? Math.min(1, Math.max(0, (px * ux + py * uy + pz * uz) / len2)) : 0;
          const dx = px - t * ux;
          const dy = py - t * uy;
          const dz = pz - t * uz;
          inside = dx * dx + dy * dy + dz * dz <= r2;
        }
        if (inside && runStart < 0) runStart = i;
        if (!inside && runStart >= 0) {
          visit(runStart, i - 1, j, k);
          runStart = -1;
        }
      }
    }
  }
}
