import { describe, expect, it } from 'vitest';
import { segmentLungs, segmentNoduleFromSeed } from '../../../main/core/nodules/index.js';
import { HAVE_SHARED_DATA } from '../dataPaths.js';
import { placeInserts, withInserts } from '../support/syntheticNodules.js';
import { contouredNodules, lidcVolume, noduleManifest, SEED_OPTS } from './noduleFixtures.js';

/**
 * The model misses most 4 mm solid nodules in open lung (it finds 4 of these 12, placed at random deep in the real lung
 * of LIDC-0003, 2.5 mm slices). A click on one is outlined by density instead: measured 10 of 12 found, 6 of them by
 * density, sized 3.7–5.4 mm. Bound: 9 of 12, each within one slice (2.5 mm) of 4 mm, and the density ones say so.
 */
const DIAMETER_MM = 4;
const LEAST_FOUND = 9;

describe.skipIf(!HAVE_SHARED_DATA)('a click on a small solid nodule the model misses', () => {
  it(`is outlined by density: at least ${LEAST_FOUND} of 12 four-millimetre nodules found, each within one slice of its size`, async () => {
    const base = await lidcVolume('lidc_idri_0003');
    const lung = segmentLungs(base).mask;
    const avoid = contouredNodules('lidc_idri_0003').map((x) => x.centroid_lps_mm);
    const { inserts, truths } = placeInserts(base, lung, avoid, [{ name: 'solid', hu: 30 }], Array<number>(12).fill(DIAMETER_MM), 105);
    expect(truths).toHaveLength(12);
    const volume = withInserts(base, inserts);
    const found: string[] = [];
    let byDensity = 0;
    for (const t of truths) {
      const r = await segmentNoduleFromSeed(volume, noduleManifest(), t.centre, SEED_OPTS);
      if (!r.found) continue;
      const d = Math.cbrt((6 * r.volumeMl * 1000) / Math.PI);
      found.push(`${d.toFixed(1)} mm (${r.method})`);
      expect(Math.abs(d - DIAMETER_MM)).toBeLessThanOrEqual(base.spacing[2]);
      if (r.method === 'density') {
        byDensity++;
        expect(r.note).toMatch(/^The model did not call this a nodule, so it is outlined by density/);
        expect(r.meanProbability).toBe(0);
      } else expect(r.note).toBeUndefined();
    }
    console.log(`4 mm solid nodules in LIDC-0003: ${found.length} of 12 found: ${found.join(', ')}`);
    expect(found.length).toBeGreaterThanOrEqual(LEAST_FOUND);
    expect(byDensity).toBeGreaterThan(0);
  }, 300_000);
});
