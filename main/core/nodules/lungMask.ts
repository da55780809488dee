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
  /** An air component whose median HU is below this is gas (bowel, stomach), not lung (default −950). */
  gasMedianHu?: number;
}

/**
 * Lung parenchyma is denser than air: under half of it lies below −950 HU even in severe emphysema (that share,
 * LAA−950, is the emphysema index, about 25–35 % in the most severe grade), so its median stays above −950 HU.
 * Gas in the bowel or stomach is air: measured here −967 and −974 HU for the colon of an abdominal CT (which had
 * been taken for its lungs), against −886 to −742 for the lungs of every CT in ../shared/data.
 */
const GAS_MEDIAN_HU = -950;

/**
 * Classical lung segmentation of a CT: air (< −400 HU), minus the air connected to the in-plane
 * border of the image (outside the body) and the pockets of gas (median below −950 HU), keep the largest one or two components (the second when it
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
  const minVoxels = 20_000 / voxelVolumeMm3(volume); // 20 mL: not a bowel gas bubble
  const medians = medianHuOf(labels, count, d, (c) => !outside[c] && sizes[c - 1]! >= minVoxels);
  const ranked = sizes
    .map((size, c) => ({ id: c + 1, size }))
    .filter((c) => !outside[c.id] && !(medians[c.id]! < (opts.gasMedianHu ?? GAS_MEDIAN_HU)))
    .sort((a, b) => b.size - a.size);
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

/** Median HU (1 HU bins, −1100 to −400) of each component `wanted` keeps, by component id; NaN for the others. */
function medianHuOf(labels: Int32Array, count: number, hu: ArrayLike<number>, wanted: (id: number) => boolean): Float64Array {
  const LO = -1100;
  const bins = -400 - LO;
  const keep = new Uint8Array(count + 1);
  for (let c = 1; c <= count; c++) keep[c] = wanted(c) ? 1 : 0;
  const slot = new Int32Array(count + 1).fill(-1);
  let n = 0;
  for (let c = 1; c <= count; c++) if (keep[c]) slot[c] = n++;
  const counts = new Uint32Array(n * bins);
  const totals = new Uint32Array(n);
  for (let v = 0; v < labels.length; v++) {
    const s = slot[labels[v]!]!;
    if (s < 0) continue;
    counts[s * bins + Math.min(bins - 1, Math.max(0, Math.round(hu[v]!) - LO))]!++;
    totals[s]!++;
  }
  const medians = new Float64Array(count + 1).fill(NaN);
  for (let c = 1; c <= count; c++) {
    const s = slot[c]!;
    if (s < 0) continue;
    for (let b = 0, seen = 0; b < bins; b++) if ((seen += counts[s * bins + b]!) * 2 >= totals[s]!) { medians[c] = b + LO; break; }
  }
  return medians;
}
