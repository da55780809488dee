import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readImageNode, writeImageNode } from '@itk-wasm/image-io';
import { afterAll, describe, expect, it } from 'vitest';
import { caseFile, HAVE_SHARED_DATA } from './dataPaths.js';
import { openSource } from '../../main/core/volume/openSource.js';
import { readNiftiInfo } from '../../main/core/volume/niftiRead.js';
import { sameGeometry } from '../../main/core/volume/geometry.js';
import { fromItkImage } from '../../main/core/volume/itkImage.js';
import { encodeHeaderVariant, swapWords } from './support/niftiVariants.js';
import { encodeNifti1Header } from '../../main/core/export/niftiEncode.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'lobus-nifti-variants-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!HAVE_SHARED_DATA)('NIfTI variants read to the same volume (and as ITK reads them)', () => {
  const src = caseFile('ts_mr_abdomen', 'image.nii.gz');

  async function reference() {
    const info = await readNiftiInfo(src);
    const raw = gunzipSync(readFileSync(src));
    return { info, voxels: raw.subarray(Math.floor(info.header.voxOffset)), volume: await openSource(src) };
  }

  it.each([
    ['NIfTI-2, little-endian, gzipped', 2, true, true],
    ['NIfTI-1, big-endian, gzipped', 1, false, true],
    ['NIfTI-2, big-endian, uncompressed .nii', 2, false, false],
  ] as const)('%s', async (name, version, le, gz) => {
    const ref = await reference();
    const file = path.join(tmp, `${name.replace(/\W+/g, '-')}.nii${gz ? '.gz' : ''}`);
    const bytes = Buffer.concat([encodeHeaderVariant(ref.info.header, version, le), le ? Buffer.from(ref.voxels) : swapWords(ref.voxels, 2)]);
    writeFileSync(file, gz ? gzipSync(bytes) : bytes);
    const v = await openSource(file);
    expect(sameGeometry(v, ref.volume, 1e-4)).toBe(true);
    expect(Array.from(v.data)).toEqual(Array.from(ref.volume.data));
  });

  it('scl_slope/scl_inter are applied: integer scaling stays integer, fractional becomes float32; values match ITK', async () => {
    const ref = await reference();
    for (const [slope, inter, type] of [[2, -5, 'int16'], [0.5, 10, 'float32']] as const) {
      const file = path.join(tmp, `scaled-${slope}.nii.gz`);
      writeFileSync(file, gzipSync(Buffer.concat([encodeHeaderVariant(ref.info.header, 1, true, { sclSlope: slope, sclInter: inter }), Buffer.from(ref.voxels)])));
      const v = await openSource(file);
      expect(v.pixelType).toBe(type);
      for (const i of [0, 1234, 100_000, ref.volume.data.length - 1]) expect(v.data[i]).toBeCloseTo(ref.volume.data[i]! * slope + inter, 5);
      const itk = fromItkImage(await readImageNode(file), file);
      for (const i of [0, 1234, 100_000]) expect(v.data[i]).toBeCloseTo(Number(itk.data[i]), 4);
    }
  });

  it('a qform-only header (sform code 0) gives the same grid as the sform did', async () => {
    const ref = await reference();
    // ts_mr_abdomen has only an sform: derive the matching qform through our own writer's encoder.
    const hdr = Buffer.from(encodeNifti1Header(ref.volume, { datatype: 4, bitpix: 16 }));
    hdr.writeInt16LE(0, 254); // sform_code = 0
    const file = path.join(tmp, 'qform-only.nii.gz');
    writeFileSync(file, gzipSync(Buffer.concat([hdr, Buffer.from(ref.voxels)])));
    const v = await openSource(file);
    expect(sameGeometry(v, ref.volume, 1e-4)).toBe(true);
    const itk = fromItkImage(await readImageNode(file), file);
    expect(sameGeometry(itk, v, 1e-4)).toBe(true);
  });

  it.each(['nrrd', 'mha'])('the same image saved as .%s by ITK opens with the same grid and voxels', async (ext) => {
    const ref = await reference();
    const image = await readImageNode(src);
    const file = path.join(tmp, `mr.${ext}`);
    await writeImageNode(image, file);
    const v = await openSource(file);
    expect(v.meta.sourceKind).toBe(ext === 'nrrd' ? 'nrrd' : 'metaimage');
    expect(sameGeometry(v, ref.volume, 1e-4)).toBe(true);
    expect(Array.from(v.data)).toEqual(Array.from(ref.volume.data));
  });

  it('a header without any orientation (both codes 0) reads as ITK reads it, with a warning', async () => {
    const ref = await reference();
    const file = path.join(tmp, 'no-orientation.nii.gz');
    writeFileSync(file, gzipSync(Buffer.concat([encodeHeaderVariant(ref.info.header, 1, true, { qformCode: 0, sformCode: 0 }), Buffer.from(ref.voxels)])));
    const v = await openSource(file);
    const itk = fromItkImage(await readImageNode(file), file);
    expect(sameGeometry(v, itk, 1e-4)).toBe(true);
    expect(v.meta.warnings.join(' ')).toMatch(/no orientation/);
  });

  it('an "aligned" sform (code 2) that disagrees with a scanner qform loses to the qform, as in ITK', async () => {
    const ref = await reference();
    const hdr = Buffer.from(encodeNifti1Header(ref.volume, { datatype: 4, bitpix: 16 }));
    hdr.writeInt16LE(2, 254); // sform_code = aligned
    hdr.writeFloatLE(hdr.readFloatLE(280 + 12) + 50, 280 + 12); // sform moved 50 mm in x
    const file = path.join(tmp, 'aligned-sform.nii.gz');
    writeFileSync(file, gzipSync(Buffer.concat([hdr, Buffer.from(ref.voxels)])));
    const v = await openSource(file);
    const itk = fromItkImage(await readImageNode(file), file);
    expect(sameGeometry(itk, v, 1e-4)).toBe(true);
    expect(sameGeometry(v, ref.volume, 1e-3)).toBe(true);
    expect(v.meta.warnings.join(' ')).toMatch(/disagree/);
  });
});
