import { describe, expect, it } from 'vitest';
import type { LesionStats } from '../../../main/core/analysis/types.js';
import { nextSort, sortLesions, DEFAULT_LESION_SORT, type LesionSort } from '../../../renderer/src/logic/lesionSort.js';

function lesion(id: number, labelName: string, volumeMl: number, longMm: number | null, feretMm: number, mean: number | null): LesionStats {
  return {
    id, label: 1, labelName, voxelCount: Math.round(volumeMl * 400), volumeMl, centroidLps: [0, 0, 0], anchorIjk: [id, 0, 0],
    bboxIjk: { min: [0, 0, 0], max: [0, 0, 0] }, surfaceAreaMm2: 0, sphericity: 1,
    recist: longMm === null ? null : { longMm, shortMm: longMm / 2, sliceAxis: 2, sliceK: 0, longEndpointsLps: [[0, 0, 0], [0, 0, 0]], shortEndpointsLps: [[0, 0, 0], [0, 0, 0]] },
    feretMm, feretEndpointsLps: [[0, 0, 0], [0, 0, 0]], equivalentDiameterMm: 0, meanDiameterMm: 0,
    ...(mean === null ? {} : { intensity: { mean, std: 0, min: mean, max: mean, median: mean } }),
  };
}

// Liver (big), a 14 mm and a 10 mm nodule; one lesion too thin for RECIST and without an image value.
const lesions = [
  lesion(1, 'Liver', 1500, 180, 210, 60),
  lesion(2, 'Nodule 14', 1.4, 14.2, 15.1, 35),
  lesion(3, 'Nodule 10', 0.52, 10.1, 10.9, 38),
  lesion(4, 'nodule 9', 0.52, null, 3.2, null),
];
const ids = (sort: LesionSort, nameOf?: (l: LesionStats) => string) => sortLesions(lesions, sort, nameOf).map((l) => l.id);

describe('the lesion table sorts by the clicked column', () => {
  it('sorts numbers ascending and descending, ties in table order', () => {
    expect(ids({ column: 'volume', direction: 'asc' })).toEqual([3, 4, 2, 1]);
    expect(ids({ column: 'volume', direction: 'desc' })).toEqual([1, 2, 3, 4]);
    expect(ids({ column: 'feret', direction: 'asc' })).toEqual([4, 3, 2, 1]);
    expect(ids({ column: 'id', direction: 'desc' })).toEqual([4, 3, 2, 1]);
    expect(ids(DEFAULT_LESION_SORT)).toEqual([1, 2, 3, 4]);
  });

  it('puts lesions without a value last in both directions', () => {
    expect(ids({ column: 'recist', direction: 'asc' })).toEqual([3, 2, 1, 4]);
    expect(ids({ column: 'recist', direction: 'desc' })).toEqual([1, 2, 3, 4]);
    expect(ids({ column: 'mean', direction: 'asc' })).toEqual([2, 3, 1, 4]);
    expect(ids({ column: 'mean', direction: 'desc' })).toEqual([1, 3, 2, 4]);
  });

  it('sorts names as a reader reads them (case-blind, numbers by value) and uses the names the rows show', () => {
    expect(ids({ column: 'name', direction: 'asc' })).toEqual([1, 4, 3, 2]);
    const renamed = (l: LesionStats) => (l.id === 1 ? 'Segment VII' : l.labelName);
    expect(ids({ column: 'name', direction: 'desc' }, renamed)).toEqual([1, 2, 3, 4]);
  });

  it('does not reorder the table it was given', () => {
    sortLesions(lesions, { column: 'volume', direction: 'asc' });
    expect(lesions.map((l) => l.id)).toEqual([1, 2, 3, 4]);
  });

  it('a second click on a header flips the direction; a new size column starts with the largest', () => {
    const byVolume = nextSort(DEFAULT_LESION_SORT, 'volume');
    expect(byVolume).toEqual({ column: 'volume', direction: 'desc' });
    expect(nextSort(byVolume, 'volume')).toEqual({ column: 'volume', direction: 'asc' });
    expect(nextSort(byVolume, 'name')).toEqual({ column: 'name', direction: 'asc' });
    expect(nextSort(DEFAULT_LESION_SORT, 'id')).toEqual({ column: 'id', direction: 'desc' });
  });
});
