/**
 * Click-to-segment on small synthetic nodules inserted into the real lung of the LIDC slabs, split by how far they lie
 * from the slab's first or last slice, with the crop beyond the image mirrored (as shipped) and padded with air (the
 * slab extended by air slices, which is what the crop read before), side by side. Run: `npm run bench -- noduleSlabEdge`.
 */
import { segmentLungs, segmentNoduleFromSeed } from '../../main/core/nodules/index.js';
import type { Volume } from '../../main/core/volume/types.js';
import { HAVE_SHARED_DATA } from '../unit/dataPaths.js';
import { contouredNodules, lidcVolume, noduleManifest, SEED_OPTS, lidcCaseNames } from '../unit/nodules/noduleFixtures.js';
import { placeInserts, slabEndDistanceMm, withInserts } from '../unit/support/syntheticNodules.js';

const KINDS = [{ name: 'solid', hu: 30, diametersMm: [4, 5, 6] }, { name: 'ground glass', hu: -550, diametersMm: [6, 10] }];
const PER_SIZE = 12;
const NEAR_MM = 25;
/** Air slices added beyond each end: more than the 32 mm half-crop at any LIDC slice thickness. */
const AIR_MM = 34;

/** The volume with air slices added above and below (axis-aligned slabs only), so the crop leaves it into air. */
function withAirBeyondEnds(v: Volume): Volume {
  const extra = Math.ceil(AIR_MM / v.spacing[2]);
  const slice = v.dims[0] * v.dims[1];
  const data = new Int16Array(slice * (v.dims[2] + 2 * extra)).fill(-1024);
  data.set(v.data as Int16Array, extra * slice);
  const shift = extra * v.spacing[2];
  const origin: [number, number, number] = [v.origin[0] - shift * v.direction[2]!, v.origin[1] - shift * v.direction[5]!, v.origin[2] - shift * v.direction[8]!];
  return { ...v, dims: [v.dims[0], v.dims[1], v.dims[2] + 2 * extra], origin, data };
}

export default async function noduleSlabEdge(): Promise<void> {
  if (!HAVE_SHARED_DATA) {
    console.log('LIDC slabs: skipped (no ../shared/data)');
    return;
  }
  const manifest = noduleManifest();
  const tally = new Map<string, [number, number, number]>(); // found mirrored, found air, count
  for (const [n, caseName] of lidcCaseNames().entries()) {
    const base = await lidcVolume(caseName);
    const lung = segmentLungs(base).mask;
    const avoid = contouredNodules(caseName).map((r) => r.centroid_lps_mm);
    for (const kind of KINDS)
      for (const d of kind.diametersMm) {
        const { inserts, truths } = placeInserts(base, lung, avoid, [kind], Array<number>(PER_SIZE).fill(d), 100 + n + d);
        const mirrored = withInserts(base, inserts);
        const air = withAirBeyondEnds(mirrored);
        for (const t of truths) {
          const where = slabEndDistanceMm(base, t.centre) < NEAR_MM ? `< ${NEAR_MM} mm` : `≥ ${NEAR_MM} mm`;
          const key = `${kind.name} ${d} mm, ${where} from a slab end`;
          const row = tally.get(key) ?? [0, 0, 0];
          if ((await segmentNoduleFromSeed(mirrored, manifest, t.centre, SEED_OPTS)).found) row[0]++;
          if ((await segmentNoduleFromSeed(air, manifest, t.centre, SEED_OPTS)).found) row[1]++;
          row[2]++;
          tally.set(key, row);
        }
      }
  }
  for (const [key, [m, a, count]] of [...tally.entries()].sort()) console.log(`${key}: found mirrored ${m}/${count}, padded with air ${a}/${count}`);
}
