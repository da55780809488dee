import { indexToWorld } from '../../../main/core/volume/geometry.js';
import type { Geometry, LabelMap, Mat3, Vec3, Volume } from '../../../main/core/volume/types.js';

/** The awkward grid: 0.7 × 0.7 × 2.5 mm voxels, axes rotated 30° about z. */
export function obliqueGrid(dims: Vec3): Geometry {
  const c = Math.cos(Math.PI / 6);
  const s = Math.sin(Math.PI / 6);
  const direction: Mat3 = [c, -s, 0, s, c, 0, 0, 0, 1];
  return { dims, spacing: [0.7, 0.7, 2.5], origin: [-12.3, 40.1, -77.7], direction };
}

export function emptyLabelMap(g: Geometry, labels = [1, 2, 3]): LabelMap {
  return {
    ...g,
    dims: [...g.dims] as Vec3,
    data: new Uint8Array(g.dims[0] * g.dims[1] * g.dims[2]),
    labels: labels.map((value) => ({ value, name: `label ${value}`, color: [value * 60, 0, 0] as [number, number, number] })),
  };
}

/** An int16 image on the grid whose value at each voxel is `value(i, j, k)`. */
export function imageOn(g: Geometry, value: (i: number, j: number, k: number) => number): Volume {
  const [nx, ny, nz] = g.dims;
  const data = new Int16Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) data[i + nx * (j + ny * k)] = value(i, j, k);
  return {
    ...g,
    dims: [...g.dims] as Vec3,
    data,
    pixelType: 'int16',
    meta: { modality: 'CT', sourceKind: 'demo', windowPresets: [], warnings: [] },
  };
}

/** Linear indices of the voxels satisfying `test(i, j, k, worldCentre)`, by visiting every voxel. */
export function bruteForce(g: Geometry, test: (i: number, j: number, k: number, p: Vec3) => boolean): number[] {
  const [nx, ny, nz] = g.dims;
  const out: number[] = [];
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) if (test(i, j, k, indexToWorld(g, [i, j, k]))) out.push(i + nx * (j + ny * k));
    }
  }
  return out;
}

export function indicesWhere(data: Uint8Array, value: number): number[] {
  const out: number[] = [];
  for (let v = 0; v < data.length; v++) if (data[v] === value) out.push(v);
  return out;
}

export function distance(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** Deterministic PRNG (mulberry32) so random edit sequences are reproducible. */
export function seededRandom(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/** The box of a set of linear indices, for comparing with an edit's bbox. */
export function boxOf(indices: number[], dims: Vec3): { min: Vec3; max: Vec3 } {
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const v of indices) {
    const ijk: Vec3 = [v % dims[0], Math.floor(v / dims[0]) % dims[1], Math.floor(v / (dims[0] * dims[1]))];
    for (let a = 0; a < 3; a++) {
      min[a] = Math.min(min[a]!, ijk[a]!);
      max[a] = Math.max(max[a]!, ijk[a]!);
    }
  }
  return { min, max };
}

/** Index of the first differing byte, or -1 (typed-array toEqual is slow on whole volumes). */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return 0;
  for (let v = 0; v < a.length; v++) if (a[v] !== b[v]) return v;
  return -1;
}
