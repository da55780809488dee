import { indexToWorld, mappedBoxBounds, worldToIndex } from '../volume/geometry.js';
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
  const { lo, hi } = mappedBoxBounds([-0.5, -0.5, -0.5], [grid.dims[0] - 0.5, grid.dims[1] - 0.5, grid.dims[2] - 0.5], (ijk) => worldToIndex(source, indexToWorld(grid, ijk)));
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
  const { step } = indexMapping(r.grid, source);
  const offAxis = Math.abs(step[0][1]) + Math.abs(step[0][2]) + Math.abs(step[1][0]) + Math.abs(step[1][2]) + Math.abs(step[2][0]) + Math.abs(step[2][1]);
  if (offAxis < 1e-9) labelsToSourceGridAxisAligned(source, r, mode, out);
  else labelsToSourceGridGeneral(source, r, mode, out);
}

/** Trilinear value of one score channel (offset `b`) from corner offsets (y, z already scaled). */
function trilinear(s: Float32Array, b: number, x0: number, x1: number, y0: number, y1: number, z0: number, z1: number, fx: number, fy: number, fz: number): number {
  const c00 = s[b + x0 + y0 + z0]! * (1 - fx) + s[b + x1 + y0 + z0]! * fx;
  const c10 = s[b + x0 + y1 + z0]! * (1 - fx) + s[b + x1 + y1 + z0]! * fx;
  const c01 = s[b + x0 + y0 + z1]! * (1 - fx) + s[b + x1 + y0 + z1]! * fx;
  const c11 = s[b + x0 + y1 + z1]! * (1 - fx) + s[b + x1 + y1 + z1]! * fx;
  return (c00 * (1 - fy) + c10 * fy) * (1 - fz) + (c01 * (1 - fy) + c11 * fy) * fz;
}

/** Per source index along one axis: nearest model index (−1 outside), clamped lower corner and fraction. */
interface AxisTable {
  nearest: Int32Array;
  lower: Int32Array;
  upper: Int32Array;
  frac: Float32Array;
}

function axisTable(count: number, start: number, step: number, modelSize: number): AxisTable {
  const t: AxisTable = { nearest: new Int32Array(count), lower: new Int32Array(count), upper: new Int32Array(count), frac: new Float32Array(count) };
  for (let i = 0; i < count; i++) {
    const x = start + step * i;
    const r = Math.round(x);
    t.nearest[i] = r >= 0 && r < modelSize ? r : -1;
    const lo = Math.min(Math.max(Math.floor(x), 0), modelSize - 1);
    t.lower[i] = lo;
    t.upper[i] = Math.min(lo + 1, modelSize - 1);
    t.frac[i] = Math.min(Math.max(x - lo, 0), 1);
  }
  return t;
}

/**
 * The usual case (source axes parallel to LPS, flips allowed): every source axis maps to one model
 * axis, so the index arithmetic is precomputed per axis and the inner loop only gathers.
 */
function labelsToSourceGridAxisAligned(source: Geometry, r: ModelGridResult, mode: UpsampleMode, out: Uint8Array): void {
  const [mx, my, mz] = r.grid.dims;
  const mxy = mx * my;
  const n = mxy * mz;
  const [sx, sy, sz] = source.dims;
  const { start, step } = indexMapping(r.grid, source);
  const tx = axisTable(sx, start[0], step[0][0], mx);
  const ty = axisTable(sy, start[1], step[1][1], my);
  const tz = axisTable(sz, start[2], step[2][2], mz);
  const labels = r.labels;
  const raw = r.rawLabels;
  const scores = r.scores;
  const uniform = mode === 'linear' ? uniformCells(raw!, labels, r.grid.dims) : undefined;
  const threshold = r.kind === 'probability' ? 0.5 : 0;
  const scratch = new Float64Array(r.classes);
  for (let k = 0; k < sz; k++) {
    if (tz.nearest[k]! < 0) continue;
    const nz = tz.nearest[k]! * mxy;
    const z0 = tz.lower[k]! * mxy;
    const z1 = tz.upper[k]! * mxy;
    const fz = tz.frac[k]!;
    for (let j = 0; j < sy; j++) {
      if (ty.nearest[j]! < 0) continue;
      const nyz = ty.nearest[j]! * mx + nz;
      const y0 = ty.lower[j]! * mx;
      const y1 = ty.upper[j]! * mx;
      const fy = ty.frac[j]!;
      const row = sx * (j + sy * k);
      for (let i = 0; i < sx; i++) {
        const nx = tx.nearest[i]!;
        if (nx < 0) continue;
        const nearest = nx + nyz;
        if (mode === 'nearest' || raw![nearest] !== labels[nearest]) {
          out[row + i] = labels[nearest]!;
          continue;
        }
        const x0 = tx.lower[i]!;
        const cell = x0 + y0 + z0;
        if (uniform![cell]) {
          out[row + i] = labels[cell]!;
          continue;
        }
        const x1 = tx.upper[i]!;
        const fx = tx.frac[i]!;
        if (r.classes === 2) {
          out[row + i] = trilinear(scores!, 0, x0, x1, y0, y1, z0, z1, fx, fy, fz) > threshold ? 1 : 0;
        } else {
          for (let c = 1; c < r.classes; c++) scratch[c] = trilinear(scores!, (c - 1) * n, x0, x1, y0, y1, z0, z1, fx, fy, fz);
          out[row + i] = decideLabel(r.kind, r.classes, (c) => scratch[c]!);
        }
      }
    }
  }
}

/** Any orientation (oblique or permuted axes): the model index is walked along each source row. */
function labelsToSourceGridGeneral(source: Geometry, r: ModelGridResult, mode: UpsampleMode, out: Uint8Array): void {
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
  const scratch = new Float64Array(r.classes);
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
        const Y0 = mx * y0;
        const Y1 = mx * y1;
        const Z0 = mxy * z0;
        const Z1 = mxy * z1;
        if (r.classes === 2) {
          out[o] = trilinear(scores!, 0, x0, x1, Y0, Y1, Z0, Z1, fx, fy, fz) > threshold ? 1 : 0;
        } else {
          for (let c = 1; c < r.classes; c++) scratch[c] = trilinear(scores!, (c - 1) * n, x0, x1, Y0, Y1, Z0, Z1, fx, fy, fz);
          out[o] = decideLabel(r.kind, r.classes, (c) => scratch[c]!);
        }
      }
    }
  }
}
