import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readImageDicomFileSeriesNode } from '@itk-wasm/dicom';
import { afterAll, describe, expect, it } from 'vitest';
import { openSource } from '../../main/core/volume/openSource.js';
import { listDicomSeries } from '../../main/core/volume/dicomSeries.js';
import { VolumeReadError } from '../../main/core/volume/errors.js';
import { writeSyntheticSeries, type SyntheticSlice } from './support/syntheticDicom.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'lobus-synth-dicom-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Slice k has stored value 1024 + 10·k everywhere except a marker voxel at (i = 3, j = 1) = 2000 + k. */
function series(uid: string, zs: number[], extra: Partial<SyntheticSlice> = {}, shiftY = 0): SyntheticSlice[] {
  return zs.map((z, k) => {
    const pixels = new Int16Array(8 * 6).fill(1024 + 10 * k);
    pixels[1 * 8 + 3] = 2000 + k;
    return { seriesUid: uid, instance: zs.length - k, position: [-10, -20 + shiftY * (z - zs[0]!), z], rows: 6, columns: 8, pixels, ...extra };
  });
}

function folder(name: string): string {
  const d = path.join(tmp, name);
  mkdirSync(d);
  return d;
}

describe('series problems found in the headers are reported through openSource', () => {
  it('files written in scrambled order stack by position; rescale is applied; the volume equals GDCM’s', async () => {
    const d = folder('scrambled');
    const zs = [0, 2.5, 5, 7.5, 10, 12.5];
    const s = series('1.2.3.1', zs);
    writeSyntheticSeries(d, [s[3]!, s[0]!, s[5]!, s[1]!, s[4]!, s[2]!]);
    const v = await openSource(d);
    expect(v.dims).toEqual([8, 6, 6]);
    expect(v.spacing[2]).toBeCloseTo(2.5, 6);
    expect(v.origin).toEqual([-10, -20, 0]);
    for (let k = 0; k < 6; k++) {
      expect(v.data[k * 48]).toBe(10 * k); // 1024 + 10k − 1024
      expect(v.data[k * 48 + 8 + 3]).toBe(2000 + k - 1024);
    }
    const gdcm = (await readImageDicomFileSeriesNode({ inputImages: s.map((_, n) => path.join(d, `img${String(n).padStart(4, '0')}.dcm`)) })).outputImage;
    expect(Array.from(gdcm.data as Int32Array)).toEqual(Array.from(v.data));
    expect(v.meta.warnings).toEqual([]);
  });

  it('a missing slice is reported in the volume warnings and the series summary', async () => {
    const d = folder('gap');
    writeSyntheticSeries(d, series('1.2.3.2', [0, 2, 4, 8, 10]));
    const [summary] = await listDicomSeries(d);
    expect(summary!.warnings.join(' ')).toMatch(/slices may be missing/);
    const v = await openSource(d);
    expect(v.meta.warnings.join(' ')).toMatch(/4\.00 mm after slice 2/);
  });

  it('gantry tilt is reported with its angle', async () => {
    const d = folder('tilt');
    writeSyntheticSeries(d, series('1.2.3.3', [0, 1, 2, 3, 4, 5], {}, Math.tan((20 * Math.PI) / 180)));
    const [summary] = await listDicomSeries(d);
    expect(summary!.gantryTiltDeg).toBeCloseTo(20, 2);
    const v = await openSource(d);
    expect(v.meta.warnings.join(' ')).toMatch(/Gantry tilt of 20\.0°/);
  });

  it('one Series UID holding two orientations is split into two pickable parts', async () => {
    const d = folder('split');
    writeSyntheticSeries(d, series('1.2.3.4', [0, 1, 2]), 'ax');
    const sagittal = series('1.2.3.4', [0, 1, 2, 3], { orientation: [0, 1, 0, 0, 0, -1] }).map((sl, k) => ({ ...sl, position: [5 - k, -20, 40] as [number, number, number] }));
    writeSyntheticSeries(d, sagittal, 'sag');
    const list = await listDicomSeries(d);
    expect(list.map((s) => s.id).sort()).toEqual(['1.2.3.4#1', '1.2.3.4#2']);
    const e = await openSource(d).catch((err: unknown) => err);
    expect((e as VolumeReadError).code).toBe('multiple-series');
    const sag = list.find((s) => s.sliceCount === 4)!;
    const v = await openSource(d, { seriesUid: sag.id });
    expect(v.dims).toEqual([8, 6, 4]);
    // rows along +y, columns along −z, normal = row × col = −x: k runs towards −x (patient right)
    expect(v.direction).toEqual([0, 0, -1, 1, 0, 0, 0, -1, 0]);
    expect(v.origin).toEqual([5, -20, 40]);
    expect(v.spacing[2]).toBeCloseTo(1, 6);
  });

  it('an SR document in the folder is skipped', async () => {
    const d = folder('with-sr');
    writeSyntheticSeries(d, series('1.2.3.5', [0, 1, 2]));
    writeSyntheticSeries(d, series('1.2.3.6', [0], { sopClassUid: '1.2.840.10008.5.1.4.1.1.88.22', modality: 'SR' }), 'sr');
    expect(await listDicomSeries(d)).toHaveLength(1);
    expect((await openSource(d)).dims).toEqual([8, 6, 3]);
  });

  it('a compression GDCM cannot decode (HTJ2K) is listed as unreadable and refused with unsupported-compression', async () => {
    const d = folder('htj2k');
    writeSyntheticSeries(d, series('1.2.3.7', [0, 1, 2], { transferSyntax: '1.2.840.10008.1.2.4.201' }));
    const [summary] = await listDicomSeries(d);
    expect(summary!.unreadableReason).toMatch(/High-Throughput JPEG 2000/);
    const e = await openSource(d).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(VolumeReadError);
    expect((e as VolumeReadError).code).toBe('unsupported-compression');
  });

  it('an oblique series with unequal row/column spacing gets the same grid as ITK/GDCM builds', async () => {
    const d = folder('oblique');
    const a = (25 * Math.PI) / 180;
    const b = (10 * Math.PI) / 180;
    const row: [number, number, number] = [Math.cos(a), Math.sin(a), 0];
    const col: [number, number, number] = [-Math.sin(a) * Math.cos(b), Math.cos(a) * Math.cos(b), Math.sin(b)];
    const n = [row[1] * col[2] - row[2] * col[1], row[2] * col[0] - row[0] * col[2], row[0] * col[1] - row[1] * col[0]];
    const slices = series('1.2.3.8', [0, 1, 2, 3], { orientation: [...row, ...col], pixelSpacing: [0.5, 0.8] }).map((sl, k) => ({
      ...sl,
      position: [12 + 1.5 * k * n[0]!, -7 + 1.5 * k * n[1]!, 30 + 1.5 * k * n[2]!] as [number, number, number],
    }));
    const files = writeSyntheticSeries(d, [...slices].reverse());
    const v = await openSource(d);
    const gdcm = (await readImageDicomFileSeriesNode({ inputImages: files })).outputImage;
    expect(v.spacing[0]).toBeCloseTo(0.8, 6); // along a row = column spacing = PixelSpacing[1]
    expect(v.spacing[1]).toBeCloseTo(0.5, 6);
    expect(v.spacing[2]).toBeCloseTo(1.5, 4);
    Array.from(gdcm.spacing).forEach((x, i) => expect(v.spacing[i]).toBeCloseTo(x, 4));
    Array.from(gdcm.origin).forEach((x, i) => expect(v.origin[i]).toBeCloseTo(x, 4));
    Array.from(gdcm.direction as Float64Array).forEach((x, i) => expect(v.direction[i]).toBeCloseTo(x, 5));
    expect(Array.from(gdcm.data as Int32Array)).toEqual(Array.from(v.data));
    expect(v.meta.warnings).toEqual([]);
  });

  it('two echoes sharing one Series UID and the same positions become two pickable parts, not one broken stack', async () => {
    const d = folder('echoes');
    writeSyntheticSeries(d, series('1.2.3.9', [0, 1, 2], { echoNumber: 1, modality: 'MR' }), 'e1-');
    writeSyntheticSeries(d, series('1.2.3.9', [0, 1, 2], { echoNumber: 2, modality: 'MR' }), 'e2-');
    const list = await listDicomSeries(d);
    expect(list).toHaveLength(2);
    expect(list.every((s) => s.sliceCount === 3 && !s.unreadableReason)).toBe(true);
    expect((await openSource(d, { seriesUid: list[1]!.id })).dims).toEqual([8, 6, 3]);
  });
});
