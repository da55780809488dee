import { squaredDistanceToMask3d } from '../editing/distanceTransform.js';
import type { Geometry } from '../volume/types.js';

/**
 * Morphological opening of one component by a ball of diameter `widthMm`: the vessels thinner than that
 * which the model joined to a juxtavascular nodule fall away, while a nodule wider than the ball keeps its
 * shape (a ball opened by a smaller ball is itself). Returns the opened mask of the crop (0/1); it may hold
 * several pieces, or none when the whole component was thinner than `widthMm` (a vessel).
 */
export function openComponent(labels: Int32Array, id: number, grid: Geometry, widthMm: number): Uint8Array {
  const outside = new Uint8Array(labels.length);
  for (let v = 0; v < labels.length; v++) outside[v] = labels[v] === id ? 0 : 1;
  // Voxel centres: a component's surface lies half a voxel beyond its outermost voxels.
  const half = Math.min(...grid.spacing) / 2;
  const reach = widthMm / 2 + half;
  const depth2 = squaredDistanceToMask3d(outside, grid.dims, grid.spacing);
  const core = new Uint8Array(labels.length);
  let any = false;
  for (let v = 0; v < labels.length; v++)
    if (depth2[v]! > reach * reach) {
      core[v] = 1;
      any = true;
    }
  const opened = new Uint8Array(labels.length);
  if (!any) return opened;
  // Growing back half a voxel further than the erosion keeps the single-voxel bumps of a digital surface.
  const back = reach + half;
  const toCore2 = squaredDistanceToMask3d(core, grid.dims, grid.spacing);
  for (let v = 0; v < labels.length; v++) if (labels[v] === id && toCore2[v]! <= back * back) opened[v] = 1;
  return opened;
}
