import type { IntensityStats } from './types.js';

/** k-th smallest value (0-based) by iterative quickselect; reorders `values`. */
export function selectKth(values: Float64Array, kth: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (kth <= j) hi = j;
    else if (kth >= i) lo = i;
    else return values[kth]!;
  }
  return values[kth]!;
}

/** Mean, population standard deviation, range and median; reorders `values`. */
export function intensityStats(values: Float64Array): IntensityStats | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    sq += d * d;
  }
  const upper = selectKth(values, n >> 1);
  let median = upper;
  if (n % 2 === 0) {
    // The lower middle is the largest value left of the upper middle after selection.
    let lowerMid = -Infinity;
    for (let i = 0; i < n >> 1; i++) if (values[i]! > lowerMid) lowerMid = values[i]!;
    median = (lowerMid + upper) / 2;
  }
  return { mean, std: Math.sqrt(sq / n), min, max, median };
}
