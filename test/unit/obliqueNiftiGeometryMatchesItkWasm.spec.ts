import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readImageNode } from '@itk-wasm/image-io';
import { afterAll, describe, expect, it } from 'vitest';
import { writeLabelMapNifti } from '../../main/core/export/labelMapNifti.js';
import { fromItkImage } from '../../main/core/volume/itkImage.js';
import { openSource } from '../../main/core/volume/openSource.js';
import { readNiftiInfo } from '../../main/core/volume/niftiRead.js';
import { niftiGeometry, quaternToRotation, rotationToQuatern } from '../../main/core/volume/niftiHeader.js';
import { indexToWorld, sameGeometry } from '../../main/core/volume/geometry.js';
import type { LabelMap, Mat3, Vec3 } from '../../main/core/volume/types.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'lobus-oblique-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function matmul(a: number[], b: number[]): Mat3 {
  return Array.from({ length: 9 }, (_, i) => {
    const r = Math.floor(i / 3);
    const c = i % 3;
    return a[r * 3]! * b[c]! + a[r * 3 + 1]! * b[3 + c]! + a[r * 3 + 2]! * b[6 + c]!;
  }) as Mat3;
}

/** An oblique, non-symmetric rotation: a row-major/column-major mix-up changes it. */
function oblique(): Mat3 {
  const a = 0.3;
  const b = 0.5;
  const rz = [Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0, 0, 1];
  const rx = [1, 0, 0, 0, Math.cos(b), -Math.sin(b), 0, Math.sin(b), Math.cos(b)];
  return matmul(rz, rx);
}

function testMap(direction: Mat3): LabelMap {
  const dims: Vec3 = [5, 6, 7];
  const data = new Uint8Array(5 * 6 * 7).map((_, i) => (i * 7) % 4);
  return { dims, spacing: [0.7, 1.1, 2.5], origin: [10, -20, 30], direction, data, labels: [{ value: 1, name: 'a', color: [1, 2, 3] }] };
}

describe('oblique grids survive our writer, our reader and itk-wasm identically', () => {
  it.each([
    ['oblique rotation', oblique()],
    ['left-handed (k flipped) oblique', (() => { const m = oblique(); return [m[0], m[1], -m[2], m[3], m[4], -m[5], m[6], m[7], -m[8]] as Mat3; })()],
  ])('%s', async (_name, direction) => {
    const map = testMap(direction);
    const file = path.join(tmp, `${_name.replace(/\W+/g, '-')}.nii.gz`);
    await writeLabelMapNifti(map, file, { policy: { allowedDirs: [tmp] } });

    const itk = fromItkImage(await readImageNode(file), file);
    expect(sameGeometry(itk, map, 1e-4)).toBe(true);
    // The voxel (4, 5, 6) lands on the same LPS point for itk-wasm and for the grid we wrote.
    indexToWorld(itk, [4, 5, 6]).forEach((x, i) => expect(x).toBeCloseTo(indexToWorld(map, [4, 5, 6])[i]!, 4));

    const ours = await openSource(file);
    expect(sameGeometry(ours, map, 1e-4)).toBe(true);
    expect(Array.from(ours.data)).toEqual(Array.from(map.data));

    // The qform alone gives the same grid (what readers that ignore the sform see).
    const info = await readNiftiInfo(file);
    expect(sameGeometry({ dims: info.dims, ...niftiGeometry({ ...info.header, sformCode: 0 }) }, map, 1e-4)).toBe(true);
  });

  it('quaternion conversion round-trips proper rotations', () => {
    const m = oblique();
    const { quatern, qfac } = rotationToQuatern(m);
    expect(qfac).toBe(1);
    quaternToRotation(...quatern).forEach((x, i) => expect(x).toBeCloseTo(m[i]!, 10));
    const ras: Mat3 = [-1, 0, 0, 0, -1, 0, 0, 0, 1];
    expect(rotationToQuatern(ras).quatern.map((x) => x + 0)).toEqual([0, 0, 1]);
  });
});
