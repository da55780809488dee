import { describe, expect, it } from 'vitest';
import { DEMO_NODULES, makeDemoPhantom } from '../../../main/core/demo/phantom.js';
import { findNoduleCandidates, segmentLungs } from '../../../main/core/nodules/index.js';
import { distance, noduleManifest, SEED_OPTS } from './noduleFixtures.js';

describe('nodule candidates on the demo phantom', () => {
  it('finds both solid lung nodules, at the right place and size, with at most 4 false positives', async () => {
    const volume = makeDemoPhantom();
    const lungs = segmentLungs(volume);
    const { candidates, seedsTried, ms } = await findNoduleCandidates(volume, lungs.mask, noduleManifest(), SEED_OPTS);
    console.log(`phantom: ${candidates.length} candidates from ${seedsTried} seeds in ${ms.toFixed(0)} ms:`,
      candidates.map((c) => `${c.centroidLps.map((v) => v.toFixed(1)).join(',')} ⌀${c.diameterMm.toFixed(1)} p${c.score.toFixed(2)}`));
    for (const truth of DEMO_NODULES) {
      const hit = candidates.find((c) => distance(c.centroidLps, truth.centerLps) < 3);
      expect(hit, `nodule at ${truth.centerLps.join(',')}`).toBeDefined();
      // Equivalent diameter within 2 mm of the phantom's sphere (2.5 mm slices blur the poles).
      expect(Math.abs(hit!.diameterMm - truth.diameterMm)).toBeLessThan(2);
    }
    expect(candidates.length - DEMO_NODULES.length).toBeLessThanOrEqual(4);
  }, 300_000);
});
