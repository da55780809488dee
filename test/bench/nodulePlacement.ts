/**
 * Click-to-segment on synthetic balls inserted into the real lung of the LIDC slabs, deep in the lung and
 * juxtapleural (centre 0.4 R inside the lung border, so the ball meets the chest wall), solid and ground glass,
 * 12–28 mm. Dice against the ball ∩ lung mask. The one real ground-glass nodule the model misses (LIDC-0002) is
 * subpleural; this measures whether that is the nodule or the place. Run: `npm run bench -- nodulePlacement`.
 */
import { squaredDistanceToMask3d } from '../../main/core/editing/distanceTransform.js';
import { sortedOverlap } from '../../main/core/nodules/candidates.js';
import { segmentLungs, segmentNoduleFromSeed } from '../../main/core/nodules/index.js';
import { HAVE_SHARED_DATA } from '../unit/dataPaths.js';
import { contouredNodules, lidcVolume, noduleManifest, SEED_OPTS, lidcCaseNames } from '../unit/nodules/noduleFixtures.js';
import { ballInLung, placeAtDepth, PLACES } from '../unit/support/placeByDepth.js';
import { withInserts } from '../unit/support/syntheticNodules.js';

const KINDS = [{ name: 'solid', hu: 30 }, { name: 'ground glass', hu: -650 }, { name: 'faint ground glass', hu: -720 }];
const DIAMETERS_MM = [12, 20, 28];

export default async function nodulePlacement(): Promise<void> {
  if (!HAVE_SHARED_DATA) {
    console.log('LIDC slabs: skipped (no ../shared/data)');
    return;
  }
  const manifest = noduleManifest();
  const dice: Record<string, number[]> = {};
  for (const [n, caseName] of lidcCaseNames().entries()) {
    const base = await lidcVolume(caseName);
    const lung = segmentLungs(base).mask;
    const outside = lung.map((v) => (v ? 0 : 1));
    const depth = squaredDistanceToMask3d(outside, base.dims, base.spacing);
    const avoid = contouredNodules(caseName).map((x) => x.centroid_lps_mm);
    for (const kind of KINDS)
      for (const d of DIAMETERS_MM)
        for (const where of PLACES) {
          const r = d / 2;
          const centre = placeAtDepth(base, lung, depth, where, r, avoid, 77 + 10 * n + d);
          if (!centre) {
            console.log(`${caseName} ${kind.name} ${d} mm ${where}: no place`);
            continue;
          }
          const volume = withInserts(base, [{ kind: 'ball', centre, radiusMm: r, hu: kind.hu }]);
          const truth = ballInLung(base, lung, centre, r);
          const res = await segmentNoduleFromSeed(volume, manifest, truth.centroid, SEED_OPTS);
          const score = res.found ? (2 * sortedOverlap(res.voxels, truth.voxels)) / (res.voxelCount + truth.voxels.length) : 0;
          (dice[`${kind.name}, ${where}`] ??= []).push(score);
          const truthMl = (truth.voxels.length * base.spacing[0] * base.spacing[1] * base.spacing[2]) / 1000;
          console.log(`${caseName} ${kind.name} (${kind.hu} HU) ${d} mm ${where}: ${res.found ? `Dice ${score.toFixed(2)}, ${res.volumeMl.toFixed(2)} mL of ${truthMl.toFixed(2)}` : res.message}`);
        }
  }
  for (const [k, v] of Object.entries(dice)) console.log(`mean Dice ${k}: ${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(3)} over ${v.length}`);
}
