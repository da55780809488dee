import { labelComponents } from '../analysis/connectedComponents.js';
import { squaredDistanceToMask3d } from '../editing/distanceTransform.js';
import type { Geometry, Vec3, Volume } from '../volume/types.js';
import { cropHu } from './cropHu.js';
import { GROUND_GLASS_HU, valuesNear } from './clickHints.js';
import { componentBox } from './componentPick.js';
import { SOLID_PART_HU } from '../analysis/solidPart.js';

/** How far (mm) from the click its brightest voxel may lie: a click on a 4 mm nodule is often a voxel or two off. */
const PEAK_RADIUS_MM = 2.5;

export interface DensityMap {
  /** Per crop voxel, (HU − lung) / (peak − lung) clamped to [0, 1]: 0.5 is the half-maximum edge. */
  probability: Float32Array;
  peakHu: number;
  lungHu: number;
}

/**
 * A density map standing in for the model's probability on `grid` around a click on solid tissue: each voxel's
 * HU scaled between the aerated lung around it (the median of the crop's voxels from −1000 to −500 HU) and the
 * brightest voxel within 2.5 mm of the click, so that 0.5 is the half-maximum edge: the physical edge of a blurred
 * object wider than the blur, measured from its own peak, so thick slices that lower a small nodule's peak do not
 * shrink it to nothing (4 mm balls on 2.5 mm slices measure 4.1 mm). Null when the click is
 * not on solid tissue (its brightest voxel is below `SOLID_PART_HU`) or the crop holds no aerated lung.
 */
export function densityMap(volume: Volume, grid: Geometry, seedLps: Vec3): DensityMap | null {
  const hu = cropHu(volume, grid);
  let peak = -Infinity;
  for (const v of valuesNear({ ...grid, data: hu }, seedLps, PEAK_RADIUS_MM)) peak = Math.max(peak, v);
  if (!(peak > SOLID_PART_HU)) return null;
  const lung = aeratedLungHu(hu);
  if (lung === null) return null;
  const probability = new Float32Array(hu.length);
  const span = peak - lung;
  for (let v = 0; v < hu.length; v++) probability[v] = Math.min(1, Math.max(0, (hu[v]! - lung) / span));
  return { probability, peakHu: peak, lungHu: lung };
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
  const whole = componentBox(labels, id, grid.dims);
  if (!whole) return 0;
  const inside = maxDepth2(subBox(grid, whole, [1, 1, 1]), (v) => labels[v] === id, grid.spacing);
  if (inside === 0) return 0; // only on the crop's faces: nothing to measure against
  // Depths beyond the component's own are cut short by the box's faces, which is enough: the ratio is then above 1.
  const margin = EXIT_SHELL_MM[1] + Math.sqrt(inside) + 1;
  const box = subBox(grid, whole, grid.spacing.map((s) => Math.ceil(margin / s)) as Vec3);
  const { dims, index } = box;
  const n = index.length;
  const component = new Uint8Array(n);
  const solid = new Uint8Array(n);
  for (let b = 0; b < n; b++) {
    component[b] = labels[index[b]!] === id ? 1 : 0;
    solid[b] = density.probability[index[b]!]! > 0.5 && !onFace(b, dims) ? 1 : 0;
  }
  const fromComponent2 = squaredDistanceToMask3d(component, dims, grid.spacing);
  const [lo2, hi2] = EXIT_SHELL_MM.map((d) => d * d) as [number, number];
  // Solid structure near the component, joined to it there: a thick structure reached only far away does not count.
  const near = new Uint8Array(n);
  for (let b = 0; b < n; b++) near[b] = solid[b] && fromComponent2[b]! <= hi2 ? 1 : 0;
  const pieces = labelComponents(near, dims, { connectivity: 26 });
  const touching = new Uint8Array(pieces.count + 1);
  for (let b = 0; b < n; b++) if (component[b]) touching[pieces.labels[b]!] = 1;
  const background = new Uint8Array(n);
  for (let b = 0; b < n; b++) background[b] = solid[b] ? 0 : 1;
  const depth2 = squaredDistanceToMask3d(background, dims, grid.spacing);
  const [nx, ny] = dims;
  const at = (b: number): Vec3 => [(b % nx) * grid.spacing[0], (Math.floor(b / nx) % ny) * grid.spacing[1], Math.floor(b / (nx * ny)) * grid.spacing[2]];
  let [cx, cy, cz, count] = [0, 0, 0, 0];
  const exits: number[] = [];
  for (let b = 0; b < n; b++) {
    if (component[b]) {
      const [x, y, z] = at(b);
      [cx, cy, cz, count] = [cx + x, cy + y, cz + z, count + 1];
    } else if (near[b] && touching[pieces.labels[b]!] && fromComponent2[b]! >= lo2) exits.push(b);
  }
  if (exits.length === 0) return 0;
  const centre: Vec3 = [cx / count, cy / count, cz / count];
  const direction = (b: number): Vec3 => {
    const d = at(b).map((x, a) => x - centre[a]!) as Vec3;
    const len = Math.hypot(...d) || 1;
    return d.map((x) => x / len) as Vec3;
  };
  let thickest = exits[0]!;
  for (const b of exits) if (depth2[b]! > depth2[thickest]!) thickest = b;
  const d1 = direction(thickest);
  let opposite = 0;
  for (const b of exits) {
    const d = direction(b);
    if (d[0] * d1[0] + d[1] * d1[1] + d[2] * d1[2] < OPPOSITE_COS) opposite = Math.max(opposite, depth2[b]!);
  }
  return Math.sqrt(opposite / inside);
}

