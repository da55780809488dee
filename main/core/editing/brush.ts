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
