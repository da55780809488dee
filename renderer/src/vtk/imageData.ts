import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray.js';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData.js';
import type { Geometry, Mat3 } from '../../../main/core/volume/types.js';

/**
 * Ours is row-major with column c = LPS direction of axis c; vtk.js reads the 9 numbers as three axis
 * vectors in a row, so it needs the transpose.
 */
export function vtkDirection(direction: Mat3): number[] {
  const d = direction;
  return [d[0], d[3], d[6], d[1], d[4], d[7], d[2], d[5], d[8]];
}

/** A vtkImageData in LPS mm over the given voxels (no copy of `values`). */
export function toVtkImage(geometry: Geometry, values: ArrayLike<number> & ArrayBufferView): vtkImageData {
  const image = vtkImageData.newInstance();
  image.setDimensions(geometry.dims[0], geometry.dims[1], geometry.dims[2]);
  image.setSpacing([...geometry.spacing]);
  image.setOrigin([...geometry.origin]);
  image.setDirection(Float32Array.from(vtkDirection(geometry.direction)));
  const scalars = vtkDataArray.newInstance({ name: 'scalars', numberOfComponents: 1, values: values as unknown as number[] });
  // Typed loosely: under the Node-style resolution the root type-check uses, vtk.js's extensionless .d.ts
  // imports do not resolve and vtkImageData loses its inherited vtkDataSet methods.
  (image as unknown as { getPointData(): { setScalars(s: vtkDataArray): void } }).getPointData().setScalars(scalars);
  return image;
}
