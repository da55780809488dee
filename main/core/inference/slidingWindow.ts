import type { Vec3 } from '../volume/types.js';

/**
 * Start offsets of windows of `patch` voxels along an axis of `size` voxels, neighbours sharing
 * `overlap` of a patch, first and last flush with the borders (nnU-Net `compute_steps_for_sliding_window`).
 */
export function windowStarts(size: number, patch: number, overlap: number): number[] {
  if (size <= patch) return [0];
  const target = Math.max(1, patch * (1 - overlap));
  const n = Math.ceil((size - patch) / target) + 1;
  const step = (size - patch) / (n - 1);
  return Array.from({ length: n }, (_, i) => Math.round(i * step));
}

/** 1-D Gaussian importance profile over a patch, sigma = patch / 8, peak 1 (the 3-D map is the product). */
export function gaussianProfile(patch: number): Float32Array {
  const sigma = patch / 8;
  const centre = (patch - 1) / 2;
  const g = new Float32Array(patch);
  for (let t = 0; t < patch; t++) g[t] = Math.max(Math.exp(-((t - centre) ** 2) / (2 * sigma * sigma)), 1e-6);
  return g;
}

/**
 * Sum of importance weights received by each voxel along one axis. Because the windows form a
 * Cartesian grid and the Gaussian is separable, the 3-D weight sum is the product of three of these,
 * so no full-size weight volume is ever held.
 */
export function axisWeightSum(size: number, starts: readonly number[], profile: Float32Array): Float32Array {
  const w = new Float32Array(size);
  for (const s of starts) for (let t = 0; t < profile.length && s + t < size; t++) w[s + t]! += profile[t]!;
  return w;
}

export interface PatchBox {
  /** Start voxel (x, y, z) in the model grid. */
  start: Vec3;
}

export interface WindowPlan {
  /** Model grid size (x, y, z). */
  dims: Vec3;
  /** Patch size (x, y, z), i.e. the manifest's [D, H, W] reversed. */
  patch: Vec3;
  boxes: PatchBox[];
  profiles: [Float32Array, Float32Array, Float32Array];
  weightSums: [Float32Array, Float32Array, Float32Array];
}

/** Windows over a model grid (x, y, z dims) for a manifest patch size given as [D, H, W]. */
export function planWindows(dims: Vec3, patchDHW: Vec3, overlap: number): WindowPlan {
  const patch: Vec3 = [patchDHW[2], patchDHW[1], patchDHW[0]];
  const starts = [0, 1, 2].map((a) => windowStarts(dims[a]!, patch[a]!, overlap));
  const profiles = patch.map((p) => gaussianProfile(p)) as WindowPlan['profiles'];
  const weightSums = [0, 1, 2].map((a) => axisWeightSum(dims[a]!, starts[a]!, profiles[a]!)) as WindowPlan['weightSums'];
  const boxes: PatchBox[] = [];
  for (const z of starts[2]!) for (const y of starts[1]!) for (const x of starts[0]!) boxes.push({ start: [x, y, z] });
  return { dims, patch, boxes, profiles, weightSums };
}

/** Copies one window of the image into `out` (x fastest), padding beyond the grid with `pad`. */
export function extractPatch(image: Float32Array, plan: WindowPlan, box: PatchBox, pad: number, out: Float32Array): void {
  const [nx, ny, nz] = plan.dims;
  const [px, py, pz] = plan.patch;
  const [sx, sy, sz] = box.start;
  const w = Math.min(px, nx - sx);
  let o = 0;
  for (let z = 0; z < pz; z++) {
    for (let y = 0; y < py; y++, o += px) {
      if (sz + z >= nz || sy + y >= ny) {
        out.fill(pad, o, o + px);
        continue;
      }
      const base = sx + nx * (sy + y + ny * (sz + z));
      out.set(image.subarray(base, base + w), o);
      if (w < px) out.fill(pad, o + w, o + px);
    }
  }
}

/**
 * What the C−1 accumulated channels hold. 'logit-diff': l_c − l_0, the logits relative to background
 * (softmax is unchanged by that shift, so no per-patch exp is needed; nnU-Net v2 also blends logits).
 * 'probability': p_c, with background 1 − Σ p_c.
 */
export type ScoreKind = 'logit-diff' | 'probability';

