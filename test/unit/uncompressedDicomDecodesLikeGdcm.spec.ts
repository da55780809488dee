import { readImageDicomFileSeriesNode } from '@itk-wasm/dicom';
import { describe, expect, it } from 'vitest';
import { caseFile, HAVE_SHARED_DATA } from './dataPaths.js';
import { scanDicomFolder } from '../../main/core/volume/dicomSeries.js';
import { canDecodeNatively, decodeUncompressedSeries } from '../../main/core/volume/dicomPixels.js';
import { openSource } from '../../main/core/volume/openSource.js';

async function sortedSlices(name: string) {
  const scan = await scanDicomFolder(caseFile(name, 'dicom'));
  return scan.series[0]!.stack.slices;
}

describe.skipIf(!HAVE_SHARED_DATA)('uncompressed DICOM decoded by Lobus equals GDCM (itk-wasm) voxel for voxel', () => {
  it.each(['dcmqi_ct_3slice', 'lidc_idri_0002', 'lidc_idri_0003'])('%s', async (name) => {
    const slices = await sortedSlices(name);
    expect(canDecodeNatively(slices)).toBe(true);
    const gdcm = (await readImageDicomFileSeriesNode({ inputImages: slices.map((s) => s.file), singleSortedSeries: true })).outputImage.data as Int32Array;
    const ours = await openSource(caseFile(name, 'dicom'));
    expect(ours.pixelType).toBe('int16');
    expect(ours.data.length).toBe(gdcm.length);
    let differ = 0;
    for (let i = 0; i < gdcm.length; i++) if (gdcm[i] !== ours.data[i]) differ++;
    expect(differ).toBe(0);
  });

  it('JPEG 2000 slices are not decoded natively (GDCM does them)', async () => {
    expect(canDecodeNatively(await sortedSlices('ts_ct_dicom_abdomen'))).toBe(false);
  });

  it('values beyond int16 widen the volume to int32 without losing the slices already decoded', async () => {
    const slices = (await sortedSlices('dcmqi_ct_3slice')).map((s, k) => ({ ...s, rescaleIntercept: k === 2 ? 40_000 : -1024 }));
    const base = await decodeUncompressedSeries(slices.map((s) => ({ ...s, rescaleIntercept: -1024 })));
    const wide = await decodeUncompressedSeries(slices);
    expect(wide.pixelType).toBe('int32');
    const n = 512 * 512;
    for (const i of [0, 1000, n + 5, n + 123_456]) expect(wide.data[i]).toBe(base.data[i]);
    expect(wide.data[2 * n + 77]).toBe(base.data[2 * n + 77]! + 41_024);
  });

  it('a fractional rescale slope gives float32 values', async () => {
    const slices = (await sortedSlices('dcmqi_ct_3slice')).map((s) => ({ ...s, rescaleSlope: 0.5, rescaleIntercept: 0 }));
    const raw = await decodeUncompressedSeries(slices.map((s) => ({ ...s, rescaleSlope: 1 })));
    const half = await decodeUncompressedSeries(slices);
    expect(half.pixelType).toBe('float32');
    expect(half.data[4321]).toBe(raw.data[4321]! / 2);
  });
});
