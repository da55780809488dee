import { indexToWorld, worldToIndex } from '../volume/geometry.js';
import type { Geometry, Vec3 } from '../volume/types.js';
import { indexMapping } from './resample.js';
import { decideLabel, type ScoreKind } from './slidingWindow.js';

export type UpsampleMode = 'nearest' | 'linear';

export interface ModelGridResult {
  grid: Geometry;
  /** Labels on the model grid after post-processing. */
  labels: Uint8Array;
  /** Labels on the model grid straight from argmax (needed by 'linear' to honour post-processing). */
  rawLabels?: Uint8Array;
  /** Blended foreground scores, C−1 channels over the model grid (needed by 'linear'). */
  scores?: Float32Array;
  kind: ScoreKind;
  classes: number;
}

/** Source voxels whose centres can fall inside the model grid (the whole source for a full-volume run). */
function sourceRegion(source: Geometry, grid: Geometry): { lo: Vec3; hi: Vec3 } {
  const lo: Vec3 = [Infinity, Infinity, Infinity];
  const hi: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (const a of [-0.5, grid.dims[0] - 0.5])
    for (const b of [-0.5, grid.dims[1] - 0.5])
      for (const c of [-0.5, grid.dims[2] - 0.5]) {
        const p = worldToIndex(source, indexToWorld(grid, [a, b, c]));
        for (let d = 0; d < 3; d++) {
          lo[d] = Math.min(lo[d]!, p[d]!);
          hi[d] = Math.max(hi[d]!, p[d]!);
        }
      }
  const clampLo = (v: number) => Math.max(0, Math.floor(v));
  return {
    lo: [clampLo(lo[0]), clampLo(lo[1]), clampLo(lo[2])],
    hi: [Math.min(source.dims[0] - 1, Math.ceil(hi[0])), Math.min(source.dims[1] - 1, Math.ceil(hi[1])), Math.min(source.dims[2] - 1, Math.ceil(hi[2]))],
  };
}

/**
 * 1 where the 2×2×2 cell starting at a model voxel has one label on all corners, unchanged by
 * post-processing: inside such a cell interpolation cannot change the answer, so it is skipped.
 */
function uniformCells(raw: Uint8Array, labels: Uint8Array, dims: Vec3): Uint8Array {
  const [mx, my, mz] = dims;
  const mxy = mx * my;
  const uniform = new Uint8Array(raw.length);
  for (let z = 0; z < mz - 1; z++)
    for (let y = 0; y < my - 1; y++) {
      let v = mx * y + mxy * z;
      for (let x = 0; x < mx - 1; x++, v++) {
        const l = raw[v];
        uniform[v] =
          l === raw[v + 1] && l === raw[v + mx] && l === raw[v + mx + 1] &&
          l === raw[v + mxy] && l === raw[v + mxy + 1] && l === raw[v + mxy + mx] && l === raw[v + mxy + mx + 1] &&
          l === labels[v] && l === labels[v + 1] && l === labels[v + mx] && l === labels[v + mx + 1] &&
          l === labels[v + mxy] && l === labels[v + mxy + 1] && l === labels[v + mxy + mx] && l === labels[v + mxy + mx + 1]
            ? 1
            : 0;
      }
    }
  return uniform;
}

/**
 * Writes the model's labels into the source grid (`out`, source-sized, untouched outside the model grid).
 * 'nearest' takes the nearest model voxel's label; 'linear' interpolates the blended scores trilinearly
 * and takes their argmax, except where post-processing changed the nearest model voxel.
 */
export function labelsToSourceGrid(source: Geometry, r: ModelGridResult, mode: UpsampleMode, out: Uint8Array): void {
  if (mode === 'linear' && (!r.scores || !r.rawLabels)) throw new Error("'linear' upsampling needs the model-grid scores");
  const [mx, my, mz] = r.grid.dims;
  const mxy = mx * my;
  const n = mxy * mz;
  const [sx, sy] = source.dims;
  const { start, step } = indexMapping(r.grid, source);
  const { lo, hi } = sourceRegion(source, r.grid);
  const scores = r.scores;
  const raw = r.rawLabels;
  const uniform = mode === 'linear' ? uniformCells(raw!, r.labels, r.grid.dims) : undefined;
  const threshold = r.kind === 'probability' ? 0.5 : 0;
  for (let k = lo[2]; k <= hi[2]; k++) {
    for (let j = lo[1]; j <= hi[1]; j++) {
      let x = start[0] + step[0][0] * lo[0] + step[1][0] * j + step[2][0] * k;
      let y = start[1] + step[0][1] * lo[0] + step[1][1] * j + step[2][1] * k;
      let z = start[2] + step[0][2] * lo[0] + step[1][2] * j + step[2][2] * k;
      let o = lo[0] + sx * (j + sy * k);
      for (let i = lo[0]; i <= hi[0]; i++, o++, x += step[0][0], y += step[0][1], z += step[0][2]) {
        const rx = Math.round(x);
        const ry = Math.round(y);
        const rz = Math.round(z);
        if (rx < 0 || ry < 0 || rz < 0 || rx >= mx || ry >= my || rz >= mz) continue;
        const nearest = rx + mx * ry + mxy * rz;
        if (mode === 'nearest' || raw![nearest] !== r.labels[nearest]) {
          out[o] = r.labels[nearest]!;
          continue;
        }
        const x0 = Math.min(Math.max(Math.floor(x), 0), mx - 1);
        const y0 = Math.min(Math.max(Math.floor(y), 0), my - 1);
        const z0 = Math.min(Math.max(Math.floor(z), 0), mz - 1);
        const cell = x0 + mx * y0 + mxy * z0;
        if (uniform![cell]) {
          out[o] = r.labels[cell]!;
          continue;
        }
        const x1 = Math.min(x0 + 1, mx - 1);
        const y1 = Math.min(y0 + 1, my - 1);
        const z1 = Math.min(z0 + 1, mz - 1);
        const fx = Math.min(Math.max(x - x0, 0), 1);
        const fy = Math.min(Math.max(y - y0, 0), 1);
        const fz = Math.min(Math.max(z - z0, 0), 1);
        const interpolate = (c: number): number => {
          const b = (c - 1) * n;
          const v000 = scores![b + x0 + mx * y0 + mxy * z0]!;
          const v100 = scores![b + x1 + mx * y0 + mxy * z0]!;
          const v010 = scores![b + x0 + mx * y1 + mxy * z0]!;
          const v110 = scores![b + x1 + mx * y1 + mxy * z0]!;
          const v001 = scores![b + x0 + mx * y0 + mxy * z1]!;
          const v101 = scores![b + x1 + mx * y0 + mxy * z1]!;
          const v011 = scores![b + x0 + mx * y1 + mxy * z1]!;
          const v111 = scores![b + x1 + mx * y1 + mxy * z1]!;
          const c0 = (v000 + fx * (v100 - v000)) * (1 - fy) + (v010 + fx * (v110 - v010)) * fy;
          const c1 = (v001 + fx * (v101 - v001)) * (1 - fy) + (v011 + fx * (v111 - v011)) * fy;
          return c0 + fz * (c1 - c0);
        };
        out[o] = r.classes === 2 ? (interpolate(1) > threshold ? 1 : 0) : decideLabel(r.kind, r.classes, interpolate);
      }
    }
  }
}
