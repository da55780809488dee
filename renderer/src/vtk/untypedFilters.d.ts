/**
 * vtk.js ships these filters without type declarations; the few members Lobus calls are declared here,
 * with poly data typed only as far as we read it. Referenced with `/// <reference path>` so both the
 * renderer and the Node (test) type-checks see them.
 */
declare module '@kitware/vtk.js/Filters/General/ImageMarchingCubes.js' {
  export interface VtkPolyDataOut {
    getPoints(): { getData(): Float32Array | Float64Array; setData(values: Float32Array, components: number): void };
    getPolys(): { getData(): Uint32Array };
    getPointData(): { getNormals(): { getData(): Float32Array } | null };
  }
  export interface VtkFilter {
    setInputData(input: unknown): void;
    getOutputData(): VtkPolyDataOut;
    delete(): void;
  }
  const vtkImageMarchingCubes: { newInstance(initial?: Record<string, unknown>): VtkFilter };
  export default vtkImageMarchingCubes;
}

declare module '@kitware/vtk.js/Filters/General/WindowedSincPolyDataFilter.js' {
  import type { VtkFilter } from '@kitware/vtk.js/Filters/General/ImageMarchingCubes.js';
  const vtkWindowedSincPolyDataFilter: { newInstance(initial?: Record<string, unknown>): VtkFilter };
  export default vtkWindowedSincPolyDataFilter;
}

declare module '@kitware/vtk.js/Filters/Core/PolyDataNormals.js' {
  import type { VtkFilter } from '@kitware/vtk.js/Filters/General/ImageMarchingCubes.js';
  const vtkPolyDataNormals: { newInstance(initial?: Record<string, unknown>): VtkFilter };
  export default vtkPolyDataNormals;
}
