import { describe, expect, it } from 'vitest';
import { createLobusService } from '../../main/core/service/createService.js';
import { openSource } from '../../main/core/volume/openSource.js';
import { caseFile, HAVE_SHARED_DATA } from './dataPaths.js';

// The inference worker gets voxels in a SharedArrayBuffer for free; others cross as a copy, which took a
// 512×512×600 CT to 3.6× its bytes at peak (npm run bench: inference, "voxels copied").
describe.skipIf(!HAVE_SHARED_DATA)('voxels read from disk live in shared memory', () => {
  it('NIfTI and uncompressed DICOM volumes are read into a SharedArrayBuffer', async () => {
    for (const source of [caseFile('ts_ct_abdomen', 'image.nii.gz'), caseFile('lidc_idri_0003', 'dicom')]) {
      const v = await openSource(source);
      expect(v.data.buffer instanceof SharedArrayBuffer, source).toBe(true);
    }
  });

  it('the API still hands the renderer a plain ArrayBuffer (IPC cannot send shared memory)', async () => {
    const service = createLobusService({ door: 'server', libraryRoot: caseFile('ts_ct_abdomen') });
    const items = await service.dispatch('listLibrary', {});
    const opened = await service.dispatch('openLibraryItem', { itemId: items[0]!.itemId });
    if (opened.kind !== 'study') throw new Error('did not open');
    const { data, header } = await service.dispatch('getVolume', { studyId: opened.study.studyId });
    expect(data instanceof ArrayBuffer).toBe(true);
    expect(data.byteLength).toBe(header.dims[0] * header.dims[1] * header.dims[2] * 4);
  });
});
