import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { writeLabelMapNifti } from '../../main/core/export/labelMapNifti.js';
import { writeFileAtomic, WriteRefusedError } from '../../main/core/export/writePolicy.js';
import { openSource } from '../../main/core/volume/openSource.js';
import type { LabelMap } from '../../main/core/volume/types.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'lobus-policy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function twoLabels(): LabelMap {
  const data = new Uint8Array(4 * 3 * 2);
  data[1] = 1;
  data[5] = 2;
  data[6] = 2;
  return {
    dims: [4, 3, 2],
    spacing: [1, 1, 2],
    origin: [0, 0, 0],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    data,
    labels: [
      { value: 1, name: 'liver', color: [200, 90, 60] },
      { value: 2, name: 'tumour / lesion', color: [240, 220, 40] },
    ],
  };
}

async function refused(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(WriteRefusedError);
  return (e as Error).message;
}

describe('mask export writes only where the user chose, atomically, never over the source', () => {
  it('writes the mask, a label table and per-label binary files beside the chosen path', async () => {
    const dir = path.join(tmp, 'ok');
    mkdirSync(dir);
    const out = path.join(dir, 'seg.nii.gz');
    const files = await writeLabelMapNifti(twoLabels(), out, { policy: { allowedPaths: [out] }, perLabelFiles: true });
    expect(files.labelTable).toBe(path.join(dir, 'seg.labels.json'));
    const table = JSON.parse(readFileSync(files.labelTable, 'utf8'));
    expect(table.labels).toEqual([
      { value: 1, name: 'liver', color: [200, 90, 60] },
      { value: 2, name: 'tumour / lesion', color: [240, 220, 40] },
    ]);
    expect(files.perLabel.map((p) => path.basename(p.path))).toEqual(['seg_label-1_liver.nii.gz', 'seg_label-2_tumour-lesion.nii.gz']);
    const lesion = await openSource(files.perLabel[1]!.path);
    expect(Array.from(lesion.data).filter((v) => v === 1)).toHaveLength(2);
    expect(Math.max(...lesion.data)).toBe(1);
    // No temporary files are left behind.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a path the user did not choose, including one reached through "..", and writes nothing', async () => {
    const chosen = path.join(tmp, 'chosen');
    mkdirSync(chosen);
    const msg = await refused(writeLabelMapNifti(twoLabels(), path.join(tmp, 'elsewhere.nii.gz'), { policy: { allowedPaths: [path.join(chosen, 'a.nii.gz')] } }));
    expect(msg).toMatch(/not a location you chose/);
    await refused(writeLabelMapNifti(twoLabels(), path.join(chosen, '..', 'escape.nii.gz'), { policy: { allowedDirs: [chosen] } }));
    await refused(writeLabelMapNifti(twoLabels(), path.join(tmp, 'x.nii.gz'), { policy: {} }));
    expect(existsSync(path.join(tmp, 'elsewhere.nii.gz'))).toBe(false);
    expect(existsSync(path.join(tmp, 'escape.nii.gz'))).toBe(false);
  });

  it('refuses a symlinked folder that points outside the chosen folder', async () => {
    const chosen = path.join(tmp, 'chosen-link');
    const outside = path.join(tmp, 'outside');
    mkdirSync(chosen);
    mkdirSync(outside);
    symlinkSync(outside, path.join(chosen, 'sneaky'));
    await refused(writeLabelMapNifti(twoLabels(), path.join(chosen, 'sneaky', 'm.nii.gz'), { policy: { allowedDirs: [chosen] } }));
    expect(readdirSync(outside)).toEqual([]);
  });

  it('never overwrites the source image, even when the user picked its path', async () => {
    const src = path.join(tmp, 'image.nii.gz');
    writeFileSync(src, 'original bytes');
    const msg = await refused(writeLabelMapNifti(twoLabels(), src, { sourcePath: src, policy: { allowedPaths: [src] } }));
    expect(msg).toMatch(/source image/);
    expect(readFileSync(src, 'utf8')).toBe('original bytes');
    // Nor any file inside a source DICOM folder: the study folder is left untouched.
    const dicomDir = path.join(tmp, 'dicom');
    mkdirSync(dicomDir);
    await refused(writeLabelMapNifti(twoLabels(), path.join(dicomDir, 'm.nii.gz'), { sourcePath: dicomDir, policy: { allowedDirs: [tmp] } }));
  });

  it('a failed write leaves the previous file intact and no temporary file', async () => {
    const dir = path.join(tmp, 'atomic');
    mkdirSync(dir);
    const target = path.join(dir, 'report.json');
    writeFileSync(target, 'old');
    const failing = new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('disk full'));
      },
    });
    await expect(writeFileAtomic(target, failing)).rejects.toThrow('disk full');
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('refuses non-NIfTI names and label maps whose data does not fit the grid', async () => {
    const out = path.join(tmp, 'mask.png');
    await refused(writeLabelMapNifti(twoLabels(), out, { policy: { allowedPaths: [out] } }));
    const bad = { ...twoLabels(), data: new Uint8Array(5) };
    const out2 = path.join(tmp, 'bad.nii.gz');
    await expect(writeLabelMapNifti(bad, out2, { policy: { allowedPaths: [out2] } })).rejects.toThrow(/voxels/);
  });
});
