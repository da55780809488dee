import { squaredDistanceToMask3d } from '../editing/distanceTransform.js';
import { resampleTrilinear } from '../inference/resample.js';
import type { Geometry, Volume } from '../volume/types.js';
import { GROUND_GLASS_HU } from './clickHints.js';

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
/** The lung the span starts from: 2–5 mm from the outline, as `groundGlassOutline` measures it. */
const AROUND_MM: readonly [number, number] = [2, 5];

/**
 * Peels from the surface of component `id` of `labels` (on `grid`) the voxels of aerated lung, up to `PEEL_MM` deep.
 * The model draws the readers' margin around a nodule (LIDC readers draw just outside it); on a blurred edge that margin
 * holds partial volume, but where the edge is sharp it is plain lung, and a hard-edged 10 mm ball came out 12 mm.
 * Voxels with some nodule density in them stay, so real nodules keep the readers' margin. Only surface voxels go, so a
 * cavity inside is kept. Returns how many voxels were peeled (0 when it would take more than half the outline, or the
 * outline's core is less than `MIN_SPAN_HU` above the lung).
 */
export function peelAeratedEdge(volume: Volume, grid: Geometry, labels: Int32Array, id: number): number {
  const { dims, spacing } = grid;
  const hu = resampleTrilinear(volume.data, volume, grid, 'reflect');
  const inside = new Uint8Array(labels.length);
  for (let v = 0; v < labels.length; v++) inside[v] = labels[v] === id ? 1 : 0;
  const limit = aeratedLimitHu(hu, grid, inside);
  if (limit === null) return 0;
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
  if (peeled.length > MAX_PEELED_SHARE * total) return 0;
  for (const v of peeled) labels[v] = 0;
  return peeled.length;
}

/** The lung median around the outline plus `AERATED_SHARE` of the span to the outline's core (its 75th HU percentile). */
function aeratedLimitHu(hu: Float32Array, grid: Geometry, inside: Uint8Array): number | null {
  const distance2 = squaredDistanceToMask3d(inside, grid.dims, grid.spacing);
  const [lo2, hi2] = AROUND_MM.map((d) => d * d) as [number, number];
  const within: number[] = [];
  const around: number[] = [];
  for (let v = 0; v < hu.length; v++) {
    if (inside[v]) within.push(hu[v]!);
    else if (distance2[v]! > lo2 && distance2[v]! <= hi2 && hu[v]! <= GROUND_GLASS_HU[1]) around.push(hu[v]!);
  }
  if (!within.length || !around.length) return null;
  within.sort((a, b) => a - b);
  around.sort((a, b) => a - b);
  const lung = around[Math.floor(around.length / 2)]!;
  const core = within[Math.floor(0.75 * (within.length - 1))]!;
  return core - lung >= MIN_SPAN_HU ? lung + AERATED_SHARE * (core - lung) : null;
}
