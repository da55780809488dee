import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseFile, HAVE_SHARED_DATA } from './dataPaths.js';
import { scanDicomFolder } from '../../main/core/volume/dicomSeries.js';
import { stackSlices } from '../../main/core/volume/dicomStack.js';
import type { DicomSlice } from '../../main/core/volume/dicomClassify.js';
import { VolumeReadError } from '../../main/core/volume/errors.js';
import type { Vec3 } from '../../main/core/volume/types.js';

async function realSlices(name: string): Promise<DicomSlice[]> {
  const scan = await scanDicomFolder(caseFile(name, 'dicom'));
  expect(scan.series).toHaveLength(1);
  return scan.series[0]!.stack.slices;
}

/** Deterministic shuffle, so a failure is reproducible. */
function shuffled<T>(xs: T[]): T[] {
  const out = [...xs];
  let seed = 12345;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe.skipIf(!HAVE_SHARED_DATA)('DICOM slices are stacked by position along the normal', () => {
  it('ts_ct_dicom_abdomen: order equals case.json (k=0 is Instance 286, feet-most), though instance numbers run head→feet', async () => {
    const expected = JSON.parse(readFileSync(caseFile('ts_ct_dicom_abdomen', 'case.json'), 'utf8')).slices as { k: number; file: string; instance_number: number }[];
    const slices = await realSlices('ts_ct_dicom_abdomen');
    expect(slices.map((s) => path.basename(s.file))).toEqual(expected.map((e) => e.file));
    expect(slices[0]!.instanceNumber).toBe(286);
    const again = stackSlices(shuffled(slices));
    expect(again.slices.map((s) => s.file)).toEqual(slices.map((s) => s.file));
  });

  it('lidc_idri_0002: file names are out of z order, the stack is not', async () => {
    const slices = await realSlices('lidc_idri_0002');
    const z = slices.map((s) => s.position![2]);
    expect(z).toEqual([...z].sort((a, b) => a - b));
    const names = slices.map((s) => path.basename(s.file));
    expect(names).not.toEqual([...names].sort());
    expect(z[0]).toBeCloseTo(-134.5, 3);
    expect(z.at(-1)).toBeCloseTo(-75.75, 3);
  });

  it('a missing slice is reported as uneven spacing, with where it is', async () => {
    const slices = await realSlices('lidc_idri_0003');
    const gap = [...slices.slice(0, 20), ...slices.slice(21)];
    const stack = stackSlices(gap);
    expect(stack.unevenGaps).toEqual([{ afterIndex: 19, gapMm: expect.closeTo(5.0, 3) as unknown as number }]);
    expect(stack.warnings.join(' ')).toMatch(/missing/);
    expect(stackSlices(slices).warnings).toEqual([]);
  });

  it('gantry tilt (slices sheared along y) is measured and reported, not silently stacked', async () => {
    const slices = await realSlices('dcmqi_ct_3slice');
    const tiltDeg = 15;
    const sheared = slices.map((s) => {
      const p = s.position!;
      const dz = p[2] - slices[0]!.position![2];
      return { ...s, position: [p[0], p[1] + dz * Math.tan((tiltDeg * Math.PI) / 180), p[2]] as Vec3 };
    });
    const stack = stackSlices(sheared);
    expect(stack.gantryTiltDeg).toBeCloseTo(tiltDeg, 3);
    expect(stack.warnings.join(' ')).toMatch(/Gantry tilt of 15\.0°/);
    expect(stackSlices(slices).gantryTiltDeg).toBeLessThan(0.01);
  });

  it('two slices at one position are refused as inconsistent geometry', async () => {
    const slices = await realSlices('dcmqi_ct_3slice');
    const dup = [...slices, { ...slices[1]!, file: 'copy.dcm' }];
    const err = (() => {
      try {
        stackSlices(dup);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(VolumeReadError);
    expect((err as VolumeReadError).code).toBe('inconsistent-geometry');
  });

  it('a reversed normal (feet-first style orientation) still puts k along the normal', async () => {
    const slices = await realSlices('dcmqi_ct_3slice');
    // Flip the column direction: the normal becomes −z, so k must run head→feet.
    const flipped = slices.map((s) => ({ ...s, orientation: [1, 0, 0, 0, -1, 0] as DicomSlice['orientation'] }));
    const stack = stackSlices(flipped);
    expect(stack.direction.slice(6)).toEqual([0, 0, -1]);
    expect(stack.origin[2]).toBeCloseTo(-126.69, 3);
    expect(stack.spacing[2]).toBeCloseTo(1, 6);
  });
});
