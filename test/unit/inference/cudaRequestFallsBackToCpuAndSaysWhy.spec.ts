import { describe, expect, it } from 'vitest';
import { InputTooLargeError, segmentVolume, UnsupportedModalityError } from '../../../main/core/inference/segment.js';
import { ModelFileMissingError, ProviderUnavailableError } from '../../../main/core/inference/session.js';
import { caseFile, HAVE_SHARED_DATA } from '../dataPaths.js';
import { readNiftiForTest } from '../support/niftiTestReader.js';
import { TEST_MODELS_DIR, testModel } from './support.js';
import { CUDA_INSTALLED } from '../support/ortCuda.js';


describe.skipIf(!HAVE_SHARED_DATA)('execution providers and clear errors', () => {
  const ct = HAVE_SHARED_DATA ? readNiftiForTest(caseFile('ts_ct_abdomen', 'image.nii.gz')) : undefined!;

  it.skipIf(CUDA_INSTALLED)('auto falls back to CPU where CUDA is absent, and says why', async () => {
    const r = await segmentVolume(ct, await testModel('threshold-ct'), { provider: 'auto', modelsDir: TEST_MODELS_DIR });
    expect(r.provider).toBe('cpu');
    expect(r.fallbackReason).toMatch(/^CUDA unavailable \(.*(shared library|CUDA).*\)$/i);
    expect(r.labelMap.data.some((v) => v === 1)).toBe(true);
  });

  it.skipIf(CUDA_INSTALLED)('forcing cuda where it is absent is a clear error, not a silent CPU run', async () => {
    const run = segmentVolume(ct, await testModel('threshold-ct'), { provider: 'cuda', modelsDir: TEST_MODELS_DIR });
    await expect(run).rejects.toBeInstanceOf(ProviderUnavailableError);
    await expect(run).rejects.toThrow(/CUDA execution provider was requested but could not be used/);
  });

  it.skipIf(!CUDA_INSTALLED)('auto uses CUDA where it is installed', async () => {
    const r = await segmentVolume(ct, await testModel('threshold-ct'), { provider: 'auto', modelsDir: TEST_MODELS_DIR });
    expect(r.provider).toBe('cuda');
    expect(r.fallbackReason).toBeUndefined();
  });

  it('forcing cpu reports cpu with no fallback reason', async () => {
    const r = await segmentVolume(ct, await testModel('threshold-ct'), { provider: 'cpu', modelsDir: TEST_MODELS_DIR });
    expect(r.provider).toBe('cpu');
    expect(r.fallbackReason).toBeUndefined();
  });

  it('names the missing model file', async () => {
    const m = await testModel('threshold-ct', { onnx: 'not-installed.onnx' });
    await expect(segmentVolume(ct, m, { provider: 'cpu', modelsDir: TEST_MODELS_DIR })).rejects.toThrow(ModelFileMissingError);
    await expect(segmentVolume(ct, m, { provider: 'cpu', modelsDir: TEST_MODELS_DIR })).rejects.toThrow(/not-installed\.onnx/);
  });

  it('refuses an image whose model grid is too large, before any work', async () => {
    const m = await testModel('threshold-ct', { spacingMm: [0.25, 0.25, 0.25] });
    await expect(segmentVolume(ct, m, { provider: 'cpu', modelsDir: TEST_MODELS_DIR })).rejects.toThrow(InputTooLargeError);
  });

  it('refuses a study of a modality the model was not made for', async () => {
    const mr = { ...ct, meta: { ...ct.meta, modality: 'MR' as const } };
    await expect(segmentVolume(mr, await testModel('threshold-ct'), { provider: 'cpu', modelsDir: TEST_MODELS_DIR })).rejects.toThrow(UnsupportedModalityError);
  });
});
