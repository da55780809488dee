import { describe, expect, it } from 'vitest';
import { segmentLungs, segmentNoduleFromSeed } from '../../../main/core/nodules/index.js';
import { HAVE_SHARED_DATA } from '../dataPaths.js';
import { placeInserts, slabEndDistanceMm, withInserts } from '../support/syntheticNodules.js';
import { contouredNodules, lidcVolume, noduleManifest, SEED_OPTS } from './noduleFixtures.js';

/**
 * A 64 mm crop at a nodule near the first or last slice of a 44-slice LIDC slab is up to half outside the image.
 * Padded with air there, the model found 4 of the 12 solid 5 mm nodules below within 25 mm of a slab end; with the
 * image mirrored beyond its edge it finds 9 (`npm run bench -- noduleSlabEdge` measures more). A quarter may still be missed.
 */
const END_MM = 25;

describe.skipIf(!HAVE_SHARED_DATA)('a click on a 5 mm solid nodule near the end of a slab', () => {
  it('finds at least three quarters of them, each sized within a slice', async () => {
    const manifest = noduleManifest();
    let near = 0;
    let found = 0;
    for (const [n, caseName] of ['lidc_idri_0002', 'lidc_idri_0003'].entries()) {
      const base = await lidcVolume(caseName);
      const avoid = contouredNodules(caseName).map((r) => r.centroid_lps_mm);
      const { inserts, truths } = placeInserts(base, segmentLungs(base).mask, avoid, [{ name: 'solid', hu: 30 }], Array<number>(12).fill(5), 100 + n);
      const volume = withInserts(base, inserts);
      for (const t of truths.filter((x) => slabEndDistanceMm(base, x.centre) < END_MM)) {
        near++;
        const r = await segmentNoduleFromSeed(volume, manifest, t.centre, SEED_OPTS);
        const d = Math.cbrt((6 * r.volumeMl * 1000) / Math.PI);
        console.log(`${caseName}, ${slabEndDistanceMm(base, t.centre).toFixed(0)} mm from the end: ${r.found ? `⌀${d.toFixed(1)} mm` : r.message}`);
        if (!r.found) continue;
        found++;
        expect(Math.abs(d - 5)).toBeLessThan(base.spacing[2]);
      }
    }
    expect(near).toBeGreaterThanOrEqual(8);
    expect(found / near).toBeGreaterThanOrEqual(0.75);
  }, 240_000);
});
