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
 * Adds a patch's foreground probabilities (channels 1…C−1 of `probs`, laid out [C, D, H, W]),
 * weighted by the Gaussian profile, into `acc` (C−1 channels over the model grid).
 */
export function accumulatePatch(acc: Float32Array, probs: Float32Array, classes: number, plan: WindowPlan, box: PatchBox): void {
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
        for (let x = 0; x < w; x++) acc[a + x]! += probs[p + x]! * gzy * gx[x]!;
      }
    }
  }
}

/** Divides the accumulated sums by the (separable) weight sums: `acc` then holds probabilities. */
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

/** Label of each voxel from foreground probabilities (background = 1 − their sum), as Uint8. */
export function argmaxForeground(probs: Float32Array, classes: number, voxels: number): Uint8Array {
  const labels = new Uint8Array(voxels);
  for (let v = 0; v < voxels; v++) {
    let best = 0;
    let sum = 0;
    let bestP = -Infinity;
    for (let c = 1; c < classes; c++) {
      const p = probs[(c - 1) * voxels + v]!;
      sum += p;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    labels[v] = bestP > 1 - sum ? best : 0;
  }
  return labels;
}
