import { describe, expect, it } from 'vitest';
import { segmentNoduleFromSeed } from '../../../main/core/nodules/index.js';
import { HAVE_SHARED_DATA } from '../dataPaths.js';
import { consensusLabels, contouredNodules, dice, distance, lidcVolume, noduleManifest, SEED_OPTS } from './noduleFixtures.js';

/**
 * LIDC-0003 #4 is faint ground glass (one reader, median −680 HU) lying 23 mm below the cavitated #1. The crop that
 * decides the mask is centred on what the first crop located, and mirrored; on #4 it joined the two, so a click on
 * #4 gave a mask holding more of #1 than of #4 (Dice 0.57 against #1, 0.18 against #4, centroid 14 mm from the click).
 * A click on one nodule must outline that nodule, and a click on #1 must still give #1 whole.
 */
describe.skipIf(!HAVE_SHARED_DATA)('a click on a faint nodule beside a larger one', () => {
  it('outlines the faint nodule, not its neighbour, and the neighbour keeps its own outline', async () => {
    const volume = await lidcVolume('lidc_idri_0003');
    const consensus = consensusLabels('lidc_idri_0003');
    const nodules = contouredNodules('lidc_idri_0003');
    const [large, faint] = [1, 4].map((id) => nodules.find((n) => n.id === id)!);
    const diceWith = (voxels: Uint32Array, id: number) => {
      const mask = new Uint8Array(volume.data.length);
      for (const v of voxels) mask[v] = 1;
      return dice(mask, 1, consensus, nodules.find((n) => n.id === id)!.label_value_in_nodules_50pct!);
    };

    const onFaint = await segmentNoduleFromSeed(volume, noduleManifest(), faint!.centroid_lps_mm, SEED_OPTS);
    expect(onFaint.found, onFaint.message).toBe(true);
    const [withFaint, withLarge] = [diceWith(onFaint.voxels, 4), diceWith(onFaint.voxels, 1)];
    console.log(`click on #4: ${onFaint.method}, ${onFaint.volumeMl.toFixed(2)} mL, Dice ${withFaint.toFixed(3)} with #4, ${withLarge.toFixed(3)} with #1`);
    // Measured 0.46 (the ground-glass outline, 16 mL: faint ground glass joins the two) and 0.06.
    expect(withFaint).toBeGreaterThan(0.4);
    expect(withLarge).toBeLessThan(0.15);
    expect(distance(onFaint.centroidLps!, faint!.centroid_lps_mm)).toBeLessThan(distance(onFaint.centroidLps!, large!.centroid_lps_mm));

    const onLarge = await segmentNoduleFromSeed(volume, noduleManifest(), large!.centroid_lps_mm, SEED_OPTS);
    expect(onLarge.found, onLarge.message).toBe(true);
    expect(diceWith(onLarge.voxels, 1)).toBeGreaterThan(0.8);
  }, 120_000);
});
