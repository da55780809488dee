import { describe, expect, it } from 'vitest';
import { normaliseInPlace, percentiles } from '../../../main/core/inference/normalise.js';
import { canonicalGrid, minMax, resampleTrilinear } from '../../../main/core/inference/resample.js';
import { caseFile, HAVE_SHARED_DATA } from '../dataPaths.js';
import { readNiftiForTest } from '../support/niftiTestReader.js';

/** numpy.percentile's default (linear) definition, written out on a sorted copy. */
function numpyPercentile(values: ArrayLike<number>, p: number): number {
  const s = Float64Array.from(values).sort();
  const pos = (p / 100) * (s.length - 1);
  const lo = Math.floor(pos);
  return s[lo]! + (pos - lo) * (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!);
}

describe('normalisation as the training code does it (tools/training/data.py)', () => {
  it('percentiles interpolate linearly between order statistics, like numpy', () => {
    const v = Float32Array.from([10, 1, 4, 7, 2, 9, 3]);
    expect(percentiles(v, [0, 50, 100, 0.5, 99.5])).toEqual([1, 4, 10, 1.03, 9.97].map((x, i) => (i < 3 ? x : expect.closeTo(x, 5))));
  });

  it.skipIf(!HAVE_SHARED_DATA)('MR percentile-zscore on the real ts_mr_abdomen grid: clipped at 0.5/99.5 %, then mean 0 and sd 1', () => {
    const mr = readNiftiForTest(caseFile('ts_mr_abdomen', 'image.nii.gz'), 'MR');
    const grid = canonicalGrid(mr, [3, 3, 3]);
    const img = resampleTrilinear(mr.data, mr, grid, minMax(mr.data)[0]);
    const lo = numpyPercentile(img, 0.5);
    const hi = numpyPercentile(img, 99.5);
    expect(hi).toBeGreaterThan(lo);
    const copy = img.slice();
    normaliseInPlace(img, { kind: 'percentile-zscore', percentiles: [0.5, 99.5] });
    let sum = 0;
    let sq = 0;
    for (const x of img) sum += x;
    const mean = sum / img.length;
    for (const x of img) sq += (x - mean) ** 2;
    expect(mean).toBeCloseTo(0, 4);
    expect(Math.sqrt(sq / img.length)).toBeCloseTo(1, 4);
    // Order is kept and everything above the 99.5th percentile lands on one value.
    const top = copy.findIndex((x) => x >= hi);
    const [, maxNorm] = minMax(img);
    expect(img[top]).toBeCloseTo(maxNorm, 5);
  });

  it.skipIf(!HAVE_SHARED_DATA)('CT window-zscore: clip to the window, then (v − mean) / std', () => {
    const ct = readNiftiForTest(caseFile('ts_ct_abdomen', 'image.nii.gz'));
    const img = Float32Array.from(ct.data);
    normaliseInPlace(img, { kind: 'window-zscore', window: [-200, 250], mean: 60, std: 90 });
    for (let i = 0; i < img.length; i += 997) {
      const hu = ct.data[i]!;
      expect(img[i]).toBeCloseTo((Math.min(250, Math.max(-200, hu)) - 60) / 90, 5);
    }
  });
});
