import { describe, expect, it } from 'vitest';
import { segmentLungs, segmentNoduleFromSeed } from '../../../main/core/nodules/index.js';
import { HAVE_SHARED_DATA } from '../dataPaths.js';
import { contouredNodules, lidcVolume, noduleManifest, SEED_OPTS, vesselClicks } from './noduleFixtures.js';

/**
 * Random clicks on vessels of the real LIDC slabs, not hand-picked centre lines: the model used to keep a piece of the
 * vessel as a 4–10 mm "nodule" for 15 of 60 such clicks on LIDC-0002 and 5 of 60 on LIDC-0003. With the piece refused
 * when vessel as thick as it runs on at both ends, 2 and 2 are left (a vessel cut by the slab's last slice; the aorta
 * where the lung mask takes in its edge), and the density outline adds none. Bound: 3 of 60.
 */
const CLICKS = 60;
const MOST_KEPT = 3;

describe.skipIf(!HAVE_SHARED_DATA)('random clicks on vessels in real lung', () => {
  for (const [n, caseName] of ['lidc_idri_0002', 'lidc_idri_0003'].entries())
    it(`of ${caseName} give "No nodule found" for all but at most ${MOST_KEPT} of ${CLICKS}`, async () => {
      const volume = await lidcVolume(caseName);
      const clicks = vesselClicks(volume, segmentLungs(volume).mask, contouredNodules(caseName).map((x) => x.centroid_lps_mm), CLICKS, 7 + n);
      expect(clicks).toHaveLength(CLICKS);
      const kept: string[] = [];
      for (const p of clicks) {
        const r = await segmentNoduleFromSeed(volume, noduleManifest(), p, SEED_OPTS);
        if (r.found) kept.push(`${p.map((x) => x.toFixed(0)).join(', ')} (${r.method}, ${r.volumeMl.toFixed(2)} mL)`);
        else expect(r.message).toMatch(/^No nodule found at this point/);
      }
      console.log(`${caseName}: ${kept.length} of ${CLICKS} vessel clicks kept as a nodule: ${kept.join('; ')}`);
      expect(kept.length).toBeLessThanOrEqual(MOST_KEPT);
    }, 300_000);
});
