/**
 * Nodule candidates: sensitivity and false positives per scan, on the real LIDC slabs (reader nodules), on the
 * same scans with synthetic nodules inserted into their parenchyma (solid and ground glass, 4–16 mm, real noise
 * and texture around them), and on the demo phantom. A measurement, not a test: the model's targets are in the
 * issue and its manifest. Run: `npm run bench -- noduleCandidates`.
 */
import type { ModelManifest } from '../../main/core/inference/manifest.js';
import { DEMO_NODULES, makeDemoPhantom } from '../../main/core/demo/phantom.js';
import { findNoduleCandidates, segmentLungs, type NoduleCandidate } from '../../main/core/nodules/index.js';
import { indexToWorld, worldToIndex } from '../../main/core/volume/geometry.js';
import type { Vec3, Volume } from '../../main/core/volume/types.js';
import { HAVE_SHARED_DATA } from '../unit/dataPaths.js';
import { seededRandom } from '../unit/editing/editingFixtures.js';
import { contouredNodules, distance, lidcVolume, noduleManifest, SEED_OPTS } from '../unit/nodules/noduleFixtures.js';
import { withInserts, type Insert } from '../unit/support/syntheticNodules.js';

const KINDS = [{ name: 'solid', hu: 30 }, { name: 'ground glass', hu: -550 }] as const;
const DIAMETERS_MM = [4, 6, 10, 16];
/** Least distance between two inserted nodules, or from one to a reader nodule (mm). */
const SEPARATION_MM = 25;

interface Truth { label: string; centre: Vec3; radiusMm: number }

/** Whether the ball of `radiusMm` around `p`, plus a 4 mm margin, lies in the lung mask (checked along 26 directions). */
function deepInLung(volume: Volume, lung: Uint8Array, p: Vec3, radiusMm: number): boolean {
  const [nx, ny, nz] = volume.dims;
  for (const r of [0, (radiusMm + 4) / 2, radiusMm + 4])
    for (let dz = -1; dz <= 1; dz++)
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const n = Math.hypot(dx, dy, dz) || 1;
          const q: Vec3 = [p[0] + (dx / n) * r, p[1] + (dy / n) * r, p[2] + (dz / n) * r];
          const [i, j, k] = worldToIndex(volume, q).map(Math.round) as Vec3;
          if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz || !lung[i + nx * (j + ny * k)]) return false;
        }
  return true;
}

/** Synthetic nodules at random deep-lung places, apart from each other and from the reader nodules. */
function placeInserts(volume: Volume, lung: Uint8Array, avoid: Vec3[], seed: number): { inserts: Insert[]; truths: Truth[] } {
  const random = seededRandom(seed);
  const lungVoxels: number[] = [];
  for (let v = 0; v < lung.length; v++) if (lung[v]) lungVoxels.push(v);
  const [nx, ny] = volume.dims;
  const inserts: Insert[] = [];
  const truths: Truth[] = [];
  for (const kind of KINDS)
    for (const d of DIAMETERS_MM)
      for (let attempt = 0; attempt < 2000; attempt++) {
        const v = lungVoxels[Math.floor(random() * lungVoxels.length)]!;
        const p = indexToWorld(volume, [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))]);
        if ([...avoid, ...truths.map((t) => t.centre)].some((a) => distance(a, p) < SEPARATION_MM)) continue;
        if (!deepInLung(volume, lung, p, d / 2)) continue;
        inserts.push({ kind: 'ball', centre: p, radiusMm: d / 2, hu: kind.hu });
        truths.push({ label: `${kind.name} ${d} mm`, centre: p, radiusMm: d / 2 });
        break;
      }
  return { inserts, truths };
}

async function score(name: string, volume: Volume, lungMask: Uint8Array, manifest: ModelManifest, truths: Truth[], known: Truth[] = []): Promise<void> {
  const { candidates, seedsTried, ms } = await findNoduleCandidates(volume, lungMask, manifest, SEED_OPTS);
  const hit = (c: NoduleCandidate, t: Truth) => distance(c.centroidLps, t.centre) < Math.max(5, t.radiusMm);
  const rows = truths.map((t) => {
    const rank = candidates.findIndex((c) => hit(c, t));
    const c = candidates[rank];
    return `${t.label}: ${rank < 0 ? 'missed' : `rank ${rank + 1}, ⌀${c!.diameterMm.toFixed(1)} mm`}`;
  });
  const fp = candidates.filter((c) => ![...truths, ...known].some((t) => hit(c, t))).length;
  const found = rows.filter((r) => !r.endsWith('missed')).length;
  console.log(`${name}: found ${found}/${truths.length}, false positives ${fp}, ${seedsTried} seeds, ${(ms / 1000).toFixed(1)} s`);
  for (const r of rows) console.log(`  ${r}`);
}

export default async function noduleCandidates(): Promise<void> {
  const manifest = noduleManifest();
  const phantom = makeDemoPhantom();
  await score('demo phantom', phantom, segmentLungs(phantom).mask, manifest, DEMO_NODULES.map((n) => ({ label: `solid ${n.diameterMm} mm`, centre: n.centerLps, radiusMm: n.diameterMm / 2 })));
  if (!HAVE_SHARED_DATA) {
    console.log('LIDC slabs: skipped (no ../shared/data)');
    return;
  }
  for (const [n, caseName] of ['lidc_idri_0002', 'lidc_idri_0003'].entries()) {
    const volume = await lidcVolume(caseName);
    const lungMask = segmentLungs(volume).mask;
    const readers: Truth[] = contouredNodules(caseName).map((r) => ({
      label: `reader nodule ${r.id} (${r.reader_count} readers)`, centre: r.centroid_lps_mm,
      radiusMm: Math.cbrt((3 * r.volume_ml_consensus50 * 1000) / (4 * Math.PI)),
    }));
    await score(`${caseName} (real)`, volume, lungMask, manifest, readers);
    const { inserts, truths } = placeInserts(volume, lungMask, readers.map((r) => r.centre), 7 + n);
    const synthetic = withInserts(volume, inserts);
    await score(`${caseName} + ${truths.length} synthetic`, synthetic, segmentLungs(synthetic).mask, manifest, truths, readers);
  }
}
