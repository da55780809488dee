import { describe, expect, it } from 'vitest';
import { analyzeLabelMap } from '../../main/core/analysis/index.js';
import { openSource } from '../../main/core/volume/index.js';
import { caseFile, HAVE_SHARED_DATA } from './dataPaths.js';
import { readNiftiForTests } from './support/readNiftiForTests.js';

/** Whole-liver numbers stated in ../shared/data/README.md for each case's liver.nii.gz. */
const CASES = [
  { name: 'chaos_ct_liver', image: 'image.nii.gz', volumeMl: 1417.5, hu: [141, 34] },
  { name: 'ts_ct_abdomen', image: 'image.nii.gz', volumeMl: 1123.3, hu: [44, 17] },
  { name: 'ts_ct_dicom_abdomen', image: 'dicom', volumeMl: 699.4, hu: [89, 22] },
  { name: 'ts_mr_abdomen', image: 'image.nii.gz', volumeMl: 499.0 },
  { name: 'dcmqi_ct_3slice', image: 'dicom', volumeMl: 70.4, voxels: 107_098 },
] as const;

describe.skipIf(!HAVE_SHARED_DATA)('whole-liver statistics on the shared cases', () => {
  it.each(CASES)('$name: liver volume (and mean ± std HU) as in the data README', async (c) => {
    const image = await openSource(caseFile(c.name, c.image));
    const mask = readNiftiForTests(caseFile(c.name, 'liver.nii.gz'));
    const { data, dims, spacing, origin, direction } = mask;
    const { labels, lesions } = analyzeLabelMap({ data: data as Uint8Array, dims, spacing, origin, direction, labels: [{ value: 1, name: 'liver', color: [200, 80, 60] }] }, image);
    expect(labels).toHaveLength(1);
    const liver = labels[0]!;
    expect(liver.labelName).toBe('liver');
    expect(liver.volumeMl).toBeCloseTo(c.volumeMl, 1);
    if ('voxels' in c) expect(liver.voxelCount).toBe(c.voxels);
    if ('hu' in c) {
      expect(Math.abs(liver.intensity!.mean - c.hu[0])).toBeLessThan(0.5);
      expect(Math.abs(liver.intensity!.std - c.hu[1])).toBeLessThan(0.5);
    }
    // The components add up to the whole label, largest first.
    expect(lesions.reduce((sum, l) => sum + l.voxelCount, 0)).toBe(liver.voxelCount);
    expect(lesions.length).toBe(liver.componentCount);
    for (let n = 1; n < lesions.length; n++) expect(lesions[n]!.voxelCount).toBeLessThanOrEqual(lesions[n - 1]!.voxelCount);
    // A liver is far from a sphere and well over 10 cm across.
    expect(lesions[0]!.sphericity).toBeLessThan(0.85);
    expect(lesions[0]!.feretMm).toBeGreaterThan(100);
  });
});
