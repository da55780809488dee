import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caseFile, HAVE_SHARED_DATA } from './dataPaths.js';
import { openSource } from '../../main/core/volume/openSource.js';
import { readLabelMap } from '../../main/core/volume/labelMapRead.js';
import { VolumeReadError } from '../../main/core/volume/errors.js';
import { writeLabelMapNifti } from '../../main/core/export/labelMapNifti.js';
import type { LabelMap, Mat3, Vec3 } from '../../main/core/volume/types.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'lobus-realign-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const policy = { allowedDirs: [tmp] };

/** The same voxels stored with the row axis reversed (as dicom2nifti's LAS grid stores a DICOM series). */
function flipRows(m: LabelMap): LabelMap {
  const [nx, ny, nz] = m.dims;
  const data = new Uint8Array(m.data.length);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) data.set(m.data.subarray((k * ny + j) * nx, (k * ny + j + 1) * nx), (k * ny + (ny - 1 - j)) * nx);
  const d = m.direction;
  const lastRow = (ny - 1) * m.spacing[1];
  const origin: Vec3 = [m.origin[0] + d[1] * lastRow, m.origin[1] + d[4] * lastRow, m.origin[2] + d[7] * lastRow];
  const direction = [d[0], -d[1], d[2], d[3], -d[4], d[5], d[6], -d[7], d[8]] as Mat3;
  return { ...m, data, origin, direction };
}

describe.skipIf(!HAVE_SHARED_DATA)('a mask stored on a flipped grid is re-indexed onto the image grid without interpolation', () => {
  it('ts_ct_dicom_abdomen liver mask written row-flipped reads back identical to the original', async () => {
    const ct = await openSource(caseFile('ts_ct_dicom_abdomen', 'dicom'));
    const original = await readLabelMap(caseFile('ts_ct_dicom_abdomen', 'liver.nii.gz'), ct);
    const flippedPath = path.join(tmp, 'liver-las.nii.gz');
    await writeLabelMapNifti(flipRows(original), flippedPath, { policy });
    const back = await readLabelMap(flippedPath, ct);
    expect(back.dims).toEqual(ct.dims);
    expect(Buffer.compare(Buffer.from(back.data), Buffer.from(original.data))).toBe(0);
  });

  it('a mask on another grid is refused with grid-mismatch, not silently resampled', async () => {
    const ct = await openSource(caseFile('dcmqi_ct_3slice', 'dicom'));
    const err = await readLabelMap(caseFile('ts_ct_dicom_abdomen', 'liver.nii.gz'), ct).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VolumeReadError);
    expect((err as VolumeReadError).code).toBe('grid-mismatch');
  });
});
