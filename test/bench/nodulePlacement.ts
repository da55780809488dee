/**
 * Click-to-segment on synthetic balls inserted into the real lung of the LIDC slabs, deep in the lung and
 * juxtapleural (centre 0.4 R inside the lung border, so the ball meets the chest wall), solid and ground glass,
 * 12–28 mm. Dice against the ball ∩ lung mask. The one real ground-glass nodule the model misses (LIDC-0002) is
 * subpleural; this measures whether that is the nodule or the place. Run: `npm run bench -- nodulePlacement`.
 */
import { squaredDistanceToMask3d } from '../../main/core/editing/distanceTransform.js';
import { sortedOverlap } from '../../main/core/nodules/candidates.js';
import { segmentLungs, segmentNoduleFromSeed } from '../../main/core/nodules/index.js';
import { indexToWorld } from '../../main/core/volume/geometry.js';
import type { Vec3, Volume } from '../../main/core/volume/types.js';
import { HAVE_SHARED_DATA } from '../unit/dataPaths.js';
import { seededRandom } from '../unit/editing/editingFixtures.js';
import { contouredNodules, distance, lidcVolume, noduleManifest, SEED_OPTS, lidcCaseNames } from '../unit/nodules/noduleFixtures.js';
import { ballVoxels, withInserts } from '../unit/support/syntheticNodules.js';

const KINDS = [{ name: 'solid', hu: 30 }, { name: 'ground glass', hu: -650 }, { name: 'faint ground glass', hu: -720 }];
const DIAMETERS_MM = [12, 20, 28];
const PLACES = ['deep', 'juxtapleural'] as const;

/** A seeded place for a ball of radius `r`: deep (≥ r + 4 mm inside the lung) or with its centre 0.4 r inside the border. */
function place(volume: Volume, lung: Uint8Array, depth: Float64Array, where: (typeof PLACES)[number], r: number, avoid: Vec3[], seed: number): Vec3 | null {
  const random = seededRandom(seed);
  const [nx, ny, nz] = volume.dims;
  for (let t = 0; t < 200_000; t++) {
    const o = Math.floor(random() * lung.length);
    if (!lung[o]) continue;
    const d = Math.sqrt(depth[o]!);
    if (where === 'deep' ? d < r + 4 : Math.abs(d - 0.4 * r) > 0.7) continue;
    const k = Math.floor(o / (nx * ny));
    if (k * volume.spacing[2] < r + 3 || (nz - 1 - k) * volume.spacing[2] < r + 3) continue;
    const p = indexToWorld(volume, [o % nx, Math.floor((o % (nx * ny)) / nx), k]);
    if (!avoid.some((a) => distance(a, p) < 40 + r)) return p;
  }
  return null;
}

/** The ball ∩ lung voxels (the truth: LIDC readers and the training labels both stop at the pleura) and their centroid. */
function truthOf(volume: Volume, lung: Uint8Array, centre: Vec3, r: number): { voxels: Uint32Array; centroid: Vec3 } {
  const voxels = ballVoxels(volume, centre, r).filter((v) => lung[v]);
  const sum: Vec3 = [0, 0, 0];
  const [nx, ny] = volume.dims;
  for (const o of voxels) {
    const p = indexToWorld(volume, [o % nx, Math.floor((o % (nx * ny)) / nx), Math.floor(o / (nx * ny))]);
    for (let a = 0; a < 3; a++) sum[a] = sum[a]! + p[a]!;
  }
  return { voxels, centroid: sum.map((s) => s / voxels.length) as Vec3 };
}

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
          const centre = place(base, lung, depth, where, r, avoid, 77 + 10 * n + d);
          if (!centre) {
            console.log(`${caseName} ${kind.name} ${d} mm ${where}: no place`);
            continue;
          }
          const volume = withInserts(base, [{ kind: 'ball', centre, radiusMm: r, hu: kind.hu }]);
          const truth = truthOf(base, lung, centre, r);
          const res = await segmentNoduleFromSeed(volume, manifest, truth.centroid, SEED_OPTS);
          const score = res.found ? (2 * sortedOverlap(res.voxels, truth.voxels)) / (res.voxelCount + truth.voxels.length) : 0;
          (dice[`${kind.name}, ${where}`] ??= []).push(score);
          const truthMl = (truth.voxels.length * base.spacing[0] * base.spacing[1] * base.spacing[2]) / 1000;
          console.log(`${caseName} ${kind.name} (${kind.hu} HU) ${d} mm ${where}: ${res.found ? `Dice ${score.toFixed(2)}, ${res.volumeMl.toFixed(2)} mL of ${truthMl.toFixed(2)}` : res.message}`);
        }
  }
  for (const [k, v] of Object.entries(dice)) console.log(`mean Dice ${k}: ${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(3)} over ${v.length}`);
}
