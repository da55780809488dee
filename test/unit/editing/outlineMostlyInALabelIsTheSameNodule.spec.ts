import { describe, expect, it } from 'vitest';
import { alreadyOutlinedAnswer, labelAtPoint, labelOutlinedAgain } from '../../../main/core/editing/alreadyOutlined.js';
import type { LabelMap, Vec3 } from '../../../main/core/volume/types.js';

const DIMS: Vec3 = [20, 20, 20];
const SPACING: Vec3 = [1, 1, 2];

/** Voxels whose centre lies within `r` voxels of `c`, set to `value`. */
function ball(data: Uint8Array, c: Vec3, r: number, value: number): Uint8Array {
  for (let k = 0; k < DIMS[2]; k++)
    for (let j = 0; j < DIMS[1]; j++)
      for (let i = 0; i < DIMS[0]; i++) if (Math.hypot(i - c[0], j - c[1], k - c[2]) <= r) data[i + DIMS[0] * (j + DIMS[1] * k)] = value;
  return data;
}

function mask(): LabelMap {
  const data = ball(new Uint8Array(8000), [6, 10, 10], 3, 1);
  return { dims: DIMS, spacing: SPACING, origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data, labels: [{ value: 1, name: 'Nodule', color: [255, 200, 40] }] };
}

describe('a new outline lying mostly in one label is that label nodule clicked again', () => {
  it('the same ball, or one shifted by a voxel, is label 1; a neighbour touching it, or one elsewhere, is new', () => {
    const held = mask();
    expect(labelOutlinedAgain(held, ball(new Uint8Array(8000), [6, 10, 10], 3, 1))).toBe(1);
    expect(labelOutlinedAgain(held, ball(new Uint8Array(8000), [7, 10, 10], 3.5, 1))).toBe(1);
    // Touching: centres 6 voxels apart, radius 3 each, share a sliver.
    expect(labelOutlinedAgain(held, ball(new Uint8Array(8000), [12, 10, 10], 3, 1))).toBe(0);
    expect(labelOutlinedAgain(held, ball(new Uint8Array(8000), [15, 4, 4], 2, 1))).toBe(0);
    expect(labelOutlinedAgain(held, new Uint8Array(8000))).toBe(0);
  });

  it('reads the label under an LPS point (0 outside the grid) and names the label with its volume in mL', () => {
    const held = mask();
    expect(labelAtPoint(held, [6, 10, 20])).toBe(1); // z index 10 at 2 mm
    expect(labelAtPoint(held, [6, 10, 2])).toBe(0);
    expect(labelAtPoint(held, [-5, 10, 20])).toBe(0);
    let n = 0;
    for (const v of held.data) n += v;
    expect(alreadyOutlinedAnswer(held, 1)).toContain(`“Nodule” (${((n * 2) / 1000).toFixed(2)} mL)`);
  });
});
