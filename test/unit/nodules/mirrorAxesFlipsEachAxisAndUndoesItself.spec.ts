import { describe, expect, it } from 'vitest';
import { mirrorAxes } from '../../../main/core/nodules/modelCrop.js';
import type { Vec3 } from '../../../main/core/volume/types.js';

describe('mirrorAxes (test-time mirroring of a model crop)', () => {
  const dims: Vec3 = [4, 3, 2];
  const at = (i: number, j: number, k: number) => i + dims[0] * (j + dims[1] * k);
  const a = Float32Array.from({ length: 24 }, (_, v) => v);

  it('moves voxel (i, j, k) to the mirrored index along each chosen axis only', () => {
    expect(mirrorAxes(a, dims, [0])[at(0, 1, 1)]).toBe(a[at(3, 1, 1)]);
    expect(mirrorAxes(a, dims, [1])[at(2, 0, 1)]).toBe(a[at(2, 2, 1)]);
    expect(mirrorAxes(a, dims, [2])[at(2, 1, 0)]).toBe(a[at(2, 1, 1)]);
    expect(mirrorAxes(a, dims, [0, 1, 2])[at(0, 0, 0)]).toBe(a[at(3, 2, 1)]);
    expect([...mirrorAxes(a, dims, [])]).toEqual([...a]);
  });

  it('gives the input back when applied twice, so probabilities return to the unmirrored frame', () => {
    for (const axes of [[0], [1], [2], [0, 2], [0, 1, 2]]) expect([...mirrorAxes(mirrorAxes(a, dims, axes), dims, axes)]).toEqual([...a]);
  });
});