/** A box of the grid (`box` grown by `margin` voxels, clipped): its dims and, per box voxel, the grid voxel it is. */
function subBox(grid: Geometry, box: { lo: Vec3; hi: Vec3 }, margin: Vec3): { dims: Vec3; index: Uint32Array } {
  const lo = box.lo.map((v, a) => Math.max(0, v - margin[a]!)) as Vec3;
  const hi = box.hi.map((v, a) => Math.min(grid.dims[a]! - 1, v + margin[a]!)) as Vec3;
  const dims = hi.map((v, a) => v - lo[a]! + 1) as Vec3;
  const [nx, ny] = grid.dims;
  const index = new Uint32Array(dims[0] * dims[1] * dims[2]);
  for (let k = 0, b = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++, b++) index[b] = lo[0] + i + nx * (lo[1] + j + ny * (lo[2] + k));
  return { dims, index };
}

/** Largest squared depth (mm²) inside the box voxels where `inside(grid voxel)` holds: the squared inscribed radius. */
function maxDepth2(box: { dims: Vec3; index: Uint32Array }, inside: (v: number) => boolean, spacing: Vec3): number {
  const outside = new Uint8Array(box.index.length);
  for (let b = 0; b < outside.length; b++) outside[b] = inside(box.index[b]!) && !onFace(b, box.dims) ? 0 : 1;
  const depth2 = squaredDistanceToMask3d(outside, box.dims, spacing);
  let best = 0;
  for (let b = 0; b < outside.length; b++) if (!outside[b]) best = Math.max(best, depth2[b]!);
  return best;
}

function onFace(b: number, dims: Vec3): boolean {
  const [nx, ny, nz] = dims;
  const i = b % nx, j = Math.floor(b / nx) % ny, k = Math.floor(b / (nx * ny));
  return i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1;
}

/** The shell around a kept nodule where ground glass running on beyond it is looked for (mm from its surface). */
const BEYOND_SHELL_MM: readonly [number, number] = [1, 3];

/**
 * The share of the voxels 1–3 mm outside a component whose HU is ground glass (−800 to −300): near 0 for a nodule in
 * aerated lung, whatever its density, and high when the component is a piece of a larger ground-glass nodule (the
 * model keeps a vessel crossing it, or the solid core of a part-solid one), so the outline is too small.
 */
export function groundGlassBeyond(volume: Volume, labels: Int32Array, id: number, grid: Geometry): number {
  const whole = componentBox(labels, id, grid.dims);
  if (!whole) return 0;
  const box = subBox(grid, whole, grid.spacing.map((s) => Math.ceil(BEYOND_SHELL_MM[1] / s) + 1) as Vec3);
  const n = box.index.length;
  const component = new Uint8Array(n);
  for (let b = 0; b < n; b++) component[b] = labels[box.index[b]!] === id ? 1 : 0;
  const distance2 = squaredDistanceToMask3d(component, box.dims, grid.spacing);
  const hu = cropHu(volume, grid);
  const [lo2, hi2] = BEYOND_SHELL_MM.map((d) => d * d) as [number, number];
  let shell = 0;
  let glass = 0;
  for (let b = 0; b < n; b++) {
    if (distance2[b]! <= lo2 || distance2[b]! > hi2) continue;
    shell++;
    const v = hu[box.index[b]!]!;
    if (v >= GROUND_GLASS_HU[0] && v <= GROUND_GLASS_HU[1]) glass++;
  }
  return shell ? glass / shell : 0;
}
