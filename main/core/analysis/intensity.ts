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

/** k-th smallest (0-based) of whole numbers in [min, min + counts.length) given their histogram. */
function kthFromHistogram(counts: Int32Array, min: number, kth: number): number {
  let seen = 0;
  for (let b = 0; b < counts.length; b++) {
    seen += counts[b]!;
    if (seen > kth) return min + b;
  }
  return min + counts.length - 1;
}

function median(values: Float64Array, min: number, max: number, wholeNumbers: boolean): number {
  const n = values.length;
  // CT and most MR data are integers over a few thousand values: a histogram is O(n) and exact.
  if (wholeNumbers && max - min < 1 << 20) {
    const counts = new Int32Array(max - min + 1);
    for (let i = 0; i < n; i++) counts[values[i]! - min]!++;
    const upper = kthFromHistogram(counts, min, n >> 1);
    return n % 2 === 1 ? upper : (kthFromHistogram(counts, min, (n >> 1) - 1) + upper) / 2;
  }
  const upper = selectKth(values, n >> 1);
  if (n % 2 === 1) return upper;
  // The lower middle is the largest value left of the upper middle after selection.
  let lowerMid = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (values[i]! > lowerMid) lowerMid = values[i]!;
  return (lowerMid + upper) / 2;
}

/** Mean, population standard deviation, range and median; may reorder `values`. */
export function intensityStats(values: Float64Array): IntensityStats | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let wholeNumbers = true;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (wholeNumbers && v !== Math.floor(v)) wholeNumbers = false;
  }
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    sq += d * d;
  }
  return { mean, std: Math.sqrt(sq / n), min, max, median: median(values, min, max, wholeNumbers) };
}
