/**
 * Nodule click-to-segment: time per click (the issue asks for under a second on CPU) and Dice against the ≥ 50 %
 * reader consensus, with the deciding crop mirrored (as shipped) and as one pass, measured side by side on each
 * real LIDC nodule (seed at the consensus centroid), plus the demo phantom's two spheres as equivalent diameters.
 * Run: `npm run bench -- noduleClick`.
 */
import { DEMO_NODULES, makeDemoPhantom } from '../../main/core/demo/phantom.js';
import { noduleLabelMap, segmentNoduleFromSeed } from '../../main/core/nodules/index.js';
import type { Vec3, Volume } from '../../main/core/volume/types.js';
import { HAVE_SHARED_DATA } from '../unit/dataPaths.js';
import { consensusLabels, contouredNodules, dice, interiorOnlyRange, lidcVolume, noduleManifest, SEED_OPTS, lidcCaseNames } from '../unit/nodules/noduleFixtures.js';
import { median } from './stats.js';

const REPEATS = 3;
const MODES = [{ name: 'mirrored', mirrorFinalCrop: true }, { name: 'one pass', mirrorFinalCrop: false }];


interface Click { name: string; volume: Volume; seed: Vec3; score: (labelMap: Uint8Array, volumeMl: number) => string }

export default async function noduleClick(): Promise<void> {
  const manifest = noduleManifest();
  const phantom = makeDemoPhantom();
  // Off the voxel grid too: the crop then reads the sphere's sharp edge interpolated (peelAeratedSourceEdge).
  const clicks: Click[] = DEMO_NODULES.flatMap((n) => [0, 1].map((offMm) => ({
    name: `phantom ${n.diameterMm} mm sphere${offMm ? `, click ${offMm} mm off its centre` : ''}`, volume: phantom,
    seed: [n.centerLps[0] + offMm, n.centerLps[1], n.centerLps[2]] as Vec3,
    score: (_m: Uint8Array, ml: number) => `⌀${Math.cbrt((6 * ml * 1000) / Math.PI).toFixed(1)} mm`,
  })));
  if (HAVE_SHARED_DATA)
    for (const caseName of lidcCaseNames()) {
      const volume = await lidcVolume(caseName);
      const consensus = consensusLabels(caseName);
      for (const n of contouredNodules(caseName)) {
        const interior = interiorOnlyRange(n);
        const range = `${n.volume_ml_min_max_of_readers.join('–')} mL${interior ? `, ${interior.join('–')} without their contour pixels` : ''}`;
        clicks.push({
          name: `${caseName} nodule ${n.id} (${n.reader_count} readers, ${range})`, volume, seed: n.centroid_lps_mm,
          score: (m, ml) => `Dice ${dice(m, 1, consensus, n.label_value_in_nodules_50pct!).toFixed(3)}, ${ml.toFixed(2)} mL`,
        });
      }
    }
  else console.log('LIDC nodules: skipped (no ../shared/data)');
  await segmentNoduleFromSeed(phantom, manifest, DEMO_NODULES[0]!.centerLps, SEED_OPTS); // warm-up: session, JIT
  const ms: Record<string, number[]> = Object.fromEntries(MODES.map((m) => [m.name, []]));
  for (const click of clicks) {
    const rows: string[] = [];
    for (const mode of MODES) {
      const times: number[] = [];
      let outcome = '';
      for (let r = 0; r < REPEATS; r++) {
        const res = await segmentNoduleFromSeed(click.volume, manifest, click.seed, { ...SEED_OPTS, mirrorFinalCrop: mode.mirrorFinalCrop });
        times.push(res.timings.totalMs);
        outcome = res.found ? click.score(noduleLabelMap(click.volume, manifest, res).data, res.volumeMl) : 'no nodule';
      }
      ms[mode.name]!.push(median(times));
      rows.push(`${mode.name}: ${outcome}, ${median(times).toFixed(0)} ms`);
    }
    console.log(`${click.name}: ${rows.join('; ')}`);
  }
  const [a, b] = MODES.map((m) => median(ms[m.name]!));
  console.log(`median per click: mirrored ${a!.toFixed(0)} ms, one pass ${b!.toFixed(0)} ms (×${(a! / b!).toFixed(2)}), ${SEED_OPTS.intraOpNumThreads} ORT threads`);
}
