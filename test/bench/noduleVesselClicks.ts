/**
 * Click-to-segment on random vessel clicks and on small solid nodules inserted into the real lung of the LIDC slabs, with
 * the piece-of-vessel check and the density outline (as shipped) and without them (the model's answer alone), side by
 * side. Run: `npm run bench -- noduleVesselClicks`.
 */
import { segmentLungs, segmentNoduleFromSeed, type SeedSegmentOptions } from '../../main/core/nodules/index.js';
import { HAVE_SHARED_DATA } from '../unit/dataPaths.js';
import { contouredNodules, lidcVolume, noduleManifest, SEED_OPTS, vesselClicks, lidcCaseNames } from '../unit/nodules/noduleFixtures.js';
import { placeInserts, withInserts } from '../unit/support/syntheticNodules.js';
import { median } from './stats.js';

const CLICKS = 60;
const SOLID_MM = [4, 5, 6, 8];
const PER_SIZE = 12;
const VARIANTS: [string, SeedSegmentOptions][] = [
  ['shipped', SEED_OPTS],
  ['model alone', { ...SEED_OPTS, maxThroughCaliber: Infinity, densityFallback: false }],
];

export default async function noduleVesselClicks(): Promise<void> {
  if (!HAVE_SHARED_DATA) {
    console.log('LIDC slabs: skipped (no ../shared/data)');
    return;
  }
  const manifest = noduleManifest();
  for (const [n, caseName] of lidcCaseNames().entries()) {
    const base = await lidcVolume(caseName);
    const lung = segmentLungs(base).mask;
    const avoid = contouredNodules(caseName).map((x) => x.centroid_lps_mm);
    const clicks = vesselClicks(base, lung, avoid, CLICKS, 7 + n);
    for (const [name, opts] of VARIANTS) {
      let model = 0;
      let density = 0;
      const ms: number[] = [];
      for (const p of clicks) {
        const r = await segmentNoduleFromSeed(base, manifest, p, opts);
        ms.push(r.timings.totalMs);
        if (r.method === 'model') model++;
        if (r.method === 'density') density++;
      }
      console.log(`${caseName}, ${CLICKS} vessel clicks, ${name}: kept as a nodule ${model} by the model, ${density} by density; median ${median(ms).toFixed(0)} ms a click`);
    }
    for (const d of SOLID_MM) {
      const { inserts, truths } = placeInserts(base, lung, avoid, [{ name: 'solid', hu: 30 }], Array<number>(PER_SIZE).fill(d), 100 + n + d);
      const volume = withInserts(base, inserts);
      const row: string[] = [];
      for (const [name, opts] of VARIANTS) {
        let model = 0;
        let density = 0;
        const errors: number[] = [];
        for (const t of truths) {
          const r = await segmentNoduleFromSeed(volume, manifest, t.centre, opts);
          if (r.method === 'model') model++;
          if (r.method === 'density') density++;
          if (r.found) errors.push(Math.abs(Math.cbrt((6 * r.volumeMl * 1000) / Math.PI) - d));
        }
        row.push(`${name} ${model + density}/${truths.length} (${density} by density, median size error ${errors.length ? median(errors).toFixed(1) : '—'} mm)`);
      }
      console.log(`${caseName}, solid ${d} mm in deep lung: ${row.join('; ')}`);
    }
  }
}
