import { describe, expect, it } from 'vitest';
import { sortedOverlap } from '../../../main/core/nodules/candidates.js';
import { segmentNoduleFromSeed } from '../../../main/core/nodules/index.js';
import type { Vec3 } from '../../../main/core/volume/types.js';
import { HAVE_SHARED_DATA } from '../dataPaths.js';
import { ballVoxels, withInserts } from '../support/syntheticNodules.js';
import { lidcVolume, noduleManifest, SEED_OPTS } from './noduleFixtures.js';

/**
 * A 6 mm ground-glass ball (−600 HU) laid on a real vessel of LIDC-IDRI-0002, the vessel running through its edge: one
 * of `npm run bench -- noduleJuxtavascular`'s balls. The model keeps the ball with the vessel inside it, and the vessel
 * goes on beyond it on both sides; the through-vessel test had refused it as a piece of vessel. A piece of vessel is
 * solid tissue and this component is mostly ground glass, so the test no longer judges it.
 */
const CENTRE: Vec3 = [-38.2, 1.54, -99.74];
const RADIUS_MM = 3;

describe.skipIf(!HAVE_SHARED_DATA)('a ground-glass nodule on a vessel', () => {
  it('is outlined, not refused as a piece of the vessel', async () => {
    const base = await lidcVolume('lidc_idri_0002');
    const volume = withInserts(base, [{ kind: 'ball', centre: CENTRE, radiusMm: RADIUS_MM, hu: -600 }]);
    const r = await segmentNoduleFromSeed(volume, noduleManifest(), CENTRE, SEED_OPTS);
    expect(r.found, r.message).toBe(true);
    const truth = ballVoxels(base, CENTRE, RADIUS_MM);
    const dice = (2 * sortedOverlap(r.voxels, truth)) / (r.voxelCount + truth.length);
    console.log(`ground-glass 6 mm ball on a vessel: Dice ${dice.toFixed(3)}, ${r.volumeMl.toFixed(2)} mL`);
    expect(dice).toBeGreaterThan(0.7);
  }, 120_000);
});
