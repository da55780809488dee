import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLabelMap } from '../../../main/core/analysis/index.js';
import type { ModelManifest } from '../../../main/core/inference/manifest.js';
import { noduleLabelMap, segmentNoduleFromSeed } from '../../../main/core/nodules/index.js';
import type { Volume } from '../../../main/core/volume/types.js';
import { HAVE_SHARED_DATA } from '../dataPaths.js';
import { consensusLabels, contouredNodules, dice, lidcVolume, noduleManifest, SEED_OPTS } from './noduleFixtures.js';

/**
 * LIDC-IDRI-0003 nodules 2 and 3 (13 and 15 mm, 4 readers each, never seen in training: the model
 * learnt from synthetic nodules only). Threshold: readers of small LIDC nodules agree with each
 * other at a Dice of roughly 0.7–0.8 on 2.5 mm slices, so a model at MIN_DICE sits inside reader
 * variability; a wrong component, a vessel leak or a 1-voxel shift of the grid fails it.
 */
const MIN_DICE = 0.7;

describe.skipIf(!HAVE_SHARED_DATA)('click-to-segment on real LIDC nodules', () => {
  let volume: Volume;
  let manifest: ModelManifest;
  let consensus: Uint8Array;
  beforeAll(async () => {
    manifest = noduleManifest();
    volume = await lidcVolume('lidc_idri_0003');
    consensus = consensusLabels('lidc_idri_0003');
  }, 120_000);

  it('ships a valid nodule manifest: 1 mm, 64³ crop, one "Nodule" label', () => {
    expect(manifest.task).toBe('nodule');
    expect(manifest.patchSize).toEqual([64, 64, 64]);
    expect(manifest.spacingMm).toEqual([1, 1, 1]);
    expect(manifest.labels).toEqual([{ value: 1, name: 'Nodule', color: [255, 200, 40] }]);
  });

  for (const id of [2, 3]) {
    it(`segments nodule ${id} from a seed at its centroid with Dice ≥ ${MIN_DICE} and a volume inside the readers' range`, async () => {
      const nodule = contouredNodules('lidc_idri_0003').find((n) => n.id === id)!;
      const r = await segmentNoduleFromSeed(volume, manifest, nodule.centroid_lps_mm, SEED_OPTS);
      expect(r.found, r.message).toBe(true);
      const labelMap = noduleLabelMap(volume, manifest, r, 7);
      const d = dice(labelMap.data, 7, consensus, nodule.label_value_in_nodules_50pct!);
      const [lo, hi] = nodule.volume_ml_min_max_of_readers;
      console.log(`nodule ${id}: Dice ${d.toFixed(3)}, ${r.volumeMl.toFixed(3)} mL (readers ${lo}–${hi}), ${r.timings.totalMs.toFixed(0)} ms, model ${r.timings.modelMs.map((m) => m.toFixed(0)).join('+')} ms`);
      expect(d).toBeGreaterThanOrEqual(MIN_DICE);
      // Inside the readers' range (the issue's target), which counts their contour pixels: measured 0.62 mL (0.37–0.70) and
      // 1.29 mL (1.27–1.75); 0.51 and 1.18 before the outline took in its partial-volume pixels (addSliceEdge).
      expect(r.volumeMl).toBeGreaterThanOrEqual(lo);
      expect(r.volumeMl).toBeLessThanOrEqual(hi);
      // The map is stats-ready: one lesion, the nodule's own label, the same volume.
      const { lesions } = analyzeLabelMap(labelMap);
      expect(lesions.map((l) => l.label)).toEqual([7]);
      expect(lesions[0]!.volumeMl).toBeCloseTo(r.volumeMl, 6);
    }, 120_000);
  }

  it("segments the cavitated 31 mm nodule 1 with Dice ≥ 0.8 (the issue's target) and a volume inside the readers' range", async () => {
    const nodule = contouredNodules('lidc_idri_0003').find((n) => n.id === 1)!;
    const r = await segmentNoduleFromSeed(volume, manifest, nodule.centroid_lps_mm, SEED_OPTS);
    expect(r.found, r.message).toBe(true);
    const d = dice(noduleLabelMap(volume, manifest, r, 7).data, 7, consensus, nodule.label_value_in_nodules_50pct!);
    const [lo, hi] = nodule.volume_ml_min_max_of_readers;
    console.log(`nodule 1: Dice ${d.toFixed(3)}, ${r.volumeMl.toFixed(3)} mL (readers ${lo}–${hi})`);
    // Measured 0.860 at 7.82 mL; 0.793 at 9.30 mL before the plain lung the model draws around it was peeled.
    expect(d).toBeGreaterThanOrEqual(0.8);
    expect(r.volumeMl).toBeGreaterThanOrEqual(lo);
    expect(r.volumeMl).toBeLessThanOrEqual(hi);
  }, 120_000);
});
