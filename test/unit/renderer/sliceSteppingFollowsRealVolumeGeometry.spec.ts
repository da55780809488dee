import { beforeAll, describe, expect, it } from 'vitest';
import { indexToWorld } from '../../../main/core/volume/geometry.js';
import { openSource } from '../../../main/core/volume/openSource.js';
import type { Volume } from '../../../main/core/volume/types.js';
import { goToSlice, sliceIndex, sliceVoxelAxis, snapToVoxel, stepSlice, SLICE_CAMERAS, fitParallelScale } from '../../../renderer/src/logic/orientation.js';
import { toVtkImage, vtkDirection } from '../../../renderer/src/vtk/imageData.js';
import { caseFile, HAVE_SHARED_DATA } from '../dataPaths.js';

const axialNormal = SLICE_CAMERAS.axial.directionOfProjection;

describe.skipIf(!HAVE_SHARED_DATA)('slice navigation on real volumes', () => {
  let ras: Volume;
  let dicom: Volume;

  beforeAll(async () => {
    ras = await openSource(caseFile('ts_ct_abdomen', 'image.nii.gz'));
    dicom = await openSource(caseFile('lidc_idri_0003', 'dicom'));
  }, 60_000);

  it('reads the cases in their documented grids', () => {
    expect(ras.dims).toEqual([122, 101, 112]);
    expect(dicom.dims).toEqual([512, 512, 44]);
  });

  it('steps the axial view one slice (slice spacing in z) per wheel notch, even where i and j run R→L / A→P', () => {
    for (const v of [ras, dicom]) {
      expect(sliceVoxelAxis(v, axialNormal)).toBe(2);
      const start = snapToVoxel(v, indexToWorld(v, [10, 20, 5]));
      const next = stepSlice(v, start, axialNormal, 1);
      expect(Math.abs(next[2] - start[2])).toBeCloseTo(v.spacing[2], 4);
      expect(next[0]).toBeCloseTo(start[0], 6);
      expect(next[1]).toBeCloseTo(start[1], 6);
      expect(sliceIndex(v, next, axialNormal)).toEqual({ index: 6, count: v.dims[2] });
      // Stepping past the end stays on the last slice.
      expect(sliceIndex(v, goToSlice(v, start, axialNormal, 1e6), axialNormal).index).toBe(v.dims[2] - 1);
    }
  });

  it('steps the sagittal view along i, the axis that runs left–right', () => {
    expect(sliceVoxelAxis(dicom, SLICE_CAMERAS.sagittal.directionOfProjection)).toBe(0);
    expect(sliceVoxelAxis(dicom, SLICE_CAMERAS.coronal.directionOfProjection)).toBe(1);
  });

  it('gives vtk.js the transposed direction so its voxels land where ours do (voxel-exact overlays)', () => {
    for (const v of [ras, dicom]) {
      const image = toVtkImage(v, v.data);
      for (const ijk of [[0, 0, 0], [v.dims[0] - 1, 3, 7], [5, v.dims[1] - 1, v.dims[2] - 1]] as [number, number, number][]) {
        const ours = indexToWorld(v, ijk);
        const theirs = image.indexToWorld(ijk, [0, 0, 0]);
        for (let c = 0; c < 3; c++) expect(theirs[c]).toBeCloseTo(ours[c]!, 3);
      }
    }
    expect(vtkDirection([1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual([1, 4, 7, 2, 5, 8, 3, 6, 9]);
  });

  it('fits the whole section into the view', () => {
    const scale = fitParallelScale(dicom, SLICE_CAMERAS.axial, 400, 400);
    const halfFov = (dicom.dims[0] * dicom.spacing[0]) / 2;
    expect(scale).toBeGreaterThanOrEqual(halfFov);
    expect(scale).toBeLessThan(halfFov * 1.1);
  });
});
