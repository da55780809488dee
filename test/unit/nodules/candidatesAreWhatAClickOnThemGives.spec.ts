import { describe, expect, it } from 'vitest';
import { findNoduleCandidates, segmentLungs, segmentNoduleFromSeed, sortedOverlap } from '../../../main/core/nodules/index.js';
import { openSource } from '../../../main/core/volume/index.js';
import { caseFile, HAVE_SHARED_DATA } from '../dataPaths.js';
import { noduleManifest, SEED_OPTS } from './noduleFixtures.js';

/**
 * A user checks a candidate by going to it and clicking it. The model is not shift-invariant: from a blob seed a few
 * mm off it can keep a vessel junction that a click on the candidate itself refuses. On the lung bases of this
 * abdominal CT (never used to tune the nodule pipeline) the search listed 3 such junctions and vessel pieces, of which a
 * click at the centroid refused 2; a candidate is now kept only when that click finds it too.
 */
describe.skipIf(!HAVE_SHARED_DATA)('nodule candidates on the lung bases of an abdominal CT', () => {
  it('are each found again by a click at their own centroid', async () => {
    const volume = await openSource(caseFile('chaos_ct_liver', 'image.nii.gz'));
    const manifest = noduleManifest();
    const { candidates, seedsTried } = await findNoduleCandidates(volume, segmentLungs(volume), manifest, SEED_OPTS);
    console.log(`chaos_ct_liver: ${candidates.length} candidates of ${seedsTried} seeds: ` +
      candidates.map((c) => `${c.centroidLps.map((v) => v.toFixed(0)).join(',')} ⌀${c.diameterMm.toFixed(1)}`).join(' | '));
    for (const c of candidates) {
      const clicked = await segmentNoduleFromSeed(volume, manifest, c.centroidLps, SEED_OPTS);
      const where = c.centroidLps.map((v) => v.toFixed(0)).join(',');
      expect(clicked.found, `${where}: ${clicked.message}`).toBe(true);
      expect(sortedOverlap(clicked.voxels, c.voxels), where).toBeGreaterThanOrEqual(0.5 * Math.min(clicked.voxels.length, c.voxels.length));
    }
    // No nodule is annotated here: whatever is listed is a false positive or an unreported nodule.
    expect(candidates.length).toBeLessThanOrEqual(2);
  }, 300_000);
});
