import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_NODULES, makeDemoPhantom } from '../../../main/core/demo/phantom.js';
import { segmentationBackend } from '../../../main/core/service/backends.js';
import type { SegmentationOutcome, SegmentationResult } from '../../../main/core/service/lobusService.js';
import { segmentLungs } from '../../../main/core/nodules/index.js';
import { HAVE_SHARED_DATA, REPO_ROOT } from '../dataPaths.js';
import { placeInserts, withInserts } from '../support/syntheticNodules.js';
import { contouredNodules, lidcVolume } from './noduleFixtures.js';
import { CUDA_INSTALLED } from '../support/ortCuda.js';

const ctx = { signal: new AbortController().signal, progress: () => {} };

function labelled(r: SegmentationOutcome): SegmentationResult {
  if (!r.labelMap) throw new Error(`expected a label map, got the answer: ${r.answer}`);
  return r;
}

describe('click-to-segment through the app backend', () => {
  const backend = segmentationBackend(path.join(REPO_ROOT, 'models'));
  const volume = makeDemoPhantom();
  const seedLps = DEMO_NODULES[0]!.centerLps;

  it.skipIf(CUDA_INSTALLED)('asked for auto where CUDA is absent, it runs on the CPU and says why', async () => {
    const r = labelled(await backend.segment(volume, { modelId: 'nodule-unetpp', provider: 'auto', seedLps }, ctx));
    expect(r.provider).toBe('cpu');
    expect(r.fallbackReason).toMatch(/^CUDA unavailable/);
    // The label map is the nodule in the source grid, named as the model's label.
    expect(r.labelMap.dims).toEqual(volume.dims);
    expect(r.labelMap.labels.map((l) => l.name)).toEqual(['Nodule']);
    expect(r.labelMap.data.some((v) => v === 1)).toBe(true);
  }, 60_000);

  it('forced to the CPU, it says CPU with no fallback reason', async () => {
    const r = labelled(await backend.segment(volume, { modelId: 'nodule-unetpp', provider: 'cpu', seedLps }, ctx));
    expect(r.provider).toBe('cpu');
    expect(r.fallbackReason).toBeUndefined();
    expect(r.note).toBeUndefined(); // the model found it: nothing more to say
  }, 60_000);

  it('a click in aerated lung is an answer, not an error: no label map, and says no nodule and where it ran', async () => {
    // The right lung's centre line, 60 mm above the 10 mm nodule: -850 HU phantom parenchyma.
    const r = await backend.segment(volume, { modelId: 'nodule-unetpp', provider: 'cpu', seedLps: [-55, 0, 260] }, ctx);
    expect(r.labelMap).toBeNull();
    if (r.labelMap) return;
    expect(r.answer).toMatch(/^No nodule found at this point/);
    expect(r.provider).toBe('cpu');
  }, 60_000);
});

describe.skipIf(!HAVE_SHARED_DATA)('click-to-segment through the app backend, on a small solid nodule the model misses', () => {
  it('returns the density outline with a note saying the model did not call it a nodule', async () => {
    const base = await lidcVolume('lidc_idri_0003');
    const avoid = contouredNodules('lidc_idri_0003').map((x) => x.centroid_lps_mm);
    // The first of the 4 mm balls of smallSolidNoduleTheModelMissesIsOutlinedByDensity.spec.ts, which the model misses.
    const { inserts, truths } = placeInserts(base, segmentLungs(base).mask, avoid, [{ name: 'solid', hu: 30 }], [4], 105);
    const backend = segmentationBackend(path.join(REPO_ROOT, 'models'));
    const r = labelled(await backend.segment(withInserts(base, inserts), { modelId: 'nodule-unetpp', provider: 'cpu', seedLps: truths[0]!.centre }, ctx));
    expect(r.note).toMatch(/^The model did not call this a nodule, so it is outlined by density: its edge is where the image is halfway between the lung around it \(-\d+ HU\) and its peak \(-?\d+ HU\)\. Check the outline\.$/);
    expect(r.labelMap.data.some((v) => v === 1)).toBe(true);
  }, 120_000);
});
