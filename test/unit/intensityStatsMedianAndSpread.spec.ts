import { describe, expect, it } from 'vitest';
import { intensityStats } from '../../main/core/analysis/index.js';

function sortedMedian(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? s[n >> 1]! : (s[(n >> 1) - 1]! + s[n >> 1]!) / 2;
}

describe('intensity statistics', () => {
  it('gives mean, population std, range and median of a known set', () => {
    const stats = intensityStats(Float64Array.from([2, 4, 4, 4, 5, 5, 7, 9]))!;
    expect(stats).toEqual({ mean: 5, std: 2, min: 2, max: 9, median: 4.5 });
  });

  it('finds the median of whole-number (HU) and fractional values alike, odd and even counts', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (const n of [1, 2, 3, 10, 1001, 4096]) {
      const hu = Array.from({ length: n }, () => Math.round(-1024 + random() * 3000));
      const real = Array.from({ length: n }, () => random() * 10 - 5);
      expect(intensityStats(Float64Array.from(hu))!.median).toBe(sortedMedian(hu));
      expect(intensityStats(Float64Array.from(real))!.median).toBe(sortedMedian(real));
    }
  });

  it('is undefined for no voxels', () => {
    expect(intensityStats(new Float64Array(0))).toBeUndefined();
  });
});
