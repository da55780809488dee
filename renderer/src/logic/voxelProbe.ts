/** What lies under the mouse: LPS mm, voxel index, value. */
import { worldToIndex } from '../../../main/core/volume/geometry.js';
import type { Geometry, Vec3 } from '../../../main/core/volume/types.js';

export interface Probe {
  lps: Vec3;
  ijk: Vec3;
  value: number | null;
}

export function probeVoxel(g: Geometry, voxels: ArrayLike<number>, lps: Vec3): Probe {
  const ijk = worldToIndex(g, lps).map((v) => Math.round(v)) as Vec3;
  const inside = ijk.every((v, c) => v >= 0 && v < g.dims[c]!);
  const value = inside ? (voxels[ijk[0] + g.dims[0] * (ijk[1] + g.dims[1] * ijk[2])] as number) : null;
  return { lps, ijk, value };
}

