import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudySummary } from '../../../main/core/api/contract.js';
import { writeLabelMapNifti } from '../../../main/core/export/index.js';
import { createLobusService } from '../../../main/core/service/createService.js';
import type { LobusService } from '../../../main/core/service/lobusService.js';
import { caseFile, HAVE_SHARED_DATA } from '../dataPaths.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'lobus-maskload-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const asBuffer = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

describe.skipIf(!HAVE_SHARED_DATA)('a mask file loads onto the open study only when it is on the study grid', () => {
  let service: LobusService;
  let ct: StudySummary;
  beforeAll(async () => {
    service = createLobusService({ door: 'server', libraryRoot: null });
    const opened = await service.openPath(caseFile('ts_ct_abdomen', 'image.nii.gz'));
    if (opened.kind !== 'study') throw new Error('no study');
    ct = opened.study;
  });
  const load = (fileName: string, bytes: Uint8Array, labelsJson?: string) =>
    service.dispatch('loadMaskFile', { studyId: ct.studyId, fileName, data: asBuffer(bytes), ...(labelsJson ? { labelsJson } : {}) });

  it('liver.nii.gz loads as one label named after the file, 1123.3 mL as the data README says', async () => {
    const { header, data } = await load('liver.nii.gz', readFileSync(caseFile('ts_ct_abdomen', 'liver.nii.gz')));
    expect(header.labels).toEqual([{ value: 1, name: 'liver', color: expect.any(Array) }]);
    const voxels = new Uint8Array(data).reduce((n, v) => n + (v ? 1 : 0), 0);
    expect(data.byteLength).toBe(122 * 101 * 112);
    expect((voxels * 27) / 1000).toBeCloseTo(1123.3, 0);
  });

  it('refuses a mask of another size, and a shifted origin, naming what differs', async () => {
    const other = readFileSync(caseFile('ts_ct_dicom_abdomen', 'liver.nii.gz'));
    await expect(load('other.nii.gz', other)).rejects.toThrow(/other\.nii\.gz is on a different grid from the image: its size is 512 × 512 × 20 voxels, the image's 122 × 101 × 112/);
    const shifted = path.join(tmp, 'shifted.nii.gz');
    const n = ct.dims[0] * ct.dims[1] * ct.dims[2];
    const origin: [number, number, number] = [ct.origin[0] + 1.5, ct.origin[1], ct.origin[2]];
    await writeLabelMapNifti({ ...ct, origin, data: new Uint8Array(n).fill(1, 0, 100), labels: [{ value: 1, name: 'x', color: [1, 2, 3] }] }, shifted, { policy: { allowedDirs: [tmp] } });
    await expect(load('shifted.nii.gz', readFileSync(shifted))).rejects.toThrow(/its origin is .* 1\.50 mm from the image's/);
  });

  it('refuses what is not a NIfTI label map, a path as name, and a broken sidecar', async () => {
    const liver = readFileSync(caseFile('ts_ct_abdomen', 'liver.nii.gz'));
    await expect(load('liver.nrrd', liver)).rejects.toThrow(/not a NIfTI label map/);
    await expect(load('../liver.nii.gz', liver)).rejects.toThrow(/not allowed/);
    await expect(load('liver.nii.gz', liver, '{"labels": [{"value": 300}]}')).rejects.toThrow(/not a Lobus label table/);
    await expect(load('image.nii.gz', readFileSync(caseFile('ts_ct_abdomen', 'image.nii.gz')))).rejects.toThrow(/not a label map: it holds the value -?\d+/);
  });

  it('a mask exported by Lobus, reloaded with its .labels.json, gives back the same bytes and label table', async () => {
    const n = ct.dims[0] * ct.dims[1] * ct.dims[2];
    const painted = new Uint8Array(n);
    for (let i = 0; i < n; i += 7) painted[i] = i % 3 === 0 ? 2 : 5;
    const labels = [
      { value: 2, name: 'Liver', color: [221, 130, 101] as [number, number, number] },
      { value: 5, name: 'Lesion 1', color: [255, 200, 40] as [number, number, number] },
    ];
    await service.dispatch('putLabelMap', { studyId: ct.studyId, labels, data: asBuffer(painted) });
    const exported = await service.dispatch('downloadMask', { studyId: ct.studyId });
    const back = await load(exported.header.fileName, new Uint8Array(exported.data), exported.header.labelTableJson);
    expect(Buffer.compare(Buffer.from(back.data), Buffer.from(painted))).toBe(0);
    expect(back.header.labels).toEqual(labels);
  });
});
