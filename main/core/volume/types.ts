/** Voxel buffers as they come from the source file (x index fastest, then y, then z). */
export type PixelArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

export type PixelType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

export type Vec3 = [number, number, number];

/**
 * Row-major 3×3 matrix as ITK stores it: column c is the LPS unit vector of index axis c.
 * world = origin + direction · (spacing ⊙ ijk).
 */
export type Mat3 = [number, number, number, number, number, number, number, number, number];

/** Where every voxel of a grid lies, in LPS millimetres. */
export interface Geometry {
  dims: Vec3;
  spacing: Vec3;
  origin: Vec3;
  direction: Mat3;
}

export type Modality = 'CT' | 'MR' | 'PT' | 'OT';

export interface WindowPreset {
  name: string;
  center: number;
  width: number;
}

export interface VolumeMeta {
  modality: Modality;
  sourceKind: 'nifti' | 'dicom' | 'nrrd' | 'metaimage' | 'demo';
  sourcePath?: string;
  patientName?: string;
  patientId?: string;
  studyDescription?: string;
  seriesDescription?: string;
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  studyDate?: string;
  /** Window presets stored in the file's header, if any. */
  windowPresets: WindowPreset[];
  /** Problems found while reading that the user should know about (uneven slices, gantry tilt…). */
  warnings: string[];
}

export interface Volume extends Geometry {
  data: PixelArray;
  pixelType: PixelType;
  meta: VolumeMeta;
}

export interface LabelInfo {
  value: number;
  name: string;
  color: [number, number, number];
}

/** A label map in the grid of its source image. 0 is background. */
export interface LabelMap extends Geometry {
  data: Uint8Array;
  labels: LabelInfo[];
}

export const IDENTITY_DIRECTION: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];

export function voxelCount(dims: Vec3): number {
  return dims[0] * dims[1] * dims[2];
}
