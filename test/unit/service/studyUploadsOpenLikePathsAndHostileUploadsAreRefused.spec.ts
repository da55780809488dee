import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OpenResult, StudySummary } from '../../../main/core/api/contract.js';
import { createLobusService } from '../../../main/core/service/createService.js';
import type { LobusService } from '../../../main/core/service/lobusService.js';
import { UploadArea } from '../../../main/core/service/uploads.js';
import { caseFile, HAVE_SHARED_DATA } from '../dataPaths.js';

type Upload = { name: string; bytes: Uint8Array };

const asBuffer = (b: Uint8Array) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
const filesIn = (dir: string): Upload[] => readdirSync(dir).map((name) => ({ name, bytes: readFileSync(path.join(dir, name)) }));

async function upload(service: LobusService, displayName: string, files: Upload[]): Promise<string> {
  const totalBytes = files.reduce((s, f) => s + f.bytes.byteLength, 0);
  const { uploadId } = await service.dispatch('beginUpload', { displayName, fileCount: files.length, totalBytes });
  for (const f of files) await service.dispatch('uploadFile', { uploadId, name: f.name, data: asBuffer(f.bytes) });
  return uploadId;
}

function study(result: OpenResult): StudySummary {
  if (result.kind !== 'study') throw new Error(`expected a study, got ${result.kind}`);
  return result.study;
}

const geometryOf = ({ dims, spacing, origin, direction, pixelType }: StudySummary) => ({ dims, spacing, origin, direction, pixelType });

describe.skipIf(!HAVE_SHARED_DATA)('a study sent as files opens exactly as the same study opened by its path', () => {
  let service: LobusService;
  beforeAll(() => {
    service = createLobusService({ door: 'server', libraryRoot: null });
  });

  it('ts_ct_abdomen/image.nii.gz uploaded has the geometry and voxels of the file opened by path, titled by its name', async () => {
    const file = caseFile('ts_ct_abdomen', 'image.nii.gz');
    const byPath = study(await service.openPath(file));
    const uploadId = await upload(service, 'image.nii.gz', [{ name: 'image.nii.gz', bytes: readFileSync(file) }]);
    const uploaded = study(await service.dispatch('openUpload', { uploadId }));
    expect(geometryOf(uploaded)).toEqual(geometryOf(byPath));
    expect(uploaded.dims).toEqual([122, 101, 112]);
    expect(uploaded.title).toBe('image.nii.gz');
    const a = new Uint8Array((await service.dispatch('getVolume', { studyId: byPath.studyId })).data);
    const b = new Uint8Array((await service.dispatch('getVolume', { studyId: uploaded.studyId })).data);
    expect(Buffer.compare(a, b)).toBe(0);
    // The files were read and removed: the upload cannot be opened twice.
    await expect(service.dispatch('openUpload', { uploadId })).rejects.toThrow(/unknown or was already opened/);
  });

  it('the 20 JPEG 2000 files of ts_ct_dicom_abdomen open as their series', async () => {
    const folder = caseFile('ts_ct_dicom_abdomen', 'dicom');
    const byPath = study(await service.openPath(folder));
    const uploadId = await upload(service, 'dicom', filesIn(folder));
    const uploaded = study(await service.dispatch('openUpload', { uploadId }));
    expect(uploaded.dims).toEqual([512, 512, 20]);
    expect(geometryOf(uploaded)).toEqual(geometryOf(byPath));
    expect(uploaded.meta.seriesInstanceUid).toBe(byPath.meta.seriesInstanceUid);
  });

  it('files of two series give the series choice; the chosen one opens from the same upload', async () => {
    const files = [...filesIn(caseFile('ts_ct_dicom_abdomen', 'dicom')), ...filesIn(caseFile('dcmqi_ct_3slice', 'dicom'))];
    const uploadId = await upload(service, 'two series', files);
    const choice = await service.dispatch('openUpload', { uploadId });
    if (choice.kind !== 'choose-series') throw new Error('expected a series choice');
    expect(choice.itemId).toBe(uploadId);
    expect(choice.series.map((s) => s.sliceCount).sort((x, y) => x - y)).toEqual([3, 20]);
    const three = choice.series.find((s) => s.sliceCount === 3)!;
    const opened = study(await service.dispatch('openUpload', { uploadId, seriesUid: three.seriesUid }));
    expect(opened.dims).toEqual([512, 512, 3]);
  });
});

