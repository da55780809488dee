import { describe, expect, it } from 'vitest';
import { caseFile, HAVE_SHARED_DATA } from './dataPaths.js';
import { describeSource } from '../../main/core/volume/describeSource.js';

describe.skipIf(!HAVE_SHARED_DATA)('describeSource gives what `lobus info` prints', () => {
  it('DICOM folder: the one series, its grid, pixel type and value range; JSON-serialisable', async () => {
    const info = await describeSource(caseFile('dcmqi_ct_3slice', 'dicom'));
    expect(info.format).toBe('dicom');
    expect(info.series).toHaveLength(1);
    expect(info.series[0]!.sliceCount).toBe(3);
    expect(info.volume?.seriesId).toBe(info.series[0]!.id);
    expect(info.volume?.dims).toEqual([512, 512, 3]);
    expect(info.volume?.origin[2]).toBeCloseTo(-128.69, 3);
    expect(info.volume?.modality).toBe('CT');
    expect(info.volume?.pixelType).toBe('int16');
    expect(info.volume?.valueRange).toEqual([-3024, 1381]);
    expect(JSON.parse(JSON.stringify(info))).toEqual(info);
  });

  it('NIfTI file: no series list, the grid from the header', async () => {
    const info = await describeSource(caseFile('ts_ct_abdomen', 'image.nii.gz'));
    expect(info.format).toBe('nifti');
    expect(info.series).toEqual([]);
    expect(info.volume?.dims).toEqual([122, 101, 112]);
    expect(info.volume?.direction).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
    expect(info.volume?.pixelType).toBe('int32');
  });
});
