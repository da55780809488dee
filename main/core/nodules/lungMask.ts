import { labelComponents } from '../analysis/connectedComponents.js';
import { voxelVolumeMm3 } from '../volume/geometry.js';
import type { Vec3, Volume } from '../volume/types.js';
import { closeEachSliceComponent } from './morphology.js';

export interface LungMask {
  /** 1 inside the lungs (source grid, x fastest), including juxtapleural nodules and vessels. */
  mask: Uint8Array;
  volumeMl: number;
  /** Number of lung components kept (1 when the lungs touch through the trachea or the slab shows one lung). */
  components: number;
}

export interface LungMaskOptions {
  /** HU below which a voxel is air (default −400). */
  airHu?: number;
  /** In-plane closing radius in mm, which pulls juxtapleural nodules into the mask (default 6). */
  closingMm?: number;
  /** Largest in-slice hole filled, mm² (default 1000, a 36 mm disc: nodules and hilar vessels, not the mediastinum). */
  maxHoleMm2?: number;
}

/**
 * Classical lung segmentation of a CT: air (< −400 HU), minus the air connected to the in-plane
 * border of the image (outside the body), keep the largest one or two components (the second when it
 * is ≥ 10 % of the first), then close and fill small holes in each slice, one lung outline at a time
 * (so the two lungs are never bridged across the mediastinum), so that vessels and nodules touching
 * the pleura fall inside.
 */
export function segmentLungs(volume: Volume, opts: LungMaskOptions = {}): LungMask {
  const [nx, ny, nz] = volume.dims;
  const air = new Uint8Array(nx * ny * nz);
  const t = opts.airHu ?? -400;
  const d = volume.data;
  for (let v = 0; v < air.length; v++) air[v] = d[v]! < t ? 1 : 0;
  const { labels, count, sizes } = labelComponents(air, volume.dims, { connectivity: 6 });
  const outside = new Uint8Array(count + 1);
  for (let k = 0; k < nz; k++) {
    for (let i = 0; i < nx; i++) {
      outside[labels[i + nx * ny * k]!] = 1;
      outside[labels[i + nx * (ny - 1 + ny * k)]!] = 1;
    }
    for (let j = 0; j < ny; j++) {
      outside[labels[nx * (j + ny * k)]!] = 1;
      outside[labels[nx - 1 + nx * (j + ny * k)]!] = 1;
    }
  }
  const ranked = sizes
    .map((size, c) => ({ id: c + 1, size }))
    .filter((c) => !outside[c.id])
    .sort((a, b) => b.size - a.size);
  const minVoxels = 20_000 / voxelVolumeMm3(volume); // 20 mL: not a bowel gas bubble
  const keep = ranked.filter((c, r) => c.size >= minVoxels && (r === 0 || (r === 1 && c.size >= 0.1 * ranked[0]!.size)));
  const keepId = new Uint8Array(count + 1);
  for (const c of keep) keepId[c.id] = 1;
  let mask: Uint8Array = new Uint8Array(air.length);
  for (let v = 0; v < mask.length; v++) mask[v] = keepId[labels[v]!]!;
  const r = opts.closingMm ?? 6;
  const radius: Vec3 = [Math.round(r / volume.spacing[0]), Math.round(r / volume.spacing[1]), 0];
  const maxHole = Math.round((opts.maxHoleMm2 ?? 1000) / (volume.spacing[0] * volume.spacing[1]));
  mask = closeEachSliceComponent(mask, volume.dims, radius, maxHole);
  let n = 0;
  for (let v = 0; v < mask.length; v++) n += mask[v]!;
  return { mask, volumeMl: (n * voxelVolumeMm3(volume)) / 1000, components: keep.length };
}