/**
 * Adds a patch's network output ([C, D, H, W]) for channels 1…C−1, weighted by the Gaussian profile,
 * into `acc` (C−1 channels over the model grid), as scores of `kind`.
 */
export function accumulatePatch(acc: Float32Array, out: Float32Array, classes: number, plan: WindowPlan, box: PatchBox, kind: ScoreKind): void {
  const [nx, ny, nz] = plan.dims;
  const [px, py, pz] = plan.patch;
  const [sx, sy, sz] = box.start;
  const [gx, gy, gz] = plan.profiles;
  const n = nx * ny * nz;
  const patchVoxels = px * py * pz;
  const w = Math.min(px, nx - sx);
  for (let c = 1; c < classes; c++) {
    const accOff = (c - 1) * n;
    const pOff = c * patchVoxels;
    for (let z = 0; z < pz && sz + z < nz; z++) {
      for (let y = 0; y < py && sy + y < ny; y++) {
        const gzy = gz[z]! * gy[y]!;
        const a = accOff + sx + nx * (sy + y + ny * (sz + z));
        const p = pOff + px * (y + py * z);
        if (kind === 'probability') for (let x = 0; x < w; x++) acc[a + x]! += out[p + x]! * gzy * gx[x]!;
        else {
          const b = px * (y + py * z);
          for (let x = 0; x < w; x++) acc[a + x]! += (out[p + x]! - out[b + x]!) * gzy * gx[x]!;
        }
      }
    }
  }
}

/** Divides the accumulated sums by the (separable) weight sums: `acc` then holds blended scores. */
export function normaliseAccumulated(acc: Float32Array, classes: number, plan: WindowPlan): void {
  const [nx, ny, nz] = plan.dims;
  const [wx, wy, wz] = plan.weightSums;
  const n = nx * ny * nz;
  for (let c = 0; c < classes - 1; c++) {
    let v = c * n;
    for (let z = 0; z < nz; z++)
      for (let y = 0; y < ny; y++) {
        const wzy = wz[z]! * wy[y]!;
        for (let x = 0; x < nx; x++, v++) acc[v]! /= wzy * wx[x]!;
      }
  }
}

/**
 * The winning class from C−1 foreground scores read by `score(c)` for c = 1…C−1: background
 * scores 0 against logit differences, or 1 − Σ p against probabilities. Ties go to background.
 */
export function decideLabel(kind: ScoreKind, classes: number, score: (c: number) => number): number {
  let best = 0;
  let bestScore = -Infinity;
  let sum = 0;
  for (let c = 1; c < classes; c++) {
    const v = score(c);
    sum += v;
    if (v > bestScore) {
      bestScore = v;
      best = c;
    }
  }
  return bestScore > (kind === 'probability' ? 1 - sum : 0) ? best : 0;
}

/** Label of each model-grid voxel from the blended scores, as Uint8 (the float scores can then go). */
export function argmaxScores(scores: Float32Array, classes: number, voxels: number, kind: ScoreKind): Uint8Array {
  const labels = new Uint8Array(voxels);
  if (classes === 2) {
    const threshold = kind === 'probability' ? 0.5 : 0;
    for (let v = 0; v < voxels; v++) labels[v] = scores[v]! > threshold ? 1 : 0;
    return labels;
  }
  for (let v = 0; v < voxels; v++) labels[v] = decideLabel(kind, classes, (c) => scores[(c - 1) * voxels + v]!);
  return labels;
}

/**
 * Blended logit differences → probabilities, in place (softmax over [0, d_1 … d_{C−1}]). Done once on
 * the model grid, not per patch: interpolating probabilities back to the source measured better than
 * interpolating logits (see the inference report).
 */
export function logitDiffsToProbabilities(scores: Float32Array, classes: number, voxels: number): void {
  if (classes === 2) {
    for (let v = 0; v < voxels; v++) scores[v] = 1 / (1 + Math.exp(-scores[v]!));
    return;
  }
  for (let v = 0; v < voxels; v++) {
    let max = 0;
    for (let c = 1; c < classes; c++) max = Math.max(max, scores[(c - 1) * voxels + v]!);
    let sum = Math.exp(-max);
    for (let c = 1; c < classes; c++) {
      const e = Math.exp(scores[(c - 1) * voxels + v]! - max);
      scores[(c - 1) * voxels + v] = e;
      sum += e;
    }
    for (let c = 1; c < classes; c++) scores[(c - 1) * voxels + v]! /= sum;
  }
}
