import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readImageNode } from '@itk-wasm/image-io';
import { afterAll, describe, expect, it } from 'vitest';
import { caseFile, HAVE_SHARED_DATA } from './dataPaths.js';
import { openSource } from '../../main/core/volume/openSource.js';
import { readLabelMap } from '../../main/core/volume/labelMapRead.js';
import { readNiftiInfo } from '../../main/core/volume/niftiRead.js';
import { sameGeometry } from '../../main/core/volume/geometry.js';
import { fromItkImage } from '../../main/core/volume/itkImage.js';
import { writeLabelMapNifti } from '../../main/core/export/labelMapNifti.js';
import { maskedStats } from './support/volumeStats.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'lobus-dicom-mask-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const LIVER = [{ value: 1, name: 'liver', color: [200, 90, 60] as [number, number, number] }];

describe.skipIf(!HAVE_SHARED_DATA)('a mask exported for a DICOM series lands on the same voxels', () => {
  it('ts_ct_dicom_abdomen (JPEG 2000): reference mask is on the DICOM grid and liver HU is 89 ± 22 (rows not flipped)', async () => {
    const ct = await openSource(caseFile('ts_ct_dicom_abdomen', 'dicom'));
    // The file itself is on the DICOM grid (no realignment needed), as the data README states.
    const header = await readNiftiInfo(caseFile('ts_ct_dicom_abdomen', 'liver.nii.gz'));
    expect(sameGeometry({ dims: header.dims, ...header.geometry }, ct, 1e-3)).toBe(true);
    const mask = await readLabelMap(caseFile('ts_ct_dicom_abdomen', 'liver.nii.gz'), ct);
    const stats = maskedStats(ct.data, mask.data);
    expect(stats.mean).toBeGreaterThan(80);
    expect(stats.mean).toBeLessThan(98);
    expect(stats.std).toBeGreaterThan(15);
    expect(stats.std).toBeLessThan(30);
    // 699.4 mL at 0.9765625² × 2 mm voxels
    expect(stats.count * 0.9765625 * 0.9765625 * 2).toBeCloseTo(699_400, -3);
  });

  it('ts_ct_dicom_abdomen: the JPEG 2000 slices decode to the CT HU range (air −1024, bone/contrast up to ~1800)', async () => {
    const ct = await openSource(caseFile('ts_ct_dicom_abdomen', 'dicom'));
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of ct.data) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect(lo).toBe(-1024);
    expect(hi).toBeGreaterThan(1000);
    expect(hi).toBeLessThan(3072);
  });

  it('dcmqi_ct_3slice: reference mask shares the DICOM grid; 107,098 liver voxels with mean HU ≈ 37', async () => {
    const ct = await openSource(caseFile('dcmqi_ct_3slice', 'dicom'));
    const mask = await readLabelMap(caseFile('dcmqi_ct_3slice', 'liver.nii.gz'), ct);
    const stats = maskedStats(ct.data, mask.data);
    expect(stats.count).toBe(107_098);
    expect(stats.mean).toBeCloseTo(37.33, 1);
  });

  it.each(['dcmqi_ct_3slice', 'ts_ct_dicom_abdomen'])('%s: our export re-reads onto the DICOM grid, voxel for voxel, in our reader and in itk-wasm', async (name) => {
    const ct = await openSource(caseFile(name, 'dicom'));
    const ref = await readLabelMap(caseFile(name, 'liver.nii.gz'), ct, { labels: LIVER });
    const out = path.join(tmp, `${name}-liver.nii.gz`);
    await writeLabelMapNifti(ref, out, { sourcePath: caseFile(name, 'dicom'), policy: { allowedPaths: [out] } });

    const back = await readLabelMap(out, ct);
    expect(Buffer.compare(Buffer.from(back.data), Buffer.from(ref.data))).toBe(0);

    const itk = fromItkImage(await readImageNode(out), out);
    expect(sameGeometry(itk, ct, 1e-3)).toBe(true);
    expect(Buffer.compare(Buffer.from(itk.data as Uint8Array), Buffer.from(ref.data))).toBe(0);
  });
});
