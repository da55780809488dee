import type { Normalisation } from './manifest.js';
import { minMax } from './resample.js';

/** Above this many voxels, percentiles are estimated from an evenly strided sample. */
const MAX_PERCENTILE_SAMPLE = 8_000_000;

/** numpy.percentile (linear interpolation) of the values; `p` in 0–100. */
export function percentiles(data: Float32Array, ps: readonly number[]): number[] {
  const stride = Math.max(1, Math.ceil(data.length / MAX_PERCENTILE_SAMPLE));
  const sample = new Float32Array(Math.ceil(data.length / stride));
  for (let i = 0, o = 0; i < data.length; i += stride, o++) sample[o] = data[i]!;
  sample.sort();
  return ps.map((p) => {
    const pos = (p / 100) * (sample.length - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, sample.length - 1);
    return sample[lo]! + (pos - lo) * (sample[hi]! - sample[lo]!);
  });
}

/** Applies the manifest's normalisation to the resampled image, in place (the same maths as training). */
export function normaliseInPlace(data: Float32Array, spec: Normalisation): void {
  switch (spec.kind) {
    case 'window-zscore': {
      const [lo, hi] = spec.window;
      const inv = 1 / spec.std;
      for (let i = 0; i < data.length; i++) data[i] = (Math.min(hi, Math.max(lo, data[i]!)) - spec.mean) * inv;
      return;
    }
    case 'percentile-zscore': {
      const [lo, hi] = percentiles(data, spec.percentiles);
      let sum = 0;
      for (let i = 0; i < data.length; i++) {
        const v = Math.min(hi!, Math.max(lo!, data[i]!));
        data[i] = v;
        sum += v;
      }
      const mean = sum / data.length;
      let sq = 0;
      for (let i = 0; i < data.length; i++) sq += (data[i]! - mean) ** 2;
      const inv = 1 / Math.max(Math.sqrt(sq / data.length), 1e-6);
      for (let i = 0; i < data.length; i++) data[i] = (data[i]! - mean) * inv;
      return;
    }
    case 'minmax': {
      const [lo, hi] = minMax(data);
      const inv = hi > lo ? 1 / (hi - lo) : 0;
      for (let i = 0; i < data.length; i++) data[i] = (data[i]! - lo) * inv;
      return;
    }
  }
}
