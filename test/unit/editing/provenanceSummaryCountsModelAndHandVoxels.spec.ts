import { describe, expect, it } from 'vitest';
import { LabelEditor } from '../../../main/core/editing/index.js';
import { indexToWorld } from '../../../main/core/volume/geometry.js';
import type { LabelMap, Vec3 } from '../../../main/core/volume/types.js';
import { caseFile, HAVE_SHARED_DATA } from '../dataPaths.js';
import { readNiftiForTest } from '../support/niftiTestReader.js';
import { bruteForce, distance, emptyLabelMap, firstDifference, indicesWhere, obliqueGrid } from './editingFixtures.js';

describe('provenance: which voxels came from which model and which were edited by hand', () => {
  it('counts, per label, voxels from each model, by hand and of unknown origin', () => {
    const grid = obliqueGrid([30, 30, 10]);
    const map = emptyLabelMap(grid, [1, 2]);
    for (let i = 0; i < 10; i++) map.data[i] = 1; // present on opening, origin unknown
    const editor = new LabelEditor(map);
    const liverOut = new Uint8Array(map.data.length);
    for (let v = 100; v < 400; v++) liverOut[v] = 1;
    editor.applyModelLabels('liver-u2net', liverOut);
    const noduleOut = new Uint8Array(map.data.length);
    for (let v = 1000; v < 1050; v++) noduleOut[v] = 2;
    editor.applyModelLabels('nodule-unetpp', noduleOut);
    // Hand edits: a small liver dab away from the model's voxels, then an eraser over model voxels.
    const c: Vec3 = indexToWorld(grid, [15, 20, 5]);
    editor.paintBrush(c, 1, { plane: 'axial', mode: 'paint', label: 1 });
    const handLiver = indicesWhere(map.data, 1).filter((v) => v >= 400 || (v >= 10 && v < 100)).length;
    const erase = editor.paintBrush(indexToWorld(grid, [5, 8, 0]), 1.5, { plane: 'axial', mode: 'erase', label: 1 });
    const s = editor.provenanceSummary();
    expect(s.models).toEqual(['liver-u2net', 'nodule-unetpp']);
    const liver = s.labels.find((l) => l.value === 1)!;
    const nodule = s.labels.find((l) => l.value === 2)!;
    const erased = -erase.deltaByLabel[1]!;
    expect(erased).toBeGreaterThan(0);
    expect(liver.unattributedVoxels).toBe(10);
    expect(liver.handVoxels).toBe(handLiver);
    expect(liver.byModel).toEqual({ 'liver-u2net': 300 - erased });
    expect(liver.voxels).toBe(10 + handLiver + 300 - erased);
    expect(nodule.byModel).toEqual({ 'nodule-unetpp': 50 });
    expect(nodule.handVoxels).toBe(0);
    expect(s.erasedByHandVoxels).toBe(erased);
    expect(liver.volumeMl).toBeCloseTo((liver.voxels * 0.7 * 0.7 * 2.5) / 1000, 9);
    // A summary is a plain object for the exporter's sidecar JSON.
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it.skipIf(!HAVE_SHARED_DATA)(
    'correcting TotalSegmentator liver output on real CT: a hand eraser and threshold paint are attributed and undo is exact',
    () => {
      const image = readNiftiForTest(caseFile('ts_ct_abdomen', 'image.nii.gz'));
      const reference = readNiftiForTest(caseFile('ts_ct_abdomen', 'liver.nii.gz'));
      const original = Uint8Array.from(reference.data);
      const map: LabelMap = { ...image, dims: [...image.dims] as Vec3, data: original.slice(), labels: [{ value: 1, name: 'liver', color: [220, 120, 60] }] };
      const editor = new LabelEditor(map, image, { initialModel: 'TotalSegmentator v1 total' });
      const modelVoxels = indicesWhere(original, 1).length;
      expect((modelVoxels * 27) / 1000).toBeCloseTo(1123.3, 0); // the README's 1123.3 mL
      // The liver's lowest voxel (most inferior k): a border where a radiologist would trim.
      const liverVoxels = indicesWhere(original, 1);
      const [nx, ny] = image.dims;
      const edge = liverVoxels[0]!;
      const edgeIjk: Vec3 = [edge % nx, Math.floor(edge / nx) % ny, Math.floor(edge / (nx * ny))];
      const centre = indexToWorld(image, edgeIjk);
      const erase = editor.paintBrush(centre, 15, { plane: '3d', mode: 'erase', label: 1 });
      const inSphere = new Set(bruteForce(image, (_i, _j, _k, p) => distance(p, centre) <= 15));
      const expectedErased = liverVoxels.filter((v) => inSphere.has(v)).length;
      expect(erase.changedVoxels).toBe(expectedErased);
      expect(expectedErased).toBeGreaterThan(20);
      // Paint back only soft tissue (liver without contrast is about 44 ± 17 HU here).
      const paint = editor.paintBrush(centre, 9, { plane: '3d', mode: 'paint', label: 1, hu: [0, 100] });
      for (let v = 0; v < map.data.length; v++) {
        if (map.data[v] === 1 && original[v] === 0) {
          expect(image.data[v]).toBeGreaterThanOrEqual(0);
          expect(image.data[v]).toBeLessThanOrEqual(100);
        }
      }
      const s = editor.provenanceSummary();
      const liver = s.labels[0]!;
      expect(liver.byModel['TotalSegmentator v1 total']).toBe(modelVoxels - expectedErased);
      expect(liver.handVoxels).toBe(paint.changedVoxels);
      expect(liver.voxels).toBe(modelVoxels - expectedErased + paint.changedVoxels);
      let erasedNow = 0;
      for (let v = 0; v < map.data.length; v++) if (original[v] === 1 && map.data[v] === 0) erasedNow++;
      expect(s.erasedByHandVoxels).toBe(erasedNow);
      expect(erasedNow).toBeGreaterThan(0);
      expect(erasedNow).toBeLessThan(expectedErased);
      editor.undo();
      editor.undo();
      expect(firstDifference(map.data, original)).toBe(-1);
      expect(editor.provenanceSummary().labels[0]!.byModel['TotalSegmentator v1 total']).toBe(modelVoxels);
      expect(editor.isDirty).toBe(false);
    },
  );
});
