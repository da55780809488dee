import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_NODULES, makeDemoPhantom } from '../../../main/core/demo/phantom.js';
import { segmentationBackend } from '../../../main/core/service/backends.js';
import { REPO_ROOT } from '../dataPaths.js';
import { CUDA_INSTALLED } from '../support/ortCuda.js';

const ctx = { signal: new AbortController().signal, progress: () => {} };

describe('click-to-segment through the app backend', () => {
  const backend = segmentationBackend(path.join(REPO_ROOT, 'models'));
  const volume = makeDemoPhantom();
  const seedLps = DEMO_NODULES[0]!.centerLps;

  it.skipIf(CUDA_INSTALLED)('asked for auto where CUDA is absent, it runs on the CPU and says why', async () => {
    const r = await backend.segment(volume, { modelId: 'nodule-unetpp', provider: 'auto', seedLps }, ctx);
    expect(r.provider).toBe('cpu');
    expect(r.fallbackReason).toMatch(/^CUDA unavailable/);
    // The label map is the nodule in the source grid, named as the model's label.
    expect(r.labelMap.dims).toEqual(volume.dims);
    expect(r.labelMap.labels.map((l) => l.name)).toEqual(['Nodule']);
    expect(r.labelMap.data.some((v) => v === 1)).toBe(true);
  }, 60_000);

  it('forced to the CPU, it says CPU with no fallback reason', async () => {
    const r = await backend.segment(volume, { modelId: 'nodule-unetpp', provider: 'cpu', seedLps }, ctx);
    expect(r.provider).toBe('cpu');
    expect(r.fallbackReason).toBeUndefined();
  }, 60_000);
});
