import { openedByBall } from '../editing/distanceTransform.js';
import type { Geometry } from '../volume/types.js';

/**
 * Morphological opening of one component by a ball of diameter `widthMm`: the vessels thinner than that
 * which the model joined to a juxtavascular nodule fall away, while a nodule wider than the ball keeps its
 * shape (a ball opened by a smaller ball is itself). Returns the opened mask of the crop (0/1); it may hold
 * several pieces, or none when the whole component was thinner than `widthMm` (a vessel).
 */
export function openComponent(labels: Int32Array, id: number, grid: Geometry, widthMm: number): Uint8Array {
  const inside = new Uint8Array(labels.length);
  for (let v = 0; v < labels.length; v++) inside[v] = labels[v] === id ? 1 : 0;
  // Voxel centres: a component's surface lies half a voxel beyond its outermost voxels.
  const half = Math.min(...grid.spacing) / 2;
  const reach = widthMm / 2 + half;
  // Growing back half a voxel further than the erosion keeps the single-voxel bumps of a digital surface.
  return openedByBall(inside, grid.dims, grid.spacing, reach, reach + half);
}
