import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLabelMap, type LabelMapAnalysis } from '../../main/core/analysis/index.js';
import { csvField, reportContextFromVolume, statsReport, statsReportForFiles, statsToCsv, statsToJson, type ReportContext } from '../../main/core/report/index.js';
import { openSource } from '../../main/core/volume/index.js';
import { caseFile, HAVE_SHARED_DATA } from './dataPaths.js';
import { readNiftiForTests } from './support/readNiftiForTests.js';

/** Minimal RFC 4180 parser for checking our output. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"', i++);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (row.push(field), (field = ''));
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

const UNIT_SUFFIX = /_(ml|mm|mm2|hu|au|ratio|index|count|lps_mm)$/;
const IDENTIFIER_COLUMNS = new Set(['row_kind', 'study_instance_uid', 'series_instance_uid', 'patient_id', 'study_date', 'model_id', 'model_version', 'provider', 'label_value', 'label_name', 'lesion_id', 'lesion_name']);

describe.skipIf(!HAVE_SHARED_DATA)('CSV and JSON statistics reports for the LIDC-IDRI-0003 nodules', () => {
  let analysis: LabelMapAnalysis;
  let ctx: ReportContext;
  let studyUid: string;
  let seriesUid: string;

  beforeAll(async () => {
    const image = await openSource(caseFile('lidc_idri_0003', 'dicom'));
    const mask = readNiftiForTests(caseFile('lidc_idri_0003', 'nodules_50pct.nii.gz'));
    const labels = [1, 2, 3, 4].map((value) => ({ value, name: value === 1 ? 'nodule "1", cavitated' : `nodule ${value}`, color: [255, 200, 0] as [number, number, number] }));
    analysis = analyzeLabelMap({ ...mask, data: mask.data as Uint8Array, labels }, image);
    ctx = reportContextFromVolume(image, { modelId: 'nodule-unetpp', modelVersion: '0.1.0', provider: 'cpu', maskPath: 'nodules_50pct.nii.gz', generatedAt: '2026-01-02T03:04:05.000Z' });
    const nodules = JSON.parse(readFileSync(caseFile('lidc_idri_0003', 'nodules.json'), 'utf8')) as { study_instance_uid: string; series_instance_uid: string };
    studyUid = nodules.study_instance_uid;
    seriesUid = nodules.series_instance_uid;
  });

  it('CSV: RFC 4180, identifiers, model and provider on every row, a unit in every measured column', () => {
    const csv = statsToCsv(analysis, ctx);
    expect(csv.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(csv);
    expect(rows).toHaveLength(4 + 4); // four label rows and four lesions
    for (const column of header!) {
      if (!IDENTIFIER_COLUMNS.has(column)) expect(column).toMatch(UNIT_SUFFIX);
    }
    expect(header).toEqual(expect.arrayContaining(['volume_ml', 'recist_long_mm', 'recist_short_mm', 'feret_mm', 'intensity_mean_hu', 'surface_area_mm2', 'centroid_x_lps_mm']));
    const col = (name: string) => header!.indexOf(name);
    for (const row of rows) {
      expect(row).toHaveLength(header!.length);
      expect(row[col('study_instance_uid')]).toBe(studyUid);
      expect(row[col('series_instance_uid')]).toBe(seriesUid);
      expect(row[col('model_id')]).toBe('nodule-unetpp');
      expect(row[col('provider')]).toBe('cpu');
    }
    const lesion1 = rows.find((r) => r[col('row_kind')] === 'lesion' && r[col('label_value')] === '1')!;
    expect(lesion1[col('label_name')]).toBe('nodule "1", cavitated');
    expect(Number(lesion1[col('volume_ml')])).toBeCloseTo(6.3859, 4);
    expect(Number(lesion1[col('intensity_mean_hu')])).toBeCloseTo(-248, -1);
    // The solid part, checked against the readers' texture ratings: #1–#3 rated part-solid to solid (3–5) have one,
    // #4 rated non-solid (1) has none (the vessels crossing it are not one).
    const solidLong = (value: string) => rows.find((r) => r[col('row_kind')] === 'lesion' && r[col('label_value')] === value)![col('solid_long_mm')];
    for (const value of ['1', '2', '3']) expect(Number(solidLong(value))).toBeGreaterThan(5);
    expect(solidLong('4')).toBe('');
    // Label rows leave lesion-only cells empty.
    const label1 = rows.find((r) => r[col('row_kind')] === 'label' && r[col('label_value')] === '1')!;
    expect(label1[col('recist_long_mm')]).toBe('');
    expect(label1[col('component_count')]).toBe('1');
  });

  it('JSON carries the same numbers under the same unit-named keys, with study, model and conventions', () => {
    const json = JSON.parse(statsToJson(analysis, ctx)) as ReturnType<typeof statsReport>;
    expect(json.format).toBe('lobus.stats');
    expect(json.generated_at).toBe('2026-01-02T03:04:05.000Z');
    expect(json.source.study_instance_uid).toBe(studyUid);
    expect(json.source.series_instance_uid).toBe(seriesUid);
    expect(json.source.modality).toBe('CT');
    expect(json.model).toEqual({ model_id: 'nodule-unetpp', model_version: '0.1.0', provider: 'cpu' });
    expect(json.lesions).toHaveLength(4);
    expect(json.labels).toHaveLength(4);
    expect(json.labels[0]).not.toHaveProperty('recist_long_mm');
    expect(json.labels[0]!.volume_ml).toBeCloseTo(6.3859, 4);
    const [header, ...rows] = parseCsv(statsToCsv(analysis, ctx));
    const lesionRows = rows.filter((r) => r[0] === 'lesion');
    json.lesions.forEach((lesion, n) => {
      for (const key of ['volume_ml', 'recist_long_mm', 'recist_short_mm', 'feret_mm', 'intensity_median_hu', 'centroid_z_lps_mm']) {
        expect(lesion[key]).toBe(Number(lesionRows[n]![header!.indexOf(key)]));
      }
      for (const key of Object.keys(lesion)) if (!IDENTIFIER_COLUMNS.has(key)) expect(key).toMatch(UNIT_SUFFIX);
    });
  });
});

describe.skipIf(!HAVE_SHARED_DATA)('statsReportForFiles (the `lobus stats <image> <mask>` path)', () => {
  it('reads the LIDC-IDRI-0002 DICOM slab and its NIfTI consensus mask and reports the nodule', async () => {
    const { report } = await statsReportForFiles(caseFile('lidc_idri_0002', 'dicom'), caseFile('lidc_idri_0002', 'nodules_50pct.nii.gz'), {
      context: { provider: 'none', generatedAt: '2026-01-01T00:00:00.000Z' },
    });
    expect(report.source.modality).toBe('CT');
    expect(report.source.study_instance_uid).toMatch(/^1\.3\.6\.1\.4\.1\.14519\./);
    expect(report.source.mask_path).toContain('nodules_50pct.nii.gz');
    expect(report.model.provider).toBe('none');
    expect(report.lesions).toHaveLength(1);
    expect(report.lesions[0]!.volume_ml).toBeCloseTo(9.6615, 4);
    expect(report.lesions[0]!.intensity_mean_hu).toBeCloseTo(-694, -1);
    // Ground glass (the readers' texture 1 and 2): vessels cross it, but it has no solid part.
    expect(report.lesions[0]!.solid_fraction_ratio).toBeLessThan(0.05);
    expect(report.lesions[0]!.solid_long_mm).toBeNull();
    expect(report.labels[0]!.component_count).toBe(1);
  });
});

describe('CSV fields', () => {
  it('quote commas, quotes and line breaks, and defuse spreadsheet formulas', () => {
    expect(csvField('liver')).toBe('liver');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField(-12.5)).toBe('-12.5');
    expect(csvField(null)).toBe('');
    expect(csvField(Infinity)).toBe('');
  });
});
