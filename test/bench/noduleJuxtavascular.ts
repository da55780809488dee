/**
 * Click-to-segment on juxtavascular nodules: synthetic balls of 6–12 mm, solid and ground glass, laid on a vessel in
 * the real lung of the LIDC slabs (centre r − 0.5 mm from a random voxel above 0 HU at least 15 mm inside the lung, so
 * the vessel runs through the ball's edge), clicked at their centre. A ball counts as found when the mask's Dice against
 * it is above 0.3; for the rest the panel's message says why. Compare with balls free in the lung (`nodulePlacement`,
 * the noduleVesselClicks solid 8 mm line). Run: `npm run bench -- noduleJuxtavascular`.
 */
import { squaredDistanceToMask3d } from '../../main/core/editing/distanceTransform.js';
import { sortedOverlap } from '../../main/core/nodules/candidates.js';
import { NO_NODULE_MESSAGE, segmentLungs, segmentNoduleFromSeed } from '../../main/core/nodules/index.js';
import { indexToWorld } from '../../main/core/volume/geometry.js';
import type { Vec3, Volume } from '../../main/core/volume/types.js';
import { HAVE_SHARED_DATA } from '../unit/dataPaths.js';
import { seededRandom } from '../unit/editing/editingFixtures.js';
import { contouredNodules, distance, lidcCaseNames, lidcVolume, noduleManifest, SEED_OPTS } from '../unit/nodules/noduleFixtures.js';
import { ballVoxels, withInserts } from '../unit/support/syntheticNodules.js';

const KINDS = [{ name: 'solid', hu: 30 }, { name: 'ground glass', hu: -600 }];
const DIAMETERS_MM = [6, 8, 10, 12];
const PER_SIZE = 4;

/** A seeded ball centre on a vessel: r − 0.5 mm from a deep vessel voxel, away from the scan's own nodules and slab ends. */
function onVessel(volume: Volume, vessels: number[], r: number, avoid: Vec3[], random: () => number): Vec3 | null {
  const [nx, ny, nz] = volume.dims;
  for (let t = 0; t < 1000; t++) {
    const v = vessels[Math.floor(random() * vessels.length)]!;
    const k = Math.floor(v / (nx * ny));
    if (k * volume.spacing[2] < r + 8 || (nz - 1 - k) * volume.spacing[2] < r + 8) continue;
    const p = indexToWorld(volume, [v % nx, Math.floor(v / nx) % ny, k]);
    const u = [random() - 0.5, random() - 0.5, (random() - 0.5) * 0.4];
    const n = Math.hypot(...u);
    const q = p.map((x, a) => x + (u[a]! / n) * (r - 0.5)) as Vec3;
    if (!avoid.some((a) => distance(a, q) < 30)) return q;
  }
  return null;
}

export default async function noduleJuxtavascular(): Promise<void> {
  if (!HAVE_SHARED_DATA) {
    console.log('LIDC slabs: skipped (no ../shared/data)');
    return;
  }
  const manifest = noduleManifest();
  const tally = new Map<string, { found: number; n: number; dice: number[]; why: Map<string, number> }>();
  for (const [c, caseName] of lidcCaseNames().entries()) {
    const base = await lidcVolume(caseName);
    const lung = segmentLungs(base).mask;
    const depth = squaredDistanceToMask3d(lung.map((v) => (v ? 0 : 1)), base.dims, base.spacing);
    const vessels: number[] = [];
    for (let v = 0; v < lung.length; v++) if (lung[v] && base.data[v]! > 0 && depth[v]! > 15 * 15) vessels.push(v);
    const avoid = contouredNodules(caseName).map((x) => x.centroid_lps_mm);
    const random = seededRandom(11 + c);
    for (const kind of KINDS)
      for (const d of DIAMETERS_MM)
        for (let t = 0; t < PER_SIZE; t++) {
          const r = d / 2;
          const centre = onVessel(base, vessels, r, avoid, random);
          if (!centre) continue;
          const volume = withInserts(base, [{ kind: 'ball', centre, radiusMm: r, hu: kind.hu }]);
          const truth = ballVoxels(base, centre, r);
          const res = await segmentNoduleFromSeed(volume, manifest, centre, SEED_OPTS);
          const key = `${kind.name} ${d} mm`;
          const s = tally.get(key) ?? { found: 0, n: 0, dice: [], why: new Map<string, number>() };
          tally.set(key, s);
          s.n++;
          const score = res.found ? (2 * sortedOverlap(res.voxels, truth)) / (res.voxelCount + truth.length) : 0;
          const why = !res.found ? (res.message ?? '').replace(NO_NODULE_MESSAGE, '').split('.')[0]!.replace(/^ \(|\)$/g, '') || 'the model kept nothing' : score <= 0.3 ? 'a mask elsewhere' : null;
          if (why) s.why.set(why, (s.why.get(why) ?? 0) + 1);
          else [s.found, s.dice] = [s.found + 1, [...s.dice, score]];
        }
  }
  for (const [key, s] of tally) {
    const mean = s.dice.length ? (s.dice.reduce((a, b) => a + b, 0) / s.dice.length).toFixed(3) : '–';
    console.log(`${key} on a vessel: found ${s.found}/${s.n}, mean Dice of those ${mean}; missed: ${[...s.why].map(([w, n]) => `${n}× ${w}`).join('; ') || 'none'}`);
  }
}
