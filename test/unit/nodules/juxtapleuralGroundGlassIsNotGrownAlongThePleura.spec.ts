import { beforeAll, describe, expect, it } from 'vitest';
import { squaredDistanceToMask3d } from '../../../main/core/editing/distanceTransform.js';
import { sortedOverlap } from '../../../main/core/nodules/candidates.js';
import { segmentLungs, segmentNoduleFromSeed } from '../../../main/core/nodules/index.js';
import type { Vec3, Volume } from '../../../main/core/volume/types.js';
import { HAVE_SHARED_DATA } from '../dataPaths.js';
import { ballInLung, placeAtDepth } from '../support/placeByDepth.js';
import { withInserts } from '../support/syntheticNodules.js';
import { contouredNodules, lidcVolume, noduleManifest, SEED_OPTS } from './noduleFixtures.js';

/**
 * The 12 mm ground-glass ball of the nodulePlacement bench against LIDC-0003's chest wall (seed 77 + 10 + 12), where the
 * lung beside the pleura is itself near ground-glass density after smoothing. The model keeps only a sliver, so the
 * ground-glass outline answers; at -800 HU it took that lung and the band along the pleura with it: 2.05 mL for a
 * 0.74 mL ball (Dice 0.53). Outlined again from above that lung's density, and with no lobes grown along the pleura:
 * 1.44 mL, Dice 0.68. (A deep 12 mm ball measures 1.24 mL of 0.92: the reader-like edge the outline adds.)
 */
describe.skipIf(!HAVE_SHARED_DATA)('a juxtapleural ground-glass nodule the model misses', () => {
  let volume: Volume;
  let truth: { voxels: Uint32Array; centroid: Vec3 };
  beforeAll(async () => {
    const base = await lidcVolume('lidc_idri_0003');
    const lung = segmentLungs(base).mask;
    const depth2 = squaredDistanceToMask3d(lung.map((v) => (v ? 0 : 1)), base.dims, base.spacing);
    const avoid = contouredNodules('lidc_idri_0003').map((n) => n.centroid_lps_mm);
    const centre = placeAtDepth(base, lung, depth2, 'juxtapleural', 6, avoid, 77 + 10 + 12);
    if (!centre) throw new Error('no juxtapleural place');
    volume = withInserts(base, [{ kind: 'ball', centre, radiusMm: 6, hu: -650 }]);
    truth = ballInLung(base, lung, centre, 6);
  }, 120_000);

  it('is outlined by density without the lung and pleural band around it: Dice > 0.6, under 2.4x its volume', async () => {
    const r = await segmentNoduleFromSeed(volume, noduleManifest(), truth.centroid, SEED_OPTS);
    expect(r.found).toBe(true);
    expect(r.method).toBe('density');
    const dice = (2 * sortedOverlap(r.voxels, truth.voxels)) / (r.voxelCount + truth.voxels.length);
    const truthMl = (truth.voxels.length * volume.spacing[0] * volume.spacing[1] * volume.spacing[2]) / 1000;
    console.log(`12 mm juxtapleural ground glass in LIDC-0003: Dice ${dice.toFixed(3)}, ${r.volumeMl.toFixed(2)} mL of ${truthMl.toFixed(2)}`);
    expect(dice).toBeGreaterThan(0.6);
    expect(r.volumeMl).toBeLessThan(2.4 * truthMl);
  }, 120_000);
});
