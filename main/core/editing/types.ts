import type { Vec3 } from '../volume/types.js';

/**
 * A slice orientation of the grid. The three views show planes of constant grid index:
 * axial = constant k, coronal = constant j, sagittal = constant i. '3d' means a sphere.
 */
export type SlicePlane = 'axial' | 'coronal' | 'sagittal';
export type BrushShape = SlicePlane | '3d';

/** Inclusive box of voxel indices. */
export interface VoxelBox {
  min: Vec3;
  max: Vec3;
}

/** What one edit (or an undo/redo of it) did, so callers re-measure only what changed. */
export interface EditResult {
  /** Voxels whose label value changed. */
  changedVoxels: number;
  /** Box of the voxels whose label changed; null when none did. */
  bbox: VoxelBox | null;
  /** Net change of voxel count per label value (background is 0); only non-zero entries. */
  deltaByLabel: Record<number, number>;
  /** Region growing stopped at its voxel or radius bound. */
  limitReached?: boolean;
  /** Slice fill refused because the clicked background region is not enclosed (it reaches the slice border). */
  notEnclosed?: boolean;
  /** The edit was refused because its label is locked. */
  lockedLabel?: boolean;
  /** The label table changed (add/rename/recolour/delete, or an undo/redo of one). */
  labelsChanged?: boolean;
}

export interface BrushOptions {
  plane: BrushShape;
  mode: 'paint' | 'erase';
  label: number;
  /** Only voxels whose image value lies in [lo, hi] (inclusive) are touched. Needs the image. */
  hu?: [number, number];
  /**
   * Paint: also replace voxels of other (unlocked) labels. Erase: also erase other (unlocked) labels.
   * Without it, paint writes only onto background or `label`, and erase removes only `label`.
   */
  overwrite?: boolean;
}

export interface GrowOptions {
  /** Also stop at this distance (mm) from the seed's centre. */
  maxRadiusMm?: number;
}

export interface InterpolateOptions {
  /** Replace other (unlocked) labels on the in-between slices instead of only filling background. */
  overwrite?: boolean;
}

export interface LabelEditorOptions {
  /** Memory cap for undo history in bytes (default 256 MiB); the oldest steps are dropped beyond it. */
  maxHistoryBytes?: number;
  /** The label map's current non-zero voxels were produced by this model (for provenance). */
  initialModel?: string;
}

/** Per-label origin of the voxels, for the export's sidecar JSON. */
export interface LabelProvenance {
  value: number;
  name: string;
  voxels: number;
  volumeMl: number;
  /** Voxels whose label was last set by a hand edit. */
  handVoxels: number;
  /** Voxels last set by each model, by model name. */
  byModel: Record<string, number>;
  /** Voxels present from the start with no known origin. */
  unattributedVoxels: number;
}

export interface ProvenanceSummary {
  voxelVolumeMl: number;
  models: string[];
  labels: LabelProvenance[];
  /** Background voxels that a hand edit erased (or painted and erased again). */
  erasedByHandVoxels: number;
}
