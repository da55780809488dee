import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readImageNode } from '@itk-wasm/image-io';
import { afterAll, describe, expect, it } from 'vitest';
import { caseFile, HAVE_SHARED_DATA } from './dataPaths.js';
import { openSource } from '../../main/core/volume/openSource.js';
import { readLabelMap } from '../../main/core/volume/labelMapRead.js';
import { readNiftiInfo } from '../../main/core/volume/niftiRead.js';
import { niftiGeometry } from '../../main/core/volume/niftiHeader.js';
import { fromItkImage } from '../../main/core/volume/itkImage.js';
import { sameGeometry } from '../../main/core/volume/geometry.js';
import { writeLabelMapNifti } from '../../main/core/export/labelMapNifti.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'lobus-roundtrip-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CASES: [string, string][] = [
  ['chaos_ct_liver', 'liver.nii.gz'],
  ['ts_ct_abdomen', 'liver.nii.gz'],
  ['ts_mr_abdomen', 'liver.nii.gz'],
  ['dcmqi_ct_3slice', 'liver.nii.gz'],
  ['lidc_idri_0002', 'nodules_50pct.nii.gz'],
  ['lidc_idri_0003', 'nodules_50pct.nii.gz'],
];

describe.skipIf(!HAVE_SHARED_DATA)('NIfTI → mask → NIfTI round trip is exact in data and affine', () => {
  it.each(CASES)('%s/%s', async (name, maskFile) => {
    const src = caseFile(name, maskFile);
    const srcInfo = await readNiftiInfo(src);
    const grid = { dims: srcInfo.dims, ...srcInfo.geometry };
    const mask = await readLabelMap(src, grid, { labels: [{ value: 1, name: 'structure', color: [255, 0, 0] }] });
    const out = path.join(tmp, `${name}.nii.gz`);
    const written = await writeLabelMapNifti(mask, out, { sourcePath: src, policy: { allowedPaths: [out] } });
    expect(written.mask).toBe(out);

    const outInfo = await readNiftiInfo(out);
    expect(outInfo.header.qformCode).toBe(1);
    expect(outInfo.header.sformCode).toBe(1);
    expect(outInfo.header.datatype).toBe(2);
    // sform rows are float32 in the file: the written ones must be the very same floats as the source's.
    const f32 = (x: number) => Math.fround(x);
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 4; c++) {
        const expected = srcInfo.header.sformCode > 0 ? srcInfo.header.srow[r]![c]! : NaN;
        if (!Number.isNaN(expected)) expect(outInfo.header.srow[r]![c]).toBe(f32(expected));
      }
    }
    expect(sameGeometry({ dims: outInfo.dims, ...outInfo.geometry }, grid, 1e-5)).toBe(true);

    // qform alone (sform ignored) must describe the same grid: what older readers use.
    const qOnly = { ...outInfo.header, sformCode: 0 };
    expect(sameGeometry({ dims: outInfo.dims, ...niftiGeometry(qOnly) }, grid, 1e-3)).toBe(true);

    const back = await readLabelMap(out, grid);
    expect(Buffer.compare(Buffer.from(back.data), Buffer.from(mask.data))).toBe(0);

    const itk = fromItkImage(await readImageNode(out), out);
    expect(sameGeometry(itk, grid, 1e-5)).toBe(true);
    expect(Buffer.compare(Buffer.from(itk.data as Uint8Array), Buffer.from(mask.data))).toBe(0);
  });

  it('the exported liver mask of ts_ct_abdomen still selects liver HU 44 ± 17 on the image', async () => {
    const ct = await openSource(caseFile('ts_ct_abdomen', 'image.nii.gz'));
    const mask = await readLabelMap(caseFile('ts_ct_abdomen', 'liver.nii.gz'), ct);
    const out = path.join(tmp, 'ts-liver-again.nii.gz');
    await writeLabelMapNifti(mask, out, { policy: { allowedPaths: [out] } });
    const back = await readLabelMap(out, ct);
    let n = 0;
    let sum = 0;
    back.data.forEach((v, i) => {
      if (v) {
        n++;
        sum += ct.data[i]!;
      }
    });
    expect(sum / n).toBeCloseTo(44.29, 1);
    expect(n * 27).toBeCloseTo(1_123_254, -3);
  });
});
