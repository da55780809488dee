import { describe, expect, it } from 'vitest';
import { makeDemoPhantom } from '../../../main/core/demo/phantom.js';
import { groundGlassHint, solidTissueHint } from '../../../main/core/nodules/clickHints.js';
import type { Vec3, Volume } from '../../../main/core/volume/types.js';

/** The demo phantom's grid (1 × 1 × 2.5 mm) as flat −870 HU lung with a 2 mm vessel (40 HU) running along z through its centre. */
function lungWithVessel(): { volume: Volume; axis: Vec3 } {
  const volume = makeDemoPhantom();
  const [nx, ny, nz] = volume.dims;
  const data = new Int16Array(volume.data.length).fill(-870);
  const [ci, cj] = [Math.floor(nx / 2), Math.floor(ny / 2)];
  for (let k = 0; k < nz; k++)
    for (let j = cj - 2; j <= cj + 2; j++)
      for (let i = ci - 2; i <= ci + 2; i++) if (Math.hypot(i - ci, j - cj) <= 1) data[i + nx * (j + ny * k)] = 40;
  const axis: Vec3 = [volume.origin[0] + ci, volume.origin[1] + cj, volume.origin[2] + Math.floor(nz / 2) * volume.spacing[2]];
  return { volume: { ...volume, data }, axis };
}

describe('solidTissueHint', () => {
  const { volume, axis } = lungWithVessel();

  it('on a 2 mm vessel, tells how to outline a nodule lying on it by hand, and it is not ground glass', () => {
    expect(solidTissueHint(volume, axis)).toMatch(/Threshold brush from -300 HU up/);
    expect(groundGlassHint(volume, axis)).toBeNull();
  });

  it('in the aerated lung 3 mm beside the vessel, or on an MR, says nothing', () => {
    expect(solidTissueHint(volume, [axis[0] + 3, axis[1], axis[2]])).toBeNull();
    expect(solidTissueHint({ ...volume, meta: { ...volume.meta, modality: 'MR' } }, axis)).toBeNull();
  });
});
