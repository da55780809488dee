import { readImageDicomFileSeriesNode } from '@itk-wasm/dicom';
import { describe, expect, it } from 'vitest';
import { caseFile, HAVE_SHARED_DATA } from './dataPaths.js';
import { scanDicomFolder } from '../../main/core/volume/dicomSeries.js';
import { decodeWithItkInChunks } from '../../main/core/volume/dicomItkDecode.js';

describe.skipIf(!HAVE_SHARED_DATA)('compressed DICOM decoded a chunk of slices at a time equals one whole-series decode', () => {
  it('ts_ct_dicom_abdomen (JPEG 2000) in chunks of 3 slices (a ragged last chunk of 2)', async () => {
    const series = (await scanDicomFolder(caseFile('ts_ct_dicom_abdomen', 'dicom'))).series[0]!;
    const files = series.stack.slices.map((s) => s.file);
    const whole = (await readImageDicomFileSeriesNode({ inputImages: files, singleSortedSeries: true })).outputImage.data as Int16Array;
    const chunked = await decodeWithItkInChunks(series, 'test', 3 * 512 * 512);
    expect(chunked.pixelType).toBe('int16');
    expect(chunked.data.length).toBe(whole.length);
    expect(Buffer.compare(Buffer.from(chunked.data.buffer, chunked.data.byteOffset, chunked.data.byteLength), Buffer.from(whole.buffer, whole.byteOffset, whole.byteLength))).toBe(0);
    expect(chunked.origin).toEqual(series.stack.origin);
  });
});
