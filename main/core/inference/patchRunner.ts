import * as ort from 'onnxruntime-node';
import type { Modality, Vec3 } from '../volume/types.js';
import type { ModelManifest } from './manifest.js';

export class ModelContractError extends Error {
  constructor(manifest: ModelManifest, problem: string) {
    super(`Model "${manifest.id}" does not match its manifest: ${problem}`);
    this.name = 'ModelContractError';
  }
}

/** Runs patches ([D, H, W] float32 each) through the network; returns per-patch raw outputs [C, D, H, W] (logits or probabilities, as the manifest says). */
export interface PatchPredictor {
  /** Largest number of patches one `run` call sends as a batch. */
  readonly batchSize: number;
  predict(patches: Float32Array[]): Promise<Float32Array[]>;
}

/** The 8 mirror combinations (bit 0: x, bit 1: y, bit 2: z) as nnU-Net's test-time augmentation uses. */
const ALL_MIRRORS = [0, 1, 2, 3, 4, 5, 6, 7];

/** Mirrors each channel of a [C, D, H, W] block along the axes set in `mask`; returns a new array. */
export function mirror(src: Float32Array, patch: Vec3, channels: number, mask: number): Float32Array {
  if (mask === 0) return src;
  const [px, py, pz] = patch;
  const out = new Float32Array(src.length);
  const fx = (mask & 1) !== 0;
  const fy = (mask & 2) !== 0;
  const fz = (mask & 4) !== 0;
  const n = px * py * pz;
  for (let c = 0; c < channels; c++)
    for (let z = 0; z < pz; z++) {
      const tz = fz ? pz - 1 - z : z;
      for (let y = 0; y < py; y++) {
        const ty = fy ? py - 1 - y : y;
        const s = c * n + px * (y + py * z);
        const t = c * n + px * (ty + py * tz);
        if (fx) for (let x = 0; x < px; x++) out[t + px - 1 - x] = src[s + x]!;
        else out.set(src.subarray(s, s + px), t);
      }
    }
  return out;
}

export interface PredictorOptions {
  modality: Modality;
  tta?: boolean;
  /** Patches per `run`; only honoured when the model's batch dimension is free. */
  batchSize?: number;
}

export function createPatchPredictor(session: ort.InferenceSession, manifest: ModelManifest, opts: PredictorOptions): PatchPredictor {
  const [pd, ph, pw] = manifest.patchSize;
  const patchXYZ: Vec3 = [pw, ph, pd];
  const voxels = pd * ph * pw;
  const classes = manifest.output.classes;
  const meta = session.inputMetadata.find((m) => m.name === manifest.inputs.image);
  if (!meta) throw new ModelContractError(manifest, `no input named "${manifest.inputs.image}" (the graph has ${session.inputNames.join(', ')})`);
  if (!session.outputNames.includes(manifest.output.name))
    throw new ModelContractError(manifest, `no output named "${manifest.output.name}" (the graph has ${session.outputNames.join(', ')})`);
  let batchFree = true;
  if (meta.isTensor) {
    const shape = meta.shape;
    if (shape.length !== 5) throw new ModelContractError(manifest, `input "${meta.name}" has ${shape.length} dimensions, expected [N, C, D, H, W]`);
    batchFree = typeof shape[0] !== 'number' || shape[0] < 0;
    [pd, ph, pw].forEach((p, i) => {
      const d = shape[i + 2];
      if (typeof d === 'number' && d > 0 && d !== p)
        throw new ModelContractError(manifest, `input "${meta.name}" is fixed at ${shape.slice(2).join('×')} voxels but patchSize is ${pd}×${ph}×${pw}`);
    });
  }
  const batchSize = batchFree ? Math.max(1, opts.batchSize ?? 1) : 1;
  const feedsExtra: Record<string, ort.Tensor> = {};
  if (manifest.inputs.domain !== undefined) {
    const value = manifest.domains?.[opts.modality];
    if (value === undefined) throw new ModelContractError(manifest, `no domain value for modality ${opts.modality}`);
    feedsExtra[manifest.inputs.domain] = new ort.Tensor('int64', BigInt64Array.from([BigInt(value)]), [1]);
  }
  const mirrors = opts.tta ? ALL_MIRRORS : [0];

  async function runBatch(patches: Float32Array[]): Promise<Float32Array[]> {
    let input = patches[0]!;
    if (patches.length > 1) {
      input = new Float32Array(patches.length * voxels);
      patches.forEach((p, i) => input.set(p, i * voxels));
    }
    const feeds = { ...feedsExtra, [manifest.inputs.image]: new ort.Tensor('float32', input, [patches.length, 1, pd, ph, pw]) };
    const result = await session.run(feeds, [manifest.output.name]);
    const out = result[manifest.output.name]!;
    const dims = out.dims;
    if (dims.length !== 5 || dims[0] !== patches.length || dims[1] !== classes || dims[2] !== pd || dims[3] !== ph || dims[4] !== pw)
      throw new ModelContractError(manifest, `output "${manifest.output.name}" has shape [${dims.join(', ')}], expected [${patches.length}, ${classes}, ${pd}, ${ph}, ${pw}]`);
    const data = out.data as Float32Array;
    const per = classes * voxels;
    // Views, not copies: the output buffer lives as long as they do.
    const results = patches.map((_, i) => data.subarray(i * per, (i + 1) * per));
    return results;
  }

  return {
    batchSize,
    async predict(patches) {
      let sums: Float32Array[] | undefined;
      for (const mask of mirrors) {
        const probs = await runBatch(patches.map((p) => mirror(p, patchXYZ, 1, mask)));
        const back = probs.map((p) => mirror(p, patchXYZ, classes, mask));
        if (!sums) sums = back;
        else back.forEach((b, i) => { const s = sums![i]!; for (let v = 0; v < s.length; v++) s[v]! += b[v]!; });
      }
      if (mirrors.length > 1) for (const s of sums!) for (let v = 0; v < s.length; v++) s[v]! /= mirrors.length;
      return sums!;
    },
  };
}
