import { JobCancelledError, type JobContext } from '../jobs/jobs.js';
import { voxelVolumeMm3 } from '../volume/geometry.js';
import { voxelCount, type Geometry, type LabelMap, type Vec3, type Volume } from '../volume/types.js';
import type { ModelManifest } from './manifest.js';
import { normaliseInPlace } from './normalise.js';
import { createPatchPredictor, type PatchPredictor } from './patchRunner.js';
import { postprocessLabels } from './postprocess.js';
import { modelFilePath } from './registry.js';
import { canonicalGrid, minMax, resampleTrilinear } from './resample.js';
import { openModelSession, type Provider, type ProviderRequest } from './session.js';
import {
  accumulatePatch,
  argmaxScores,
  extractPatch,
  logitDiffsToProbabilities,
  normaliseAccumulated,
  planWindows,
  type ScoreKind,
  type WindowPlan,
} from './slidingWindow.js';
import { labelsToSourceGrid, type ModelGridResult, type UpsampleMode } from './upsample.js';

export interface SegmentOptions {
  provider: ProviderRequest;
  modelsDir: string;
  /** Mirror test-time augmentation (8 flips, averaged): better borders, 8× the time. */
  tta?: boolean;
  ctx?: JobContext;
  /** Patches per network call where the model's batch axis is free (default 1 on CPU, 4 on CUDA). */
  batchSize?: number;
  /** ORT intra-op threads (default: all cores). */
  intraOpNumThreads?: number;
  /** How labels return to the source grid; 'linear' (interpolated scores, then argmax) measured better. */
  upsample?: UpsampleMode;
  /** Refuse model grids larger than this many voxels (default 2^28, i.e. 1 GiB of float32). */
  maxModelVoxels?: number;
  /**
   * The caller owns a private copy of the volume (the inference worker does): its voxels are dropped
   * once resampled, so the copy does not sit in memory beside the output label map.
   */
  releaseSourceAfterResample?: boolean;
}

export interface SegmentTimings {
  sessionMs: number;
  resampleMs: number;
  normaliseMs: number;
  inferenceMs: number;
  postprocessMs: number;
  upsampleMs: number;
  totalMs: number;
  patches: number;
  modelGrid: Vec3;
}

export interface SegmentResult {
  labelMap: LabelMap;
  provider: Provider;
  fallbackReason?: string;
  timings: SegmentTimings;
}

export class InputTooLargeError extends Error {
  constructor(what: string) {
    super(`The image is too large for this model: ${what}.`);
    this.name = 'InputTooLargeError';
  }
}

export class UnsupportedModalityError extends Error {
  constructor(manifest: ModelManifest, modality: string) {
    super(`Model "${manifest.id}" accepts ${manifest.modalities.join(', ')} studies, not ${modality}.`);
    this.name = 'UnsupportedModalityError';
  }
}

const DEFAULT_MAX_MODEL_VOXELS = 2 ** 28;

function checkInput(volume: Volume, manifest: ModelManifest, grid: Geometry, opts: SegmentOptions): void {
  if (!manifest.modalities.includes(volume.meta.modality)) throw new UnsupportedModalityError(manifest, volume.meta.modality);
  if (volume.data.length !== voxelCount(volume.dims))
    throw new Error(`Volume data holds ${volume.data.length} voxels but its dims ${volume.dims.join('×')} need ${voxelCount(volume.dims)}.`);
  const max = opts.maxModelVoxels ?? DEFAULT_MAX_MODEL_VOXELS;
  const n = voxelCount(grid.dims);
  if (n > max)
    throw new InputTooLargeError(`at ${manifest.spacingMm.join('×')} mm it needs a ${grid.dims.join('×')} grid (${n} voxels, limit ${max})`);
}

/**
 * Runs every window of `plan` through the predictor and blends them with Gaussian importance:
 * returns the foreground scores (C−1 channels over the model grid, see ScoreKind). Checks for cancellation
 * between batches of patches.
 */
export async function slidingWindowScores(
  image: Float32Array,
  plan: WindowPlan,
  classes: number,
  kind: ScoreKind,
  predictor: PatchPredictor,
  pad: number,
  ctx?: JobContext,
): Promise<Float32Array> {
  const n = voxelCount(plan.dims);
  const acc = new Float32Array((classes - 1) * n);
  const total = plan.boxes.length;
  const patchVoxels = plan.patch[0] * plan.patch[1] * plan.patch[2];
  ctx?.progress(0, total, `Patch 0 of ${total}`);
  const batchAt = (b: number) => {
    const boxes = plan.boxes.slice(b, b + predictor.batchSize);
    const patches = boxes.map((box) => {
      const p = new Float32Array(patchVoxels);
      extractPatch(image, plan, box, pad, p);
      return p;
    });
    const probs = predictor.predict(patches);
    probs.catch(() => undefined); // a batch dropped by a cancel must not become an unhandled rejection
    return { boxes, probs };
  };
  // One batch in flight while the previous one is blended, so JavaScript work overlaps ORT's.
  let current = batchAt(0);
  for (let b = 0; b < total; b += predictor.batchSize) {
    const probs = await current.probs;
    const boxes = current.boxes;
    if (ctx?.signal.aborted) throw new JobCancelledError();
    const nextStart = b + predictor.batchSize;
    if (nextStart < total) current = batchAt(nextStart);
    boxes.forEach((box, i) => accumulatePatch(acc, probs[i]!, classes, plan, box, kind));
    ctx?.progress(b + boxes.length, total, `Patch ${b + boxes.length} of ${total}`);
  }
  normaliseAccumulated(acc, classes, plan);
  return acc;
}

