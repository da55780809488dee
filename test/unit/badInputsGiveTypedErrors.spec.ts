import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { caseFile, HAVE_SHARED_DATA } from './dataPaths.js';
import { openSource } from '../../main/core/volume/openSource.js';
import { listDicomSeries } from '../../main/core/volume/dicomSeries.js';
import { describeSource } from '../../main/core/volume/describeSource.js';
import { VolumeReadError, type VolumeReadErrorCode } from '../../main/core/volume/errors.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'lobus-bad-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function codeOf(p: Promise<unknown>): Promise<{ code: VolumeReadErrorCode; message: string }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(VolumeReadError);
  const e = err as VolumeReadError;
  expect(e.message.length).toBeGreaterThan(15);
  return { code: e.code, message: e.message };
}

function copyDir(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const f of readdirSync(from)) copyFileSync(path.join(from, f), path.join(to, f));
}

describe.skipIf(!HAVE_SHARED_DATA)('bad inputs give clear, typed errors and the process keeps running', () => {
  it('a truncated .nii.gz → truncated', async () => {
    const whole = readFileSync(caseFile('ts_mr_abdomen', 'image.nii.gz'));
    const p = path.join(tmp, 'cut.nii.gz');
    writeFileSync(p, whole.subarray(0, Math.floor(whole.length / 2)));
    const e = await codeOf(openSource(p));
    expect(e.code).toBe('truncated');
    expect(e.message).toMatch(/cut\.nii\.gz/);
  });

  it('an uncompressed .nii missing its last voxels → truncated (checked from the file size)', async () => {
    const raw = gunzipSync(readFileSync(caseFile('ts_mr_abdomen', 'image.nii.gz')));
    const p = path.join(tmp, 'cut.nii');
    writeFileSync(p, raw.subarray(0, raw.length - 1000));
    expect((await codeOf(openSource(p))).code).toBe('truncated');
  });

  it('a text file renamed .dcm → not-an-image', async () => {
    const p = path.join(tmp, 'notes.dcm');
    writeFileSync(p, 'Patient seen on Monday.\nCT looked fine.\n'.repeat(20));
    const e = await codeOf(openSource(p));
    expect(e.code).toBe('not-an-image');
    expect(e.message).toMatch(/notes\.dcm/);
  });

  it('a NIfTI header claiming 100000³ voxels → too-large, before any allocation', async () => {
    const raw = gunzipSync(readFileSync(caseFile('ts_mr_abdomen', 'image.nii.gz')));
    const hdr = Buffer.from(raw.subarray(0, 352));
    for (const i of [1, 2, 3]) hdr.writeInt16LE(i === 3 ? 100000 % 32768 : 32767, 40 + 2 * i);
    // dim is int16 in NIfTI-1, so 100000 is not representable: say 32767² × 32767 instead (≈ 3.5e13 voxels)…
    const p1 = path.join(tmp, 'huge1.nii.gz');
    writeFileSync(p1, gzipSync(Buffer.concat([hdr, raw.subarray(352, 4096)])));
    const before = process.memoryUsage().rss;
    expect((await codeOf(openSource(p1))).code).toBe('too-large');
    // …and exactly 100000³ through a NIfTI-2 header (int64 dims).
    const h2 = Buffer.alloc(544);
    h2.writeInt32LE(540, 0);
    h2.write('n+2\0\r\n\x1a\n', 4, 'latin1');
    h2.writeInt16LE(4, 12);
    h2.writeInt16LE(16, 14);
    [3, 100000, 100000, 100000, 1, 1, 1, 1].forEach((d, i) => h2.writeBigInt64LE(BigInt(d), 16 + 8 * i));
    [1, 1, 1, 1, 1, 1, 1, 1].forEach((d, i) => h2.writeDoubleLE(d, 104 + 8 * i));
    h2.writeBigInt64LE(544n, 168);
    const p2 = path.join(tmp, 'huge2.nii.gz');
    writeFileSync(p2, gzipSync(Buffer.concat([h2, Buffer.alloc(1024)])));
    const e = await codeOf(openSource(p2));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/100000×100000×100000/);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 ** 2);
  });

  it('maxBytes is honoured from the header: a 512×512×78 int16 volume with a 10 MB limit → too-large', async () => {
    expect((await codeOf(openSource(caseFile('chaos_ct_liver', 'image.nii.gz'), { maxBytes: 10e6 }))).code).toBe('too-large');
    expect((await codeOf(openSource(caseFile('lidc_idri_0002', 'dicom'), { maxBytes: 10e6 }))).code).toBe('too-large');
  });

  it('an empty folder → empty-folder', async () => {
    const d = path.join(tmp, 'empty');
    mkdirSync(d);
    expect((await codeOf(openSource(d))).code).toBe('empty-folder');
    expect(await listDicomSeries(d)).toEqual([]);
  });

  it('a folder of non-DICOM files → not-an-image', async () => {
    const d = path.join(tmp, 'junk');
    mkdirSync(d);
    writeFileSync(path.join(d, 'a.txt'), 'hello');
    expect((await codeOf(openSource(d))).code).toBe('not-an-image');
  });

  it('a missing path → not-found', async () => {
    expect((await codeOf(openSource(path.join(tmp, 'nope.nii.gz')))).code).toBe('not-found');
  });

  it('a folder with two series → multiple-series naming both; each opens when chosen', async () => {
    const d = path.join(tmp, 'two');
    copyDir(caseFile('dcmqi_ct_3slice', 'dicom'), path.join(d, 'a'));
    copyDir(caseFile('lidc_idri_0002', 'dicom'), path.join(d, 'b'));
    const e = await codeOf(openSource(d));
    expect(e.code).toBe('multiple-series');
    expect(e.message).toMatch(/3 slices/);
    expect(e.message).toMatch(/48 slices/);
    const series = await listDicomSeries(d);
    expect(series.map((s) => s.sliceCount).sort((a, b) => a - b)).toEqual([3, 48]);
    const small = series.find((s) => s.sliceCount === 3)!;
    expect(small.modality).toBe('CT');
    expect(small.dims).toEqual([512, 512, 3]);
    const v = await openSource(d, { seriesUid: small.id });
    expect(v.dims).toEqual([512, 512, 3]);
    const info = await describeSource(d);
    expect(info.series).toHaveLength(2);
    expect(info.volume).toBeUndefined();
    expect((await codeOf(openSource(d, { seriesUid: '1.2.3.4' }))).code).toBe('series-not-found');
  });

  it('non-image objects (a DICOM SEG beside the slices) are skipped, not stacked', async () => {
    const d = path.join(tmp, 'with-seg');
    copyDir(caseFile('dcmqi_ct_3slice', 'dicom'), d);
    copyFileSync(caseFile('dcmqi_ct_3slice', 'liver_seg.dcm'), path.join(d, 'zz_seg.dcm'));
    const series = await listDicomSeries(d);
    expect(series).toHaveLength(1);
    expect(series[0]!.sliceCount).toBe(3);
    expect((await openSource(d)).dims).toEqual([512, 512, 3]);
    const e = await codeOf(openSource(path.join(d, 'zz_seg.dcm')));
    expect(e.code).toBe('not-an-image');
  });

  it('a DICOM slice cut in half → the series reports a damaged/truncated read, never a wrong volume', async () => {
    const d = path.join(tmp, 'cut-dicom');
    copyDir(caseFile('dcmqi_ct_3slice', 'dicom'), d);
    const f = path.join(d, '02.dcm');
    const bytes = readFileSync(f);
    writeFileSync(f, bytes.subarray(0, bytes.length - 200_000));
    const e = await codeOf(openSource(d));
    expect(e.code).toBe('truncated');
    expect(e.message).toMatch(/02\.dcm/);
  });

  it('a JPEG 2000 slice cut short → truncated (its encapsulated pixel data never closes)', async () => {
    const d = path.join(tmp, 'cut-j2k');
    copyDir(caseFile('ts_ct_dicom_abdomen', 'dicom'), d);
    const victim = readdirSync(d).sort()[7]!;
    const bytes = readFileSync(path.join(d, victim));
    writeFileSync(path.join(d, victim), bytes.subarray(0, bytes.length - 5000));
    const e = await codeOf(openSource(d));
    expect(e.code).toBe('truncated');
    expect(e.message).toContain(victim);
  });
});
