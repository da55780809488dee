import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLabelMap, type LabelSummary, type LesionStats } from '../../main/core/analysis/index.js';
import { openSource } from '../../main/core/volume/index.js';
import type { LabelMap, Vec3 } from '../../main/core/volume/types.js';
import { caseFile, HAVE_SHARED_DATA } from './dataPaths.js';
import { readNiftiForTests } from './support/readNiftiForTests.js';

interface NoduleEntry {
  id: number;
  category: string;
  centroid_lps_mm: Vec3;
  volume_ml_consensus50?: number;
  equivalent_sphere_diameter_mm_consensus50?: number;
  diameter_mm_estimate?: number;
  label_value_in_nodules_50pct?: number;
}

/** Mean HU inside each consensus mask, as checked in the data README. */
const README_MEAN_HU: Record<string, Record<number, number>> = {
  lidc_idri_0002: { 1: -694 },
  lidc_idri_0003: { 1: -248, 2: -475, 3: -339 },
};

function contouredNodules(caseName: string): NoduleEntry[] {
  const json = JSON.parse(readFileSync(caseFile(caseName, 'nodules.json'), 'utf8')) as { nodules: NoduleEntry[] };
  return json.nodules.filter((n) => n.label_value_in_nodules_50pct !== undefined);
}

function consensusLabelMap(caseName: string): LabelMap {
  const nifti = readNiftiForTests(caseFile(caseName, 'nodules_50pct.nii.gz'));
  if (!(nifti.data instanceof Uint8Array)) throw new Error('expected a uint8 label map');
  const { data, dims, spacing, origin, direction } = nifti;
  return { data, dims, spacing, origin, direction, labels: [] };
}

describe.skipIf(!HAVE_SHARED_DATA).each(['lidc_idri_0002', 'lidc_idri_0003'])('LIDC consensus nodules of %s', (caseName) => {
  let nodules: NoduleEntry[] = [];
  let labelMap: LabelMap;
  let lesions: LesionStats[] = [];
  let labels: LabelSummary[] = [];
  beforeAll(() => {
    nodules = contouredNodules(caseName);
    labelMap = consensusLabelMap(caseName);
    ({ lesions, labels } = analyzeLabelMap(labelMap));
  });

  it('gives one lesion per contoured nodule, each its own label', () => {
    expect(nodules.length).toBeGreaterThan(0);
    expect(lesions.map((l) => l.label).sort()).toEqual(nodules.map((n) => n.label_value_in_nodules_50pct).sort());
    expect(labels.every((l) => l.componentCount === 1)).toBe(true);
  });

  it('computes the consensus volumes, equivalent diameters and centroids listed in nodules.json', () => {
    for (const nodule of nodules) {
      const lesion = lesions.find((l) => l.label === nodule.label_value_in_nodules_50pct)!;
      expect(lesion.volumeMl).toBeCloseTo(nodule.volume_ml_consensus50!, 3);
      expect(lesion.equivalentDiameterMm).toBeCloseTo(nodule.equivalent_sphere_diameter_mm_consensus50!, 1);
      lesion.centroidLps.forEach((v, c) => expect(Math.abs(v - nodule.centroid_lps_mm[c]!)).toBeLessThan(0.01));
    }
  });

  it('gives RECIST long axes close to the readers’ mean maximal axial diameter', () => {
    // The readers drew their own contours (not this consensus mask) and measured contour points,
    // so agreement is only expected to within a few millimetres.
    for (const nodule of nodules) {
      const lesion = lesions.find((l) => l.label === nodule.label_value_in_nodules_50pct)!;
      const recist = lesion.recist!;
      expect(Math.abs(recist.longMm - nodule.diameter_mm_estimate!)).toBeLessThan(3);
      expect(recist.shortMm).toBeLessThanOrEqual(recist.longMm);
      expect(lesion.feretMm).toBeGreaterThanOrEqual(recist.longMm - 1e-9);
    }
  });

  it('measures the README’s mean HU inside each nodule on the DICOM slab', async () => {
    const image = await openSource(caseFile(caseName, 'dicom'));
    const withHu = analyzeLabelMap(labelMap, image);
    for (const [label, hu] of Object.entries(README_MEAN_HU[caseName]!)) {
      const lesion = withHu.lesions.find((l) => l.label === Number(label))!;
      expect(Math.abs(lesion.intensity!.mean - hu)).toBeLessThan(1);
      expect(lesion.intensity!.min).toBeLessThanOrEqual(lesion.intensity!.median);
      expect(lesion.intensity!.median).toBeLessThanOrEqual(lesion.intensity!.max);
    }
  });
});
