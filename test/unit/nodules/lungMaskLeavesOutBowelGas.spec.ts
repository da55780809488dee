import { describe, expect, it } from 'vitest';
import { segmentLungs } from '../../../main/core/nodules/index.js';
import { openSource } from '../../../main/core/volume/index.js';
import type { Vec3, Volume } from '../../../main/core/volume/types.js';
import { seededRandom } from '../editing/editingFixtures.js';
import { caseFile, HAVE_SHARED_DATA } from '../dataPaths.js';
import { readNiftiForTests } from '../support/readNiftiForTests.js';

/**
 * An abdominal CT holds the lung bases and gas in the bowel, often more of the gas: the lung mask (and so the
 * candidate search) must take the lungs, not the colon. Lung parenchyma's median HU stays above −950 (even
 * emphysematous lung has under half its voxels below −950); bowel gas is air.
 */
describe('classical lung mask and bowel gas', () => {
  it.skipIf(!HAVE_SHARED_DATA)('of an abdominal CT takes the lung bases above the liver, not the colon gas below', async () => {
    const volume = await openSource(caseFile('ts_ct_abdomen', 'image.nii.gz'));
    const { mask, volumeMl } = segmentLungs(volume);
    const liver = readNiftiForTests(caseFile('ts_ct_abdomen', 'liver.nii.gz')).data;
    const sliceOf = (v: number) => Math.floor(v / (volume.dims[0] * volume.dims[1]));
    let [liverLow, liverHigh, lungLow] = [Infinity, -Infinity, Infinity];
    for (let v = 0; v < mask.length; v++) {
      if (liver[v]) [liverLow, liverHigh] = [Math.min(liverLow, sliceOf(v)), Math.max(liverHigh, sliceOf(v))];
      if (mask[v]) lungLow = Math.min(lungLow, sliceOf(v));
    }
    // This scan's +z is up. Its colon gas (about 350 mL, the largest air in the body) lies beside and below the liver.
    expect(lungLow).toBeGreaterThan((liverLow + liverHigh) / 2);
    expect(volumeMl).toBeGreaterThan(50);
    expect(volumeMl).toBeLessThan(300);
  }, 60_000);

  it('keeps normal and emphysematous lung and drops a larger pocket of gas', () => {
    for (const [lung, expectKept] of [[[-900, -820], true], [[-990, -890], true], [[-1010, -970], false]] as const) {
      const volume = abdomenWithLungBaseAndGas(lung);
      const { mask, components } = segmentLungs(volume);
      const at = (p: Vec3) => mask[p[0] + volume.dims[0] * (p[1] + volume.dims[1] * p[2])];
      expect(at(GAS_CENTRE), `gas, lung HU ${lung.join('…')}`).toBe(0);
      expect(at(LUNG_CENTRE), `lung HU ${lung.join('…')}`).toBe(expectKept ? 1 : 0);
      expect(components).toBe(expectKept ? 1 : 0);
    }
  });
});

const DIMS: Vec3 = [80, 80, 40];
const LUNG_CENTRE: Vec3 = [40, 40, 32];
const GAS_CENTRE: Vec3 = [40, 40, 12];

/**
 * A 2 mm soft-tissue body with a lung base (a 31 mL block, HU uniform in `lungHu`) above an 80 mL pocket of gas
 * (−1000 ± 15 HU), the gas the larger: what the top of an abdominal CT looks like to a threshold at −400 HU.
 */
function abdomenWithLungBaseAndGas(lungHu: readonly [number, number]): Volume {
  const [nx, ny, nz] = DIMS;
  const random = seededRandom(3);
  const data = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const inBody = (i - 40) ** 2 + (j - 40) ** 2 < 36 ** 2;
        const inLung = Math.abs(i - 40) < 12 && Math.abs(j - 40) < 8 && k >= 28 && k < 38;
        const inGas = (i - 40) ** 2 / 20 ** 2 + (j - 40) ** 2 / 15 ** 2 + (k - 12) ** 2 / 8 ** 2 < 1;
        let hu = inBody ? 40 + (random() - 0.5) * 30 : -1000;
        if (inLung) hu = lungHu[0] + random() * (lungHu[1] - lungHu[0]);
        if (inGas) hu = -1000 + (random() - 0.5) * 30;
        data[i + nx * (j + ny * k)] = hu;
      }
  return {
    dims: [...DIMS], spacing: [2, 2, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], data, pixelType: 'float32',
    meta: { modality: 'CT', sourceKind: 'demo', windowPresets: [], warnings: [] },
  };
}
