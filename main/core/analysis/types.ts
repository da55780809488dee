import type { Vec3 } from '../volume/types.js';

export type Connectivity = 6 | 26;

export interface IntensityStats {
  mean: number;
  std: number;
  min: number;
  max: number;
  median: number;
}

/** Inclusive voxel-index bounding box. */
export interface BoundingBoxIjk {
  min: Vec3;
  max: Vec3;
}

/** Index axis (0 = i, 1 = j, 2 = k) whose slices are treated as "axial" for RECIST. */
export type SliceAxis = 0 | 1 | 2;

export interface RecistMeasurement {
  /** Longest in-slice diameter, mm. */
  longMm: number;
  /** Longest chord perpendicular to the long axis in the same slice, mm. */
  shortMm: number;
  /** Grid axis whose slices were measured (2 for axially acquired data). */
  sliceAxis: SliceAxis;
  /** Index of the measured slice along `sliceAxis` (the "k" of an axial series). */
  sliceK: number;
  longEndpointsLps: [Vec3, Vec3];
  shortEndpointsLps: [Vec3, Vec3];
}

export interface LesionStats {
  /** 1-based, unique within one measurement; ordered by label, then by volume (largest first). */
  id: number;
  label: number;
  labelName: string;
  voxelCount: number;
  volumeMl: number;
  /** Σ probability × voxel volume over the lesion and its one-voxel rim; only with a probability map. */
  volumePartialMl?: number;
  centroidLps: Vec3;
  /** The lesion's voxel nearest its centroid: inside it, stable while other lesions are edited (a key for it). */
  anchorIjk: Vec3;
  bboxIjk: BoundingBoxIjk;
  intensity?: IntensityStats;
  surfaceAreaMm2: number;
  /** π^(1/3) (6V)^(2/3) / A: 1 for a sphere, less for anything else. */
  sphericity: number;
  recist: RecistMeasurement | null;
  /** 3-D maximum (Feret) diameter, mm. */
  feretMm: number;
  feretEndpointsLps: [Vec3, Vec3];
  /** Diameter of the sphere with the same volume, mm. */
  equivalentDiameterMm: number;
  /** Lung-RADS mean diameter: (RECIST long + short) / 2, mm. */
  meanDiameterMm: number;
  /** The name a user gave this lesion (in a report); absent when it has only its label's name. */
  name?: string;
  /** CT only: the lesion's solid part, as a part-solid lung nodule is sized (`solidPartOf`). */
  solidPart?: SolidPart;
}

/** The solid part (above −300 HU) of a lesion of a CT. */
export interface SolidPart {
  /** Share of the lesion's voxels above −300 HU (partial volume keeps a solid nodule's rim below it). */
  solidFraction: number;
  /** RECIST long axis of the largest solid piece at least 4 mm thick, mm; null when there is none (pure ground glass, a vessel crossing it). */
  solidLongMm: number | null;
}

/** Whole-label summary (e.g. the entire liver), all components together. */
export interface LabelSummary {
  label: number;
  labelName: string;
  componentCount: number;
  voxelCount: number;
  volumeMl: number;
  volumePartialMl?: number;
  centroidLps: Vec3;
  intensity?: IntensityStats;
}

export interface MeasureOptions {
  connectivity?: Connectivity;
  /** Measure only these label values (default: every non-zero value present). */
  labels?: number[];
  /** Components smaller than this many voxels are left out (default 1: keep all). */
  minVoxels?: number;
  /** Foreground probability per voxel, in the label map's grid (enables `volumePartialMl`). */
  probability?: Float32Array;
}

export interface LabelMapAnalysis {
  lesions: LesionStats[];
  labels: LabelSummary[];
}
