import { describe, expect, it } from 'vitest';
import { reflectIndex, resampleTrilinear } from '../../../main/core/inference/resample.js';
import { IDENTITY_DIRECTION, type Geometry } from '../../../main/core/volume/types.js';

describe('reflectIndex', () => {
  it('mirrors about the centres of the first and last voxel, periodically', () => {
    expect(reflectIndex(-1, 5)).toBe(1);
    expect(reflectIndex(-0.25, 5)).toBe(0.25);
    expect(reflectIndex(4.5, 5)).toBe(3.5);
    expect(reflectIndex(6, 5)).toBe(2);
    expect(reflectIndex(9, 5)).toBe(1); // past a whole period back
    expect(reflectIndex(2.5, 5)).toBe(2.5);
    expect(reflectIndex(-3, 1)).toBe(0);
  });
});

describe('resampleTrilinear beyond the image', () => {
  // A 1 × 1 × 4 column, z = 0…3 mm, values 10, 20, 30, 40; sampled at z = −3…6 mm.
  const src: Geometry = { dims: [1, 1, 4], spacing: [1, 1, 1], origin: [0, 0, 0], direction: IDENTITY_DIRECTION };
  const data = Float32Array.of(10, 20, 30, 40);
  const target: Geometry = { dims: [1, 1, 10], spacing: [1, 1, 1], origin: [0, 0, -3], direction: IDENTITY_DIRECTION };

  it('reads the image mirrored about its edge voxels with "reflect"', () => {
    expect([...resampleTrilinear(data, src, target, 'reflect')]).toEqual([40, 30, 20, 10, 20, 30, 40, 30, 20, 10]);
  });

  it('reads a half-voxel past the edge as the mirrored interpolation, not as padding', () => {
    const half: Geometry = { ...target, dims: [1, 1, 2], origin: [0, 0, -0.5] };
    expect([...resampleTrilinear(data, src, half, 'reflect')]).toEqual([15, 15]);
  });

  it('reads a fixed value with a number, as before', () => {
    expect([...resampleTrilinear(data, src, target, -1000)]).toEqual([-1000, -1000, -1000, 10, 20, 30, 40, -1000, -1000, -1000]);
  });
});
