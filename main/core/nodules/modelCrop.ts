import type { ModelManifest } from '../inference/manifest.js';
import { normaliseInPlace } from '../inference/normalise.js';
import { createPatchPredictor } from '../inference/patchRunner.js';
import { modelFilePath } from '../inference/registry.js';
import { cropGrid } from '../inference/segment.js';
import { openModelSession, type Provider, type ProviderRequest } from '../inference/session.js';
import type { Geometry, Vec3, Volume } from '../volume/types.js';
import { cropHu } from './cropHu.js';

export interface CropModelOptions {
  modelsDir: string;
  provider?: ProviderRequest;
  /** ORT intra-op threads (default: the engine's default, all cores). */
  intraOpNumThreads?: number;
  /**
   * Test-time mirroring: the crop is also run mirrored along each of these axis sets (0 = x), and the
   * probabilities are averaged back in the unmirrored frame (default: none, one pass).
   */
  mirrors?: readonly (readonly number[])[];
}

export interface CropPrediction {
  /** The model-spacing crop grid (axis-aligned LPS), as the engine's `cropGrid` builds it. */
  grid: Geometry;
  /** Foreground (nodule) probability per crop voxel, x fastest. */
  probability: Float32Array;
  provider: Provider;
  /** Why `auto` did not get CUDA (absent when it did, or when a provider was forced). */
  fallbackReason?: string;
  ms: number;
}

/**
 * One network pass on the model-spacing patch centred on `centerLps`: resample (trilinear, the image mirrored
 * beyond its edge: `cropHu`), normalise per the manifest, run, softmax. Returns the probabilities on the crop grid, not pasted anywhere,
 * so the caller can pick components before going back to the source grid.
 */
export async function predictCrop(volume: Volume, manifest: ModelManifest, centerLps: Vec3, opts: CropModelOptions): Promise<CropPrediction> {
  const t0 = performance.now();
  const opened = await openModelSession(modelFilePath(manifest, opts.modelsDir), opts.provider ?? 'cpu', {
    intraOpNumThreads: opts.intraOpNumThreads,
  });
  const predictor = createPatchPredictor(opened.session, manifest, { modality: volume.meta.modality, batchSize: 1 });
  const grid = cropGrid(manifest, centerLps);
  const image = Float32Array.from(cropHu(volume, grid));
  const norm = manifest.normalisation[volume.meta.modality];
  if (!norm) throw new Error(`Model "${manifest.id}" has no normalisation for ${volume.meta.modality} images.`);
  normaliseInPlace(image, norm);
  const [raw] = await predictor.predict([image]);
  const probability = foregroundProbability(raw!, manifest.output.classes, image.length, manifest.output.kind);
  const mirrors = opts.mirrors ?? [];
  for (const axes of mirrors) {
    const [mirroredRaw] = await predictor.predict([mirrorAxes(image, grid.dims, axes)]);
    const p = mirrorAxes(foregroundProbability(mirroredRaw!, manifest.output.classes, image.length, manifest.output.kind), grid.dims, axes);
    for (let v = 0; v < p.length; v++) probability[v] = probability[v]! + p[v]!;
  }
  if (mirrors.length) for (let v = 0; v < probability.length; v++) probability[v] = probability[v]! / (1 + mirrors.length);
  return { grid, probability, provider: opened.provider, ...(opened.fallbackReason ? { fallbackReason: opened.fallbackReason } : {}), ms: performance.now() - t0 };
}

/**
 * P(any foreground class) per voxel from the predictor's raw [C, voxels] output: softmax of logits
 * (as 1 − P(background)), or the probabilities as given.
 */
export function foregroundProbability(raw: Float32Array, classes: number, voxels: number, kind: 'logits' | 'probabilities'): Float32Array {
  const out = new Float32Array(voxels);
  if (kind === 'logits' && classes === 2) {
    // Two classes: 1 − softmax(background) is the logistic of the logit difference (one exp per voxel, not three).
    for (let v = 0; v < voxels; v++) out[v] = 1 / (1 + Math.exp(raw[v]! - raw[voxels + v]!));
    return out;
  }
  for (let v = 0; v < voxels; v++) {
    if (kind === 'probabilities') {
      out[v] = 1 - raw[v]!;
      continue;
    }
    const bg = raw[v]!;
    let max = bg;
    for (let c = 1; c < classes; c++) max = Math.max(max, raw[c * voxels + v]!);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(raw[c * voxels + v]! - max);
    out[v] = 1 - Math.exp(bg - max) / sum;
  }
  return out;
}

/** A copy of `a` (x fastest, `dims`) mirrored along each axis in `axes`; mirroring twice gives `a` back. */
export function mirrorAxes(a: Float32Array, dims: Vec3, axes: readonly number[]): Float32Array {
  const [nx, ny, nz] = dims;
  const [fx, fy, fz] = [0, 1, 2].map((axis) => axes.includes(axis));
  const out = new Float32Array(a.length);
  for (let k = 0, o = 0; k < nz; k++) {
    const sk = fz ? nz - 1 - k : k;
    for (let j = 0; j < ny; j++) {
      const row = nx * ((fy ? ny - 1 - j : j) + ny * sk);
      for (let i = 0; i < nx; i++, o++) out[o] = a[row + (fx ? nx - 1 - i : i)]!;
    }
  }
  return out;
}
