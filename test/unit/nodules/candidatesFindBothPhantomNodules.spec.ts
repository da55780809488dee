import { describe, expect, it } from 'vitest';
import { DEMO_NODULES, makeDemoPhantom } from '../../../main/core/demo/phantom.js';
import { findNoduleCandidates, segmentLungs, segmentNoduleFromSeed } from '../../../main/core/nodules/index.js';
import { distance, noduleManifest, SEED_OPTS } from './noduleFixtures.js';

describe('nodule candidates on the demo phantom', () => {
  it('finds both solid lung nodules, at the right place and size, with at most 4 false positives', async () => {
    const volume = makeDemoPhantom();
    const lungs = segmentLungs(volume);
    const { candidates, seedsTried, ms } = await findNoduleCandidates(volume, lungs, noduleManifest(), SEED_OPTS);
    console.log(`phantom: ${candidates.length} candidates from ${seedsTried} seeds in ${ms.toFixed(0)} ms:`,
      candidates.map((c) => `${c.centroidLps.map((v) => v.toFixed(1)).join(',')} ⌀${c.diameterMm.toFixed(1)} p${c.score.toFixed(2)}`));
    for (const truth of DEMO_NODULES) {
      const hit = candidates.find((c) => distance(c.centroidLps, truth.centerLps) < 3);
      expect(hit, `nodule at ${truth.centerLps.join(',')}`).toBeDefined();
      // Equivalent diameter within one in-plane voxel (1 mm), the brief's bar for sizes. The model draws the readers'
      // margin around a nodule; on the phantom's hard-edged spheres that margin is plain lung and is peeled, on the
      // crop (peelAeratedEdge) and again on the source grid after the paste (peelAeratedSourceEdge): 9.8 and 14.1 mm,
      // as the voxelised spheres themselves (12.0 and 16.4 mm with neither peel, 10.6 and 14.9 with the first alone).
      expect(Math.abs(hit!.diameterMm - truth.diameterMm)).toBeLessThan(volume.spacing[0]);
      expect(hit!.diameterMm).toBeGreaterThan(truth.diameterMm - 2);
    }
    expect(candidates.length - DEMO_NODULES.length).toBeLessThanOrEqual(4);
    // A candidate is what the user gets by clicking its seed: the same voxels, not a screening approximation.
    for (const c of candidates) {
      const clicked = await segmentNoduleFromSeed(volume, noduleManifest(), c.seed.centerLps, SEED_OPTS);
      expect(clicked.found).toBe(true);
      expect([...clicked.voxels]).toEqual([...c.voxels]);
    }
  }, 300_000);
});
