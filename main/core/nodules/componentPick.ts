import { labelComponents } from '../analysis/connectedComponents.js';
import { voxelVolumeMm3 } from '../volume/geometry.js';
import type { Geometry, Vec3 } from '../volume/types.js';
import { componentShape, type ComponentShape } from './shape.js';

/** The shape limits a component must meet to be called a nodule. */
export interface NoduleLimits {
  /** Smallest nodule, as an equivalent-sphere diameter in mm. */
  minDiameterMm: number;
  /** Components whose principal-axis ratio exceeds this are vessel-like. */
  maxElongation: number;
  /** Components with more than this fraction of voxels on the crop's faces leave the search box. */
  maxBorderFraction: number;
  /** Components filling less of their moment ellipsoid than this are branching vessels. */
  minFillRatio: number;
}

export interface Picked {
  labels: Int32Array;
  id: number;
  shape: ComponentShape;
  /** Distance (mm) from the seed to the component's nearest voxel: 0 when the seed voxel is in it. */
  distanceMm: number;
}

/** The component at `seed` (crop index), else the nearest within `radius` voxels; null if none. */
export function componentAtSeed(mask: Uint8Array, grid: Geometry, seed: Vec3, radiusMm: number): Picked | null {
  const { labels, count } = labelComponents(mask, grid.dims, { connectivity: 26 });
  if (count === 0) return null;
  const [nx, ny, nz] = grid.dims;
  const s = grid.spacing;
  const c = seed.map((v) => Math.round(v)) as Vec3;
  const inside = c.every((v, a) => v >= 0 && v < grid.dims[a]!);
  let id = inside ? labels[c[0] + nx * (c[1] + ny * c[2])]! : 0;
  let best = id !== 0 ? 0 : Infinity;
  if (id === 0) {
    const r = [0, 1, 2].map((a) => Math.ceil(radiusMm / s[a]!));
    for (let k = Math.max(0, c[2] - r[2]!); k <= Math.min(nz - 1, c[2] + r[2]!); k++)
      for (let j = Math.max(0, c[1] - r[1]!); j <= Math.min(ny - 1, c[1] + r[1]!); j++)
        for (let i = Math.max(0, c[0] - r[0]!); i <= Math.min(nx - 1, c[0] + r[0]!); i++) {
          const l = labels[i + nx * (j + ny * k)]!;
          if (l === 0) continue;
          const d = ((i - seed[0]) * s[0]) ** 2 + ((j - seed[1]) * s[1]) ** 2 + ((k - seed[2]) * s[2]) ** 2;
          if (d < best && d <= radiusMm * radiusMm) {
            best = d;
            id = l;
          }
        }
  }
  if (id === 0) return null;
  return { labels, id, shape: componentShape(labels, id, grid.dims, s), distanceMm: Math.sqrt(best) };
}

/** Background pockets enclosed by the component (a cavity, an air bronchogram) become nodule. */
export function fillEnclosed(labels: Int32Array, id: number, dims: Vec3): void {
  const bg = new Uint8Array(labels.length);
  for (let v = 0; v < labels.length; v++) bg[v] = labels[v] === id ? 0 : 1;
  const holes = labelComponents(bg, dims, { connectivity: 6 });
  const [nx, ny, nz] = dims;
  const touches = new Uint8Array(holes.count + 1);
  for (let k = 0, o = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, o++)
        if (i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1) touches[holes.labels[o]!] = 1;
  for (let v = 0; v < labels.length; v++) {
    const h = holes.labels[v]!;
    if (h !== 0 && touches[h] === 0) labels[v] = id;
  }
}

export function aboveThreshold(p: Float32Array, t: number): Uint8Array {
  const m = new Uint8Array(p.length);
  for (let v = 0; v < p.length; v++) m[v] = p[v]! > t ? 1 : 0;
  return m;
}

export const equivalentDiameterMm = (shape: ComponentShape, grid: Geometry) => Math.cbrt((6 * shape.voxels * voxelVolumeMm3(grid)) / Math.PI);

/** Why a component is not a nodule (a clause for the message), or null when it may be one. */
export function refusal(shape: ComponentShape, grid: Geometry, o: NoduleLimits): string | null {
  if (equivalentDiameterMm(shape, grid) < o.minDiameterMm) return `the structure there is smaller than ${o.minDiameterMm} mm`;
  if (shape.elongation > o.maxElongation) return 'the structure there is elongated, like a vessel';
  if (shape.fillRatio < o.minFillRatio) return 'the structure there branches, like vessels';
  if (shape.borderFraction > o.maxBorderFraction)
    return `the structure there extends beyond the ${grid.dims[0] * grid.spacing[0]} mm search box, unlike a nodule`;
  return null;
}


/** Index bounds (inclusive) of the voxels where `labels === id`, or null when there are none. */
export function componentBox(labels: ArrayLike<number>, id: number, dims: Vec3): { lo: Vec3; hi: Vec3 } | null {
  const lo: Vec3 = [Infinity, Infinity, Infinity];
  const hi: Vec3 = [-1, -1, -1];
  for (let k = 0, v = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++, v++)
        if (labels[v] === id) {
          if (i < lo[0]) lo[0] = i;
          if (i > hi[0]) hi[0] = i;
          if (j < lo[1]) lo[1] = j;
          if (j > hi[1]) hi[1] = j;
          if (k < lo[2]) lo[2] = k;
          if (k > hi[2]) hi[2] = k;
        }
  return hi[0] < 0 ? null : { lo, hi };
}
