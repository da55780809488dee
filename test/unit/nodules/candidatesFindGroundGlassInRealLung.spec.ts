import { describe, expect, it } from 'vitest';
import { findNoduleCandidates, segmentLungs } from '../../../main/core/nodules/index.js';
import { HAVE_SHARED_DATA } from '../dataPaths.js';
import { placeInserts, withInserts } from '../support/syntheticNodules.js';
import { contouredNodules, distance, lidcVolume, noduleManifest, SEED_OPTS } from './noduleFixtures.js';

/**
 * Ground-glass nodules (−550 HU, 6–12 mm) inserted into the real parenchyma of LIDC-0003, where the vessels
 * outshine them in the plain blob filter: without the ground-glass pass none of the four is a seed (measured:
 * 0 of 4 found). With it at least three must be found, and the scan's own reader nodules must not be lost.
 */
const MAX_FP = 4;

describe.skipIf(!HAVE_SHARED_DATA)('nodule candidates: ground glass among vessels', () => {
  it('finds at least 3 of 4 inserted ground-glass nodules on LIDC-0003, with ≤ 4 false positives', async () => {
    const base = await lidcVolume('lidc_idri_0003');
    const readers = contouredNodules('lidc_idri_0003');
    const { inserts, truths } = placeInserts(base, segmentLungs(base).mask, readers.map((n) => n.centroid_lps_mm), [{ name: 'ground glass', hu: -550 }], [6, 8, 10, 12], 1);
    expect(truths).toHaveLength(4);
    const volume = withInserts(base, inserts);
    const { candidates } = await findNoduleCandidates(volume, segmentLungs(volume), noduleManifest(), SEED_OPTS);
    const near = (p: [number, number, number], radiusMm: number) => candidates.findIndex((c) => distance(c.centroidLps, p) < Math.max(5, radiusMm));
    const ranks = truths.map((t) => near(t.centre, t.radiusMm));
    const readerRadius = (n: (typeof readers)[number]) => Math.cbrt((3 * n.volume_ml_consensus50 * 1000) / (4 * Math.PI));
    const fps = candidates.filter((c) => ![...truths.map((t) => [t.centre, t.radiusMm] as const), ...readers.map((n) => [n.centroid_lps_mm, readerRadius(n)] as const)]
      .some(([p, r]) => distance(c.centroidLps, p) < Math.max(5, r)));
    console.log(`ground glass on LIDC-0003: ${truths.map((t, i) => `${t.label} ${ranks[i]! >= 0 ? `rank ${ranks[i]! + 1}` : 'missed'}`).join('; ')}; ${fps.length} false positives`);
    expect(ranks.filter((r) => r >= 0).length).toBeGreaterThanOrEqual(3);
    expect(fps.length).toBeLessThanOrEqual(MAX_FP);
    // The reader nodules of ≥ 3 readers are still found.
    for (const n of readers.filter((r) => r.reader_count >= 3)) expect(near(n.centroid_lps_mm, readerRadius(n)), `reader nodule ${n.id}`).toBeGreaterThanOrEqual(0);
  }, 600_000);
});
