import { beforeAll, describe, expect, it } from 'vitest';
import { noduleLabelMap, segmentLungs, segmentNoduleFromSeed } from '../../../main/core/nodules/index.js';
import type { Volume } from '../../../main/core/volume/types.js';
import { HAVE_SHARED_DATA } from '../dataPaths.js';
import { withCtNoise } from '../support/ctNoise.js';
import { consensusLabels, contouredNodules, dice, lidcVolume, noduleManifest, SEED_OPTS, vesselClicks } from './noduleFixtures.js';

/**
 * Nodules are screened on low-dose CT, which is noisier than LIDC-0003's scan. With 50 HU of correlated noise added
 * (about what a quarter of the dose adds to lung), clicks on its 4-reader nodules 2 and 3 must still give a Dice above
 * the same 0.7 as on the scan itself (`seedOnLidcNoduleMatchesReaderConsensus`), and random vessel clicks must
 * still be refused. Measured with 59 HU added: Dice 0.85 and 0.86 (0.86 and 0.885 without), vessel clicks kept 2 of 60
 * (2 without); candidates kept their 3 nodules and 0 false positives.
 */
const ADDED_NOISE_HU = 50;
const MIN_DICE = 0.7;

describe.skipIf(!HAVE_SHARED_DATA)('click-to-segment on a noisier (low-dose) LIDC-0003', () => {
  let noisy: Volume;
  beforeAll(async () => {
    noisy = withCtNoise(await lidcVolume('lidc_idri_0003'), ADDED_NOISE_HU, 5);
  }, 120_000);

  it(`still segments nodules 2 and 3 with Dice ≥ ${MIN_DICE}`, async () => {
    const manifest = noduleManifest();
    const consensus = consensusLabels('lidc_idri_0003');
    for (const id of [2, 3]) {
      const nodule = contouredNodules('lidc_idri_0003').find((n) => n.id === id)!;
      const r = await segmentNoduleFromSeed(noisy, manifest, nodule.centroid_lps_mm, SEED_OPTS);
      expect(r.found, r.message).toBe(true);
      const d = dice(noduleLabelMap(noisy, manifest, r).data, 1, consensus, nodule.label_value_in_nodules_50pct!);
      console.log(`+${ADDED_NOISE_HU} HU noise, nodule ${id}: Dice ${d.toFixed(3)}, ${r.volumeMl.toFixed(3)} mL`);
      expect(d).toBeGreaterThanOrEqual(MIN_DICE);
    }
  }, 120_000);

  it('still refuses random clicks on vessels', async () => {
    const manifest = noduleManifest();
    const nodules = contouredNodules('lidc_idri_0003').map((n) => n.centroid_lps_mm);
    const clicks = vesselClicks(noisy, segmentLungs(await lidcVolume('lidc_idri_0003')).mask, nodules, 20, 21);
    let kept = 0;
    for (const c of clicks) if ((await segmentNoduleFromSeed(noisy, manifest, c, SEED_OPTS)).found) kept++;
    console.log(`+${ADDED_NOISE_HU} HU noise: ${kept} of ${clicks.length} vessel clicks kept as nodules`);
    expect(kept).toBeLessThanOrEqual(2);
  }, 180_000);
});
