import { resampleTrilinear } from '../inference/resample.js';
import type { Geometry, Volume } from '../volume/types.js';
import { quantile, valuesInsideAndAround } from './outlineDensity.js';

/**
 * Below this share of the span from the lung around a nodule to its core (HU), a voxel holds no nodule: it is aerated
 * lung, 4–8 noise SDs above the lung's median on the LIDC slabs (span about 850 HU, lung SD 20–40 HU).
 */
const AERATED_SHARE = 0.2;
/** Below this span (HU) from the lung to the outline's core there is no nodule density to tell the lung from. */
const MIN_SPAN_HU = 100;
/** How deep (mm) into the model's outline aerated voxels are peeled: the margin it was trained to draw. */
const PEEL_MM = 2;
/** Peeling never takes more than this share of the outline (a faint nodule on thick slices is mostly edge). */
const MAX_PEELED_SHARE = 0.5;

/**
 * Peels from the surface of component `id` of `labels` (on `grid`) the voxels of aerated lung, up to `PEEL_MM` deep:
 * below the lung 2–5 mm around it (`AROUND_MM`) plus `AERATED_SHARE` of the span to its core.
 * The model draws the readers' margin around a nodule (LIDC readers draw just outside it); on a blurred edge that margin
 * holds partial volume, but where the edge is sharp it is plain lung, and a hard-edged 10 mm ball came out 12 mm.
 * Voxels with some nodule density in them stay, so real nodules keep the readers' margin. Only surface voxels go, so a
 * cavity inside is kept. Returns the peeled voxels (none when it would take more than half the outline, or the
 * outline's core is less than `MIN_SPAN_HU` above the lung).
 */
export function peelAeratedEdge(volume: Volume, grid: Geometry, labels: Int32Array, id: number): number[] {
  const { dims, spacing } = grid;
  const hu = resampleTrilinear(volume.data, volume, grid, 'reflect');
  const inside = new Uint8Array(labels.length);
  for (let v = 0; v < labels.length; v++) inside[v] = labels[v] === id ? 1 : 0;
  const limit = aeratedLimitHu(hu, grid, inside);
  if (limit === null) return [];
  const [nx, ny, nz] = dims;
  const exposed = (v: number) => {
    const i = v % nx, j = Math.floor(v / nx) % ny, k = Math.floor(v / (nx * ny));
    return i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1
      || !inside[v - 1] || !inside[v + 1] || !inside[v - nx] || !inside[v + nx] || !inside[v - nx * ny] || !inside[v + nx * ny];
  };
  const peeled: number[] = [];
  for (let step = 0; step < Math.round(PEEL_MM / Math.min(...spacing)); step++) {
    const layer: number[] = [];
    for (let v = 0; v < inside.length; v++) if (inside[v] && hu[v]! < limit && exposed(v)) layer.push(v);
    if (!layer.length) break;
    for (const v of layer) inside[v] = 0;
    peeled.push(...layer);
  }
  let total = 0;
  for (let v = 0; v < labels.length; v++) total += labels[v] === id ? 1 : 0;
  if (peeled.length > MAX_PEELED_SHARE * total) return [];
  for (const v of peeled) labels[v] = 0;
  return peeled;
}

/** The lung median around the outline plus `AERATED_SHARE` of the span to the outline's core (its 75th HU percentile). */
function aeratedLimitHu(hu: Float32Array, grid: Geometry, inside: Uint8Array): number | null {
  const { within, around } = valuesInsideAndAround(hu, grid, inside);
  if (!within.length || !around.length) return null;
  const lung = quantile(around, 0.5);
  const core = quantile(within, 0.75);
  return core - lung >= MIN_SPAN_HU ? lung + AERATED_SHARE * (core - lung) : null;
}
