import { labelComponents } from '../analysis/connectedComponents.js';
import { squaredDistanceToMask3d } from '../editing/distanceTransform.js';
import { resampleTrilinear } from '../inference/resample.js';
import { worldToIndex } from '../volume/geometry.js';
import type { Geometry, Vec3, Volume } from '../volume/types.js';
import { SOLID_PART_HU } from './solidPart.js';

/** How far (mm) from the click its brightest voxel may lie: a click on a 4 mm nodule is often a voxel or two off. */
const PEAK_RADIUS_MM = 2.5;

export interface DensityMap {
  /** Per crop voxel, (HU − lung) / (peak − lung) clamped to [0, 1]: 0.5 is the half-maximum edge. */
  probability: Float32Array;
  /** The crop's HU (trilinear, the image mirrored beyond its edge). */
  hu: Float32Array;
  peakHu: number;
  lungHu: number;
}

/**
 * A density map standing in for the model's probability on `grid` around a click on solid tissue: each voxel's
 * HU scaled between the aerated lung around it (the median of the crop's voxels from −1000 to −500 HU) and the
 * brightest voxel within 2.5 mm of the click, so that 0.5 is the half-maximum edge. Half-maximum is the physical
 * edge of a blurred object whatever the partial volume of thick slices does to its peak. Null when the click is
 * not on solid tissue (its brightest voxel is below `SOLID_PART_HU`) or the crop holds no aerated lung.
 */
export function densityMap(volume: Volume, grid: Geometry, seedLps: Vec3): DensityMap | null {
  const hu = resampleTrilinear(volume.data, volume, grid, 'reflect');
  const [nx, ny, nz] = grid.dims;
  const c = worldToIndex(grid, seedLps);
  const r = grid.spacing.map((s) => Math.ceil(PEAK_RADIUS_MM / s));
  let peak = -Infinity;
  for (let k = Math.max(0, Math.round(c[2]) - r[2]!); k <= Math.min(nz - 1, Math.round(c[2]) + r[2]!); k++)
    for (let j = Math.max(0, Math.round(c[1]) - r[1]!); j <= Math.min(ny - 1, Math.round(c[1]) + r[1]!); j++)
      for (let i = Math.max(0, Math.round(c[0]) - r[0]!); i <= Math.min(nx - 1, Math.round(c[0]) + r[0]!); i++) {
        const d2 = ((i - c[0]) * grid.spacing[0]) ** 2 + ((j - c[1]) * grid.spacing[1]) ** 2 + ((k - c[2]) * grid.spacing[2]) ** 2;
        if (d2 <= PEAK_RADIUS_MM * PEAK_RADIUS_MM) peak = Math.max(peak, hu[i + nx * (j + ny * k)]!);
      }
  if (!(peak > SOLID_PART_HU)) return null;
  const lung = aeratedLungHu(hu);
  if (lung === null) return null;
  const probability = new Float32Array(hu.length);
  const span = peak - lung;
  for (let v = 0; v < hu.length; v++) probability[v] = Math.min(1, Math.max(0, (hu[v]! - lung) / span));
  return { probability, hu, peakHu: peak, lungHu: lung };
}

/** Median of the values from −1000 to −500 HU (aerated lung), by a 1 HU histogram; null when fewer than a tenth are. */
function aeratedLungHu(hu: Float32Array): number | null {
  const counts = new Uint32Array(501);
  let n = 0;
  for (const v of hu)
    if (v >= -1000 && v <= -500) {
      counts[Math.round(v) + 1000]!++;
      n++;
    }
  if (n < hu.length / 10) return null;
  for (let b = 0, seen = 0; b < counts.length; b++) if ((seen += counts[b]!) >= n / 2) return b - 1000;
  return null;
}

/** The shell outside a component (mm from its surface) where what leaves it is measured. */
const EXIT_SHELL_MM: readonly [number, number] = [2, 5];
/** Exits whose directions from the component's centre have a cosine below this are on opposite sides of it. */
const OPPOSITE_COS = -0.3;

/**
 * How thick the solid structure running on through a component is, relative to the component: find the thickest
 * solid structure leaving it (largest inscribed radius of the half-maximum density structure, joined to it, in a shell
 * 2–5 mm outside), then the thickest leaving on the opposite side, and divide that by the component's own largest
 * inscribed radius. A piece of vessel goes on at both ends about as thick as it is (measured 0.6–1.7 on the model's
 * answers to random vessel clicks); a nodule has nothing leaving it, or thinner vessels, or a wall on one side only
 * (juxtapleural, juxtamediastinal): 0–0.5 on synthetic nodules in real lung, 0 on LIDC-0003's four.
 */
export function throughCaliberRatio(labels: Int32Array, id: number, grid: Geometry, density: DensityMap): number {
  const n = labels.length;
  const component = new Uint8Array(n);
  for (let v = 0; v < n; v++) component[v] = labels[v] === id ? 1 : 0;
  const fromComponent2 = squaredDistanceToMask3d(component, grid.dims, grid.spacing);
  const [lo2, hi2] = EXIT_SHELL_MM.map((d) => d * d) as [number, number];
  // Solid structure near the component, joined to it there: a thick structure reached only far away does not count.
  const near = new Uint8Array(n);
  for (let v = 0; v < n; v++) near[v] = density.probability[v]! > 0.5 && fromComponent2[v]! <= hi2 ? 1 : 0;
  const pieces = labelComponents(near, grid.dims, { connectivity: 26 });
  const touching = new Uint8Array(pieces.count + 1);
  for (let v = 0; v < n; v++) if (component[v]) touching[pieces.labels[v]!] = 1;
  const background = new Uint8Array(n);
  for (let v = 0; v < n; v++) background[v] = density.probability[v]! > 0.5 ? 0 : 1;
  const depth2 = squaredDistanceToMask3d(background, grid.dims, grid.spacing);
  const notComponent = new Uint8Array(n);
  for (let v = 0; v < n; v++) notComponent[v] = component[v] ? 0 : 1;
  const ownDepth2 = squaredDistanceToMask3d(notComponent, grid.dims, grid.spacing);
  let inside = 0;
  let cx = 0, cy = 0, cz = 0, count = 0;
  const [nx, ny] = grid.dims;
  const exits: number[] = [];
  for (let v = 0; v < n; v++) {
    if (!near[v] || !touching[pieces.labels[v]!]) continue;
    if (component[v]) {
      inside = Math.max(inside, ownDepth2[v]!);
      cx += v % nx; cy += Math.floor(v / nx) % ny; cz += Math.floor(v / (nx * ny)); count++;
    } else if (fromComponent2[v]! >= lo2) exits.push(v);
  }
  if (inside === 0 || exits.length === 0) return 0;
  const centre = [cx / count, cy / count, cz / count];
  const direction = (v: number) => {
    const d = [(v % nx) - centre[0]!, (Math.floor(v / nx) % ny) - centre[1]!, Math.floor(v / (nx * ny)) - centre[2]!].map((x, a) => x * grid.spacing[a]!);
    const len = Math.hypot(d[0]!, d[1]!, d[2]!) || 1;
    return d.map((x) => x / len);
  };
  let thickest = exits[0]!;
  for (const v of exits) if (depth2[v]! > depth2[thickest]!) thickest = v;
  const d1 = direction(thickest);
  let opposite = 0;
  for (const v of exits) {
    const d = direction(v);
    if (d[0]! * d1[0]! + d[1]! * d1[1]! + d[2]! * d1[2]! < OPPOSITE_COS) opposite = Math.max(opposite, depth2[v]!);
  }
  return Math.sqrt(opposite / inside);
}
