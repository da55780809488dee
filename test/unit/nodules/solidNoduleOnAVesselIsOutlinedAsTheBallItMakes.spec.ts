import { beforeAll, describe, expect, it } from 'vitest';
import { sortedOverlap } from '../../../main/core/nodules/candidates.js';
import { segmentNoduleFromSeed } from '../../../main/core/nodules/index.js';
import type { Vec3, Volume } from '../../../main/core/volume/types.js';
import { HAVE_SHARED_DATA } from '../dataPaths.js';
import { ballVoxels, withInserts } from '../support/syntheticNodules.js';
import { lidcVolume, noduleManifest, SEED_OPTS } from './noduleFixtures.js';

/**
 * Solid balls of the noduleJuxtavascular bench laid on vessels of LIDC-0003 (centre r − 0.5 mm from a vessel voxel),
 * where the model keeps nothing and the plain density outline runs on along the vessel: each used to be "no nodule".
 */
const ON_VESSELS: { centre: Vec3; diameterMm: number }[] = [
  { centre: [-95.7, 27.96, -232.06], diameterMm: 8 },
  { centre: [-81.02, 59.07, -205.86], diameterMm: 10 },
];

describe.skipIf(!HAVE_SHARED_DATA)('a solid nodule on a vessel that the model misses', () => {
  let base: Volume;
  beforeAll(async () => {
    base = await lidcVolume('lidc_idri_0003');
  }, 120_000);

  for (const { centre, diameterMm } of ON_VESSELS)
    it(`(${diameterMm} mm) is outlined by density as the ball it makes on the vessel, the vessel cut at its surface`, async () => {
      const r = diameterMm / 2;
      const volume = withInserts(base, [{ kind: 'ball', centre, radiusMm: r, hu: 30 }]);
      const res = await segmentNoduleFromSeed(volume, noduleManifest(), centre, SEED_OPTS);
      expect(res.found, res.message).toBe(true);
      expect(res.method).toBe('density');
      expect(res.note).toMatch(/^The model did not call this a nodule\. It lies on a vessel, so it is outlined by density as the \d+ mm ball it makes there/);
      const truth = ballVoxels(base, centre, r);
      const dice = (2 * sortedOverlap(res.voxels, truth)) / (res.voxelCount + truth.length);
      const sphereMl = ((4 / 3) * Math.PI * r ** 3) / 1000;
      console.log(`${diameterMm} mm solid ball on a vessel of LIDC-0003: Dice ${dice.toFixed(3)}, ${res.volumeMl.toFixed(3)} mL of ${sphereMl.toFixed(3)}`);
      expect(dice).toBeGreaterThan(0.75);
      // The vessel is cut: not much more than the ball.
      expect(res.volumeMl).toBeLessThan(1.4 * sphereMl);
    }, 120_000);
});
