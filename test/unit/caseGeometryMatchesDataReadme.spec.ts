import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { caseFile, HAVE_SHARED_DATA } from './dataPaths.js';
import { openSource } from '../../main/core/volume/openSource.js';
import type { Mat3, Vec3, Volume } from '../../main/core/volume/types.js';
import { valueRange } from '../../main/core/volume/pixels.js';

interface Expected {
  source: string;
  dims: Vec3;
  spacing: Vec3;
  /** LPS origin and row-major direction, from case.json where it records them. */
  origin?: Vec3;
  direction?: Mat3;
}

/** LPS origin/direction from a 4×4 affine (LPS, or RAS to be converted). */
function fromAffine(a: number[][], ras: boolean): { origin: Vec3; direction: Mat3 } {
  const flip = ras ? [-1, -1, 1] : [1, 1, 1];
  const dir = [0, 1, 2].flatMap((r) => [0, 1, 2].map((c) => {
    const col = [0, 1, 2].map((rr) => a[rr]![c]!);
    return (flip[r]! * a[r]![c]!) / Math.hypot(...col);
  })) as Mat3;
  return { origin: [0, 1, 2].map((r) => flip[r]! * a[r]![3]!) as Vec3, direction: dir };
}

function caseJson(name: string): Record<string, any> {
  return JSON.parse(readFileSync(caseFile(name, 'case.json'), 'utf8'));
}

function dicomCase(name: string): Expected {
  const g = caseJson(name).geometry;
  const ps = g.pixel_spacing_row_col_mm;
  return { source: caseFile(name, 'dicom'), dims: [g.columns, g.rows, g.n_slices], spacing: [ps[1], ps[0], g.slice_spacing_mm], ...fromAffine(g.affine_lps, false) };
}

const AXCODES: Record<string, Mat3> = { RAS: [-1, 0, 0, 0, -1, 0, 0, 0, 1], LPS: [1, 0, 0, 0, 1, 0, 0, 0, 1] };

function expectedCases(): [string, Expected][] {
  const chaos = caseJson('chaos_ct_liver');
  const ts = caseJson('ts_ct_abdomen').stats;
  const mr = caseJson('ts_mr_abdomen').stats;
  return [
    ['chaos_ct_liver', { source: caseFile('chaos_ct_liver', 'image.nii.gz'), dims: chaos.dims, spacing: chaos.spacing_mm, ...fromAffine(chaos.affine_ras, true) }],
    ['ts_ct_abdomen', { source: caseFile('ts_ct_abdomen', 'image.nii.gz'), dims: ts.shape, spacing: ts.spacing, direction: AXCODES[ts.axcodes]! }],
    ['ts_mr_abdomen', { source: caseFile('ts_mr_abdomen', 'image.nii.gz'), dims: mr.shape, spacing: mr.spacing, direction: AXCODES[mr.axcodes]! }],
    ['ts_ct_dicom_abdomen', dicomCase('ts_ct_dicom_abdomen')],
    ['dcmqi_ct_3slice', dicomCase('dcmqi_ct_3slice')],
    ['lidc_idri_0002', dicomCase('lidc_idri_0002')],
    ['lidc_idri_0003', dicomCase('lidc_idri_0003')],
  ];
}

/** The README's table, typed in by hand: a second source besides case.json. */
const README_TABLE: Record<string, { dims: Vec3; spacing: Vec3 }> = {
  chaos_ct_liver: { dims: [512, 512, 78], spacing: [0.727, 0.727, 2.0] },
  ts_ct_abdomen: { dims: [122, 101, 112], spacing: [3, 3, 3] },
  ts_mr_abdomen: { dims: [117, 91, 20], spacing: [3, 3, 3] },
  ts_ct_dicom_abdomen: { dims: [512, 512, 20], spacing: [0.977, 0.977, 2.0] },
  dcmqi_ct_3slice: { dims: [512, 512, 3], spacing: [0.8105, 0.8105, 1.0] },
  lidc_idri_0002: { dims: [512, 512, 48], spacing: [0.6816, 0.6816, 1.25] },
  lidc_idri_0003: { dims: [512, 512, 44], spacing: [0.8203, 0.8203, 2.5] },
};

describe.skipIf(!HAVE_SHARED_DATA)('every real case opens with the geometry the data README records', () => {
  const cases = HAVE_SHARED_DATA ? expectedCases() : [];
  it.each(cases)('%s', async (name, exp) => {
    const v: Volume = await openSource(exp.source);
    expect(v.dims).toEqual(exp.dims);
    expect(v.dims).toEqual(README_TABLE[name]!.dims);
    v.spacing.forEach((s, i) => {
      expect(s).toBeCloseTo(exp.spacing[i]!, 4);
      expect(Math.abs(s - README_TABLE[name]!.spacing[i]!)).toBeLessThan(6e-4);
    });
    if (exp.origin) v.origin.forEach((o, i) => expect(o).toBeCloseTo(exp.origin![i]!, 3));
    v.direction.forEach((d, i) => expect(d).toBeCloseTo(exp.direction![i]!, 5));
    expect(v.data.length).toBe(exp.dims[0] * exp.dims[1] * exp.dims[2]);
    expect(v.meta.modality).toBe(name.includes('_mr_') ? 'MR' : 'CT');
  });

  it('chaos_ct_liver keeps its int16 HU range (−1000…1434, as case.json records)', async () => {
    const v = await openSource(caseFile('chaos_ct_liver', 'image.nii.gz'));
    expect(v.pixelType).toBe('int16');
    expect(valueRange(v.data)).toEqual(caseJson('chaos_ct_liver').hu_range);
  });

  it('DICOM series carry the header window presets and series description', async () => {
    const v = await openSource(caseFile('ts_ct_dicom_abdomen', 'dicom'));
    expect(v.meta.sourceKind).toBe('dicom');
    expect(v.meta.seriesDescription).toBe('CT Body 3.0');
    expect(v.meta.windowPresets.map((w) => [w.center, w.width])).toEqual([[40, 300], [300, 1500]]);
    expect(v.meta.warnings).toEqual([]);
  });

  it('opening one file of a DICOM series opens the whole series it belongs to', async () => {
    const one = await openSource(caseFile('dcmqi_ct_3slice', 'dicom', '02.dcm'));
    const all = await openSource(caseFile('dcmqi_ct_3slice', 'dicom'));
    expect(one.dims).toEqual([512, 512, 3]);
    expect(one.origin).toEqual(all.origin);
  });
});