describe('hostile uploads get a clear refusal and the app keeps working', () => {
  let service: LobusService;
  beforeAll(() => {
    service = createLobusService({ door: 'server', libraryRoot: null });
  });
  const begin = (fileCount: number, totalBytes: number) => service.dispatch('beginUpload', { displayName: 'upload', fileCount, totalBytes });

  it('refuses names that are paths (traversal, folders, separators) before writing anything', async () => {
    const { uploadId } = await begin(1, 4);
    for (const name of ['../../etc/passwd', '..', 'a/b.dcm', '..\\..\\boot.ini', '/etc/passwd', 'x\u0000.nii', 'C:evil']) {
      await expect(service.dispatch('uploadFile', { uploadId, name, data: new ArrayBuffer(4) }), name).rejects.toThrow(/not allowed|must be/);
    }
    await expect(service.dispatch('beginUpload', { displayName: '../up', fileCount: 1, totalBytes: 1 })).rejects.toThrow(/not allowed/);
    await expect(service.dispatch('openUpload', { uploadId: '../u1' })).rejects.toThrow(/Invalid request: uploadId/);
  });

  it('refuses an oversized declared size, too many files, and more than was announced', async () => {
    await expect(begin(1, 5 * 1024 ** 3)).rejects.toThrow(/too large: 5\.0 GiB \(at most 4\.0 GiB/);
    await expect(begin(6000, 1000)).rejects.toThrow(/Too many files: 6000 \(at most 5000/);
    const { uploadId } = await begin(1, 10);
    await expect(service.dispatch('uploadFile', { uploadId, name: 'a.dcm', data: new ArrayBuffer(11) })).rejects.toThrow(/More bytes than the 10 announced/);
    await service.dispatch('uploadFile', { uploadId, name: 'a.dcm', data: new ArrayBuffer(10) });
    await expect(service.dispatch('uploadFile', { uploadId, name: 'b.dcm', data: new ArrayBuffer(0) })).rejects.toThrow(/More files than the 1 announced/);
    const partial = await begin(2, 10);
    await expect(service.dispatch('openUpload', { uploadId: partial.uploadId })).rejects.toThrow(/Only 0 of 2 files arrived/);
  });

  it.skipIf(!HAVE_SHARED_DATA)('a truncated .nii.gz and a file that is no image are refused by name; the service still opens studies', async () => {
    const whole = readFileSync(caseFile('ts_ct_abdomen', 'image.nii.gz'));
    const truncated = await upload(service, 'image.nii.gz', [{ name: 'image.nii.gz', bytes: whole.subarray(0, whole.byteLength >> 1) }]);
    await expect(service.dispatch('openUpload', { uploadId: truncated })).rejects.toThrow(/^image\.nii\.gz is truncated/);
    const junk = await upload(service, 'notes.txt', [{ name: 'notes.txt', bytes: new TextEncoder().encode('not a medical image at all '.repeat(20)) }]);
    await expect(service.dispatch('openUpload', { uploadId: junk })).rejects.toThrow(/not a medical image/);
    expect((await service.dispatch('openDemo', {})).kind).toBe('study');
  });
});

describe('uploaded files live only in a temporary folder of their own, removed with the upload', () => {
  it("files land under the server's root under plain names, and the root goes with the last upload", async () => {
    const area = new UploadArea();
    const a = await area.begin({ displayName: 'series', fileCount: 2, totalBytes: 8 });
    const b = await area.begin({ displayName: 'image.nii.gz', fileCount: 1, totalBytes: 4 });
    await area.addFile(a, 'IM1', new ArrayBuffer(4));
    await area.addFile(a, 'IM1', new ArrayBuffer(4)); // same name from another client folder: no clash
    await area.addFile(b, 'image.nii.gz', new ArrayBuffer(4));
    const folder = area.target(a).path;
    const single = area.target(b).path;
    expect(readdirSync(folder).sort()).toEqual(['00000_IM1', '00001_IM1']);
    expect(path.basename(single)).toBe('image.nii.gz');
    const root = path.dirname(folder);
    expect(path.dirname(single)).not.toBe(folder);
    expect(path.dirname(path.dirname(single))).toBe(root);
    await area.discard(a);
    expect(existsSync(folder)).toBe(false);
    expect(existsSync(single)).toBe(true);
    await area.discard(b);
    expect(existsSync(root)).toBe(false);
  });
});
