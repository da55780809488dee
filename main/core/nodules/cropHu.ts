import { resampleTrilinear } from '../inference/resample.js';
import { sameGeometry } from '../volume/geometry.js';
import type { Geometry, Volume } from '../volume/types.js';

const lastCrop = new WeakMap<Volume, { grid: Geometry; hu: Float32Array }>();

/**
 * The image's HU on a crop grid, mirrored beyond the image's edge. A crop that leaves the image sees it mirrored, not
 * padded: LIDC slabs are 40–70 slices, so a 64 mm crop at a nodule near the first or last slice is up to half padding.
 * Of small synthetic nodules (4–10 mm) within 25 mm of a slab end the model finds 32 of 68 with air there and 50
 * mirrored (bench `noduleSlabEdge`); mirroring keeps a nodule that the edge cuts round (a replicated edge slice would
 * make it a column, refused as a vessel). One click reads the same crop up to six times (the
 * model's input, the density map, the ground-glass and aerated-edge tests), so the last crop per volume is kept.
 * Shared: callers must not write to it.
 */
export function cropHu(volume: Volume, grid: Geometry): Float32Array {
  const hit = lastCrop.get(volume);
  if (hit && sameGeometry(hit.grid, grid, 0)) return hit.hu;
  const hu = resampleTrilinear(volume.data, volume, grid, 'reflect');
  lastCrop.set(volume, { grid: { dims: [...grid.dims], spacing: [...grid.spacing], origin: [...grid.origin], direction: [...grid.direction] }, hu });
  return hu;
}
