import { describe, expect, it } from 'vitest';
import { findNoduleCandidates, segmentLungs } from '../../../main/core/nodules/index.js';
import { HAVE_SHARED_DATA } from '../dataPaths.js';
import { placeInserts, withInserts } from '../support/syntheticNodules.js';
import { contouredNodules, distance, lidcVolume, noduleManifest, SEED_OPTS } from './noduleFixtures.js';

/**
 * Twelve 4 mm solid nodules deep in the real lung of LIDC-0003 (those of smallSolidNoduleTheModelMissesIsOutlinedByDensity).
 * The model's candidates find 3 of them; with a seed the model keeps nothing at outlined by density, 7 (4 by density);
 * with the 1 mm small-nodule blob pass too, 8 (4 by density). No other candidate appears. The rest have no blob seed
 * among those tried. Bound: 6 of 12, at most 1 other.
 */
const LEAST_FOUND = 6;

describe.skipIf(!HAVE_SHARED_DATA)('nodule candidates: small solid nodules the model misses', () => {
  it(`are outlined by density (at least ${LEAST_FOUND} of 12 found), listed after the model's, with no new false positive`, async () => {
    const base = await lidcVolume('lidc_idri_0003');
    const readers = contouredNodules('lidc_idri_0003').map((n) => n.centroid_lps_mm);
    const { inserts, truths } = placeInserts(base, segmentLungs(base).mask, readers, [{ name: 'solid', hu: 30 }], Array<number>(12).fill(4), 105);
    const volume = withInserts(base, inserts);
    const { candidates } = await findNoduleCandidates(volume, segmentLungs(volume), noduleManifest(), SEED_OPTS);
    const found = truths.map((t) => candidates.find((c) => distance(c.centroidLps, t.centre) < 5)).filter((c) => c !== undefined);
    const others = candidates.filter((c) => !truths.some((t) => distance(c.centroidLps, t.centre) < 5) && !readers.some((r) => distance(c.centroidLps, r) < 15));
    console.log(`4 mm solid in LIDC-0003: found ${found.length} of 12 (${found.filter((c) => c.method === 'density').length} by density), ${others.length} other candidates`);
    expect(found.length).toBeGreaterThanOrEqual(LEAST_FOUND);
    expect(found.some((c) => c.method === 'density')).toBe(true);
    expect(others.length).toBeLessThanOrEqual(1);
    const firstByDensity = candidates.findIndex((c) => c.method === 'density');
    expect(candidates.slice(firstByDensity).every((c) => c.method === 'density')).toBe(true);
    for (const c of candidates.filter((x) => x.method === 'density')) expect(c.score).toBe(0);
  }, 300_000);
});