/** Resample, normalise, sliding-window inference, argmax and post-processing on one model grid. */
async function predictOnGrid(volume: Volume, manifest: ModelManifest, grid: Geometry, opts: SegmentOptions, keepProbabilities: boolean) {
  const t: Partial<SegmentTimings> = {};
  const ctx = opts.ctx;
  let t0 = performance.now();
  const opened = await openModelSession(modelFilePath(manifest, opts.modelsDir), opts.provider, { intraOpNumThreads: opts.intraOpNumThreads });
  const predictor = createPatchPredictor(opened.session, manifest, {
    modality: volume.meta.modality,
    tta: opts.tta ?? false,
    batchSize: opts.batchSize ?? (opened.provider === 'cuda' ? 4 : 1),
  });
  t.sessionMs = performance.now() - t0;

  t0 = performance.now();
  let image: Float32Array | undefined = resampleTrilinear(volume.data, volume, grid, minMax(volume.data)[0]);
  if (opts.releaseSourceAfterResample) volume.data = new Uint8Array(0);
  t.resampleMs = performance.now() - t0;
  t0 = performance.now();
  normaliseInPlace(image, manifest.normalisation[volume.meta.modality]!);
  const pad = minMax(image)[0];
  t.normaliseMs = performance.now() - t0;

  t0 = performance.now();
  const plan = planWindows(grid.dims, manifest.patchSize, manifest.overlap);
  const classes = manifest.output.classes;
  const n = voxelCount(grid.dims);
  const kind: ScoreKind = manifest.output.kind === 'logits' ? 'logit-diff' : 'probability';
  const scores = await slidingWindowScores(image, plan, classes, kind, predictor, pad, ctx);
  const total = plan.boxes.length;
  image = undefined;
  if (kind === 'logit-diff') logitDiffsToProbabilities(scores, classes, n);
  const rawLabels = argmaxScores(scores, classes, n, 'probability');
  t.inferenceMs = performance.now() - t0;

  t0 = performance.now();
  const labels = rawLabels.slice();
  postprocessLabels(labels, grid.dims, voxelVolumeMm3(grid) / 1000, manifest.postprocess);
  t.postprocessMs = performance.now() - t0;
  t.patches = total;
  t.modelGrid = [...grid.dims];
  const result: ModelGridResult = keepProbabilities ? { grid, labels, rawLabels, scores, kind: 'probability', classes } : { grid, labels, kind: 'probability', classes };
  return { result, opened, timings: t };
}

async function segmentOnGrid(volume: Volume, manifest: ModelManifest, grid: Geometry, opts: SegmentOptions): Promise<SegmentResult> {
  const start = performance.now();
  checkInput(volume, manifest, grid, opts);
  const mode = opts.upsample ?? 'linear';
  const { result, opened, timings } = await predictOnGrid(volume, manifest, grid, opts, mode === 'linear');
  if (opts.ctx?.signal.aborted) throw new JobCancelledError();
  const t0 = performance.now();
  const data = new Uint8Array(voxelCount(volume.dims));
  labelsToSourceGrid(volume, result, mode, data);
  timings.upsampleMs = performance.now() - t0;
  timings.totalMs = performance.now() - start;
  const labelMap: LabelMap = {
    dims: [...volume.dims],
    spacing: [...volume.spacing],
    origin: [...volume.origin],
    direction: [...volume.direction],
    data,
    labels: manifest.labels.map((l) => ({ ...l, color: [...l.color] })),
  };
  const out: SegmentResult = { labelMap, provider: opened.provider, timings: timings as SegmentTimings };
  if (opened.fallbackReason !== undefined) out.fallbackReason = opened.fallbackReason;
  return out;
}

/** Segments the whole volume; the label map comes back in the source grid. */
export function segmentVolume(volume: Volume, manifest: ModelManifest, opts: SegmentOptions): Promise<SegmentResult> {
  return segmentOnGrid(volume, manifest, canonicalGrid(volume, manifest.spacingMm), opts);
}

/** The model-spacing grid of one patch centred on an LPS point (click-to-segment). */
export function cropGrid(manifest: ModelManifest, centerLps: Vec3): Geometry {
  const [pd, ph, pw] = manifest.patchSize;
  const dims: Vec3 = [pw, ph, pd];
  const s = manifest.spacingMm;
  const origin = [0, 1, 2].map((a) => centerLps[a]! - ((dims[a]! - 1) / 2) * s[a]!) as Vec3;
  return { dims, spacing: [...s], origin, direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] };
}

/** Segments one patch around `centerLps` and pastes it into a full-size label map (zero elsewhere). */
export function segmentCrop(volume: Volume, manifest: ModelManifest, centerLps: Vec3, opts: SegmentOptions): Promise<SegmentResult> {
  return segmentOnGrid(volume, manifest, cropGrid(manifest, centerLps), opts);
}
