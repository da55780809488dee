import { describe, expect, it } from 'vitest';
import { DEMO_NODULES, makeDemoPhantom } from '../../../main/core/demo/phantom.js';
import { segmentLungs } from '../../../main/core/nodules/index.js';
import { worldToIndex } from '../../../main/core/volume/geometry.js';
import type { Vec3 } from '../../../main/core/volume/types.js';
import { HAVE_SHARED_DATA } from '../dataPaths.js';
import { consensusLabels, contouredNodules, lidcVolume } from './noduleFixtures.js';

describe('classical lung mask', () => {
  it.skipIf(!HAVE_SHARED_DATA).each(['lidc_idri_0002', 'lidc_idri_0003'])('of %s holds every consensus nodule and no outside air', async (caseName) => {
    const volume = await lidcVolume(caseName);
    const { mask, volumeMl } = segmentLungs(volume);
    const labels = consensusLabels(caseName);
    for (const n of contouredNodules(caseName)) {
      let inside = 0;
      let total = 0;
      for (let v = 0; v < labels.length; v++)
        if (labels[v] === n.label_value_in_nodules_50pct) {
          total++;
          inside += mask[v]!;
        }
      // Readers draw just outside the nodule, so a few contour voxels lie on the pleura or a vessel wall.
      expect(inside / total, `nodule ${n.id}`).toBeGreaterThan(0.9);
      const [i, j, k] = worldToIndex(volume, n.centroid_lps_mm).map(Math.round) as Vec3;
      expect(mask[i + volume.dims[0] * (j + volume.dims[1] * k)], `centre of nodule ${n.id}`).toBe(1);
    }
    expect(mask[0]).toBe(0); // corner: air outside the body
    // A 60–110 mm chest slab holds about 1–3.5 L of lung.
    expect(volumeMl).toBeGreaterThan(800);
    expect(volumeMl).toBeLessThan(3500);
  }, 120_000);

  it('of the demo phantom keeps both lungs, their nodules, and not the body or the air around it', () => {
    const volume = makeDemoPhantom();
    const { mask, components } = segmentLungs(volume);
    expect(components).toBe(2);
    const at = (p: Vec3) => {
      const [i, j, k] = worldToIndex(volume, p).map(Math.round) as Vec3;
      return mask[i + volume.dims[0] * (j + volume.dims[1] * k)];
    };
    for (const n of DEMO_NODULES) expect(at(n.centerLps)).toBe(1);
    expect(at([0, -10, 220])).toBe(0); // mediastinum between the lungs
    expect(at([-45, 5, 125])).toBe(0); // liver
    expect(at([-125, -125, 220])).toBe(0); // outside the body
  });
});
