/**
 * Nodule candidates: sensitivity and false positives per scan, on the real LIDC slabs (reader nodules), on the
 * same scans with synthetic nodules inserted into their parenchyma (solid and ground glass, 4–16 mm, real noise
 * and texture around them), on the demo phantom, and on the lung bases of two abdominal CTs (false positives only). A measurement, not a test: the model's targets are in the
 * issue and its manifest. Run: `npm run bench -- noduleCandidates`.
 */
import type { ModelManifest } from '../../main/core/inference/manifest.js';
import { DEMO_NODULES, makeDemoPhantom } from '../../main/core/demo/phantom.js';
import { findNoduleCandidates, segmentLungs, type LungMask, type NoduleCandidate } from '../../main/core/nodules/index.js';
import type { Vec3, Volume } from '../../main/core/volume/types.js';
import { openSource } from '../../main/core/volume/index.js';
import { caseFile, HAVE_SHARED_DATA } from '../unit/dataPaths.js';
import { contouredNodules, distance, lidcVolume, noduleManifest, SEED_OPTS, SMALL_MARK_MM, smallNoduleMarks, lidcCaseNames } from '../unit/nodules/noduleFixtures.js';
import { placeInserts, withInserts, type Truth } from '../unit/support/syntheticNodules.js';

const KINDS = [{ name: 'solid', hu: 30 }, { name: 'ground glass', hu: -550 }];
const DIAMETERS_MM = [4, 6, 10, 16];

async function score(name: string, volume: Volume, lungs: LungMask, manifest: ModelManifest, truths: Truth[], known: Truth[] = [], smallMarks: Vec3[] = []): Promise<void> {
  const { candidates, seedsTried, ms } = await findNoduleCandidates(volume, lungs, manifest, SEED_OPTS);
  const hit = (c: NoduleCandidate, t: Truth) => distance(c.centroidLps, t.centre) < Math.max(5, t.radiusMm);
  const rows = truths.map((t) => {
    const rank = candidates.findIndex((c) => hit(c, t));
    const c = candidates[rank];
    return `${t.label}: ${rank < 0 ? 'missed' : `rank ${rank + 1}, ⌀${c!.diameterMm.toFixed(1)} mm`}`;
  });
  const others = candidates.filter((c) => ![...truths, ...known].some((t) => hit(c, t)));
  // A reader's < 3 mm mark is a real nodule too small to be required: found, it is neither a hit nor a false positive.
  const small = others.filter((c) => smallMarks.some((m) => distance(c.centroidLps, m) < SMALL_MARK_MM));
  const fp = others.length - small.length;
  const found = rows.filter((r) => !r.endsWith('missed')).length;
  const density = candidates.filter((c) => c.method === 'density').length;
  console.log(`${name}: found ${found}/${truths.length}, false positives ${fp}, readers' < 3 mm nodules ${small.length}/${smallMarks.length}, ${density} candidates by density, ${seedsTried} seeds, ${(ms / 1000).toFixed(1)} s`);
  for (const r of rows) console.log(`  ${r}`);
}

export default async function noduleCandidates(): Promise<void> {
  const manifest = noduleManifest();
  const phantom = makeDemoPhantom();
  await score('demo phantom', phantom, segmentLungs(phantom), manifest, DEMO_NODULES.map((n) => ({ label: `solid ${n.diameterMm} mm`, centre: n.centerLps, radiusMm: n.diameterMm / 2 })));
  if (!HAVE_SHARED_DATA) {
    console.log('LIDC slabs: skipped (no ../shared/data)');
    return;
  }
  for (const [n, caseName] of lidcCaseNames().entries()) {
    const volume = await lidcVolume(caseName);
    const lungs = segmentLungs(volume);
    const readers: Truth[] = contouredNodules(caseName).map((r) => ({
      label: `reader nodule ${r.id} (${r.reader_count} readers)`, centre: r.centroid_lps_mm,
      radiusMm: Math.cbrt((3 * r.volume_ml_consensus50 * 1000) / (4 * Math.PI)),
    }));
    const smallMarks = smallNoduleMarks(caseName).map((m) => m.centroid_lps_mm);
    await score(`${caseName} (real)`, volume, lungs, manifest, readers, [], smallMarks);
    const { inserts, truths } = placeInserts(volume, lungs.mask, readers.map((r) => r.centre), KINDS, DIAMETERS_MM, 7 + n);
    const synthetic = withInserts(volume, inserts);
    await score(`${caseName} + ${truths.length} synthetic`, synthetic, segmentLungs(synthetic), manifest, truths, readers, smallMarks);
  }
  // Abdominal CTs never used to tune the nodule pipeline: lung bases only, no nodule annotated, so every candidate
  // counts as a false positive here (a real unreported nodule would too).
  for (const caseName of ['chaos_ct_liver', 'ts_ct_abdomen']) {
    const volume = await openSource(caseFile(caseName, 'image.nii.gz'));
    const lungs = segmentLungs(volume);
    await score(`${caseName} (lung bases, ${lungs.volumeMl.toFixed(0)} mL, no nodule annotated)`, volume, lungs, manifest, []);
  }
}
