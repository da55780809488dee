import { describe, expect, it } from 'vitest';
import { findNoduleCandidates, segmentLungs } from '../../../main/core/nodules/index.js';
import { HAVE_SHARED_DATA } from '../dataPaths.js';
import { placeInserts, withInserts } from '../support/syntheticNodules.js';
import { contouredNodules, distance, lidcVolume, noduleManifest, SEED_OPTS } from './noduleFixtures.js';

/**
 * A 4 mm solid nodule (30 HU) inserted into the real lung of LIDC-0002 (1.25 mm slices) and of LIDC-0003 (2.5 mm).
 * On LIDC-0002 its blob seed is among the strongest, but one model pass makes it a 2–3 mm speck, under the 3 mm
 * smallest nodule; the mirrored crop a click gets measures it at about 4 mm. Candidates give such a just-too-small
 * answer the mirrored look (measured: missed without it, ⌀4.1 mm with it). On LIDC-0003 the 2 mm blob filter ranks it
 * 54th, below the seed budget; the 1 mm small-nodule pass (`findSmallBlobs`) 2nd (measured: missed without that pass,
 * ⌀4.1 mm with it).
 */
describe.skipIf(!HAVE_SHARED_DATA)('nodule candidates: a small solid nodule', () => {
  for (const [caseName, placement] of [['lidc_idri_0002', 7], ['lidc_idri_0003', 8]] as const)
    it(`finds a 4 mm solid nodule inserted into ${caseName} and sizes it within a voxel`, async () => {
      const base = await lidcVolume(caseName);
      const readers = contouredNodules(caseName).map((n) => n.centroid_lps_mm);
      const { inserts, truths } = placeInserts(base, segmentLungs(base).mask, readers, [{ name: 'solid', hu: 30 }], [4], placement);
      const volume = withInserts(base, inserts);
      const { candidates } = await findNoduleCandidates(volume, segmentLungs(volume), noduleManifest(), SEED_OPTS);
      const truth = truths[0]!;
      const hit = candidates.find((c) => distance(c.centroidLps, truth.centre) < 3);
      console.log(`4 mm solid in ${caseName}: ${hit ? `⌀${hit.diameterMm.toFixed(1)} mm, score ${hit.score.toFixed(2)}` : 'missed'} among ${candidates.length} candidates`);
      expect(hit).toBeDefined();
      expect(Math.abs(hit!.diameterMm - 4)).toBeLessThan(Math.hypot(...base.spacing));
    }, 300_000);
});
