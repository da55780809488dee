import { describe, expect, it } from 'vitest';
import { caseFile, HAVE_SHARED_DATA } from './dataPaths.js';
import { openSource } from '../../main/core/volume/openSource.js';
import { openSourceInWorker } from '../../main/core/volume/worker.js';
import { VolumeReadError } from '../../main/core/volume/errors.js';

describe.skipIf(!HAVE_SHARED_DATA)('openSourceInWorker reads off the main thread and returns the same volume', () => {
  it('NIfTI: same geometry, meta and voxels; the caller’s event loop keeps turning meanwhile', async () => {
    const file = caseFile('chaos_ct_liver', 'image.nii.gz');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const inWorker = await openSourceInWorker(file);
    clearInterval(timer);
    const direct = await openSource(file);
    expect(ticks).toBeGreaterThan(5);
    const { data: a, ...ga } = inWorker;
    const { data: b, ...gb } = direct;
    expect(ga).toEqual(gb);
    expect(a).toBeInstanceOf(Int16Array);
    expect(Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength))).toBe(0);
  });

  it('DICOM (JPEG 2000) through the worker', async () => {
    const v = await openSourceInWorker(caseFile('ts_ct_dicom_abdomen', 'dicom'));
    expect(v.dims).toEqual([512, 512, 20]);
    expect(v.data.length).toBe(512 * 512 * 20);
    expect(v.meta.windowPresets).toHaveLength(2);
  });

  it('errors come back typed', async () => {
    const e = await openSourceInWorker(caseFile('no_such_case', 'image.nii.gz')).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(VolumeReadError);
    expect((e as VolumeReadError).code).toBe('not-found');
  });

  it('an aborted read rejects at once', async () => {
    const ctrl = new AbortController();
    const p = openSourceInWorker(caseFile('chaos_ct_liver', 'image.nii.gz'), {}, ctrl.signal);
    ctrl.abort();
    await expect(p).rejects.toThrow(/cancelled/);
  });
});
