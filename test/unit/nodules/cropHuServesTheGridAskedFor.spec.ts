import { describe, expect, it } from 'vitest';
import { resampleTrilinear } from '../../../main/core/inference/resample.js';
import { cropHu } from '../../../main/core/nodules/cropHu.js';
import { IDENTITY_DIRECTION, type Geometry } from '../../../main/core/volume/types.js';
import { paintVolume } from '../support/syntheticShapes.js';

const source: Geometry = { dims: [20, 20, 10], spacing: [0.8, 0.8, 2], origin: [0, 0, 0], direction: [...IDENTITY_DIRECTION] };
const crop = (x0: number): Geometry => ({ dims: [8, 8, 8], spacing: [1, 1, 1], origin: [x0, 3, 4], direction: [...IDENTITY_DIRECTION] });

describe('cropHu', () => {
  it('gives the crop asked for, whichever crop or volume was asked before, and reuses only an identical one', () => {
    const a = paintVolume(source, (p) => Math.round(10 * p[0] + p[1] - 3 * p[2]));
    const b = paintVolume(source, (p) => Math.round(-5 * p[0] + 2 * p[2]));
    const expected = (v: typeof a, g: Geometry) => resampleTrilinear(v.data, v, g, 'reflect');
    const first = cropHu(a, crop(2));
    expect(first).toEqual(expected(a, crop(2)));
    expect(cropHu(a, crop(2))).toBe(first);
    expect(cropHu(a, crop(2.5))).toEqual(expected(a, crop(2.5)));
    expect(cropHu(b, crop(2))).toEqual(expected(b, crop(2)));
    expect(cropHu(a, crop(2))).toEqual(expected(a, crop(2)));
    // Beyond the image's edge the crop reads it mirrored, as the model's input does.
    expect(cropHu(a, crop(-4))).toEqual(expected(a, crop(-4)));
  });
});
