import type { PixelArray } from '../../../main/core/volume/types.js';

/** Mean and standard deviation of `image` where `mask` equals `value` (or is non-zero). */
export function maskedStats(image: PixelArray, mask: Uint8Array, value?: number): { mean: number; std: number; count: number } {
  let n = 0;
  let sum = 0;
  let sum2 = 0;
  for (let i = 0; i < mask.length; i++) {
    if (value === undefined ? mask[i] === 0 : mask[i] !== value) continue;
    const v = image[i]!;
    n++;
    sum += v;
    sum2 += v * v;
  }
  const mean = sum / n;
  return { mean, std: Math.sqrt(Math.max(0, sum2 / n - mean * mean)), count: n };
}
