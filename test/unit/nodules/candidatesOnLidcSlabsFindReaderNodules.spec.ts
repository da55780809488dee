import { describe, expect, it } from 'vitest';
import { findNoduleCandidates, segmentLungs } from '../../../main/core/nodules/index.js';
import { HAVE_SHARED_DATA } from '../dataPaths.js';
import { contouredNodules, distance, lidcVolume, noduleManifest, SEED_OPTS, SMALL_MARK_MM, smallNoduleMarks } from './noduleFixtures.js';

/**
 * Sensitivity and false positives on the two real LIDC slabs. A candidate hits a nodule when its
 * centroid lies within the nodule's radius (≥ 5 mm) of the consensus centroid. Asserted: every nodule
 * marked by ≥ 2 of 4 readers (the LUNA16 rule is ≥ 3; LIDC-0002's ground-glass nodule has 2) is found, with at
 * most MAX_FP other candidates (a candidate at a reader's < 3 mm mark is a nodule, not a false positive). LIDC-0003's nodule 4, marked by one reader only, is logged, not asserted: it
 * is missed (issue 7's note).
 */
const MAX_FP = 4;

describe.skipIf(!HAVE_SHARED_DATA).each(['lidc_idri_0002', 'lidc_idri_0003'])('nodule candidates on %s', (caseName) => {
  it(`find every ≥ 2-reader nodule with ≤ ${MAX_FP} false positives`, async () => {
    const volume = await lidcVolume(caseName);
    const lungs = segmentLungs(volume);
    const { candidates, seedsTried, ms } = await findNoduleCandidates(volume, lungs, noduleManifest(), SEED_OPTS);
    const nodules = contouredNodules(caseName);
    const radius = (n: (typeof nodules)[number]) => Math.max(5, Math.cbrt((3 * n.volume_ml_consensus50 * 1000) / (4 * Math.PI)));
    const hits = nodules.map((n) => candidates.findIndex((c) => distance(c.centroidLps, n.centroid_lps_mm) < radius(n)));
    const small = smallNoduleMarks(caseName);
    // A reader's < 3 mm mark is a real nodule, too small to be required: found, it is not a false positive.
    const fps = candidates.filter((c) => !nodules.some((n) => distance(c.centroidLps, n.centroid_lps_mm) < radius(n)) && !small.some((m) => distance(c.centroidLps, m.centroid_lps_mm) < SMALL_MARK_MM));
    console.log(`${caseName}: ${candidates.length} candidates (${seedsTried} seeds, ${ms.toFixed(0)} ms); ` +
      nodules.map((n, i) => `nodule ${n.id} (${n.reader_count} readers): ${hits[i]! >= 0 ? `rank ${hits[i]! + 1}` : 'missed'}`).join('; ') +
      `; false positives ${fps.length}: ` + fps.map((c) => `${c.centroidLps.map((v) => v.toFixed(0)).join(',')} ⌀${c.diameterMm.toFixed(1)} p${c.score.toFixed(2)}`).join(' | '));
    nodules.forEach((n, i) => {
      if (n.reader_count >= 2) expect(hits[i], `nodule ${n.id}`).toBeGreaterThanOrEqual(0);
    });
    expect(fps.length).toBeLessThanOrEqual(MAX_FP);
  }, 600_000);
});
