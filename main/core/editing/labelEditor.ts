import { sameGeometry, voxelVolumeMm3 } from '../volume/geometry.js';
import type { LabelInfo, LabelMap, Vec3, Volume } from '../volume/types.js';
import { forEachBrushRun, forEachCapsuleRun } from './brush.js';
import { componentVoxels } from './component.js';
import { ChangeRecorder } from './changeSet.js';
import { EditJournal, emptyResult } from './editJournal.js';
import { interpolateLabelSlices, slicesContainingLabel } from './interpolate.js';
import {
  copyLabel,
  findLabel,
  freeLabelColor,
  freeLabelName,
  LABEL_PALETTE,
  withLabelAdded,
  withLabelRecolored,
  withLabelRemoved,
  withLabelRenamed,
} from './labelTable.js';
import { inPlaneAxes, PLANE_AXIS, sliceLayout } from './planes.js';
import { FIRST_MODEL_SOURCE, MAX_MODELS, SOURCE_HAND, SOURCE_NONE, summarizeProvenance } from './provenance.js';
import { growRegion } from './regionGrow.js';
import { backgroundRegionOnSlice } from './sliceFill.js';
import type {
  BrushOptions,
  EditResult,
  GrowOptions,
  InterpolateOptions,
  LabelEditorOptions,
  ProvenanceSummary,
  SlicePlane,
} from './types.js';
import { eraseTable, paintTable, type WriteTable } from './writeRules.js';

const DEFAULT_HISTORY_BYTES = 256 * 1024 * 1024;

/**
 * Edits a label map in place the way radiologists correct AI output: brush/eraser, threshold-limited
 * paint, slice fill, slice interpolation and region growing, with locks, undo/redo and provenance.
 * Every edit returns the box of changed voxels and per-label count deltas so statistics can be
 * updated for the affected region only. Pure TypeScript over typed arrays (runs in the renderer).
 */
export class LabelEditor {
  /** Parallel to the label map: who last set each voxel (see provenance.ts for the codes). */
  readonly source: Uint8Array;
  private readonly journal: EditJournal;
  private readonly locked = new Uint8Array(256);
  private readonly models: string[] = [];
  private active: number;
  private growScratch: Uint8Array | null = null;

  constructor(
    readonly labelMap: LabelMap,
    readonly image: Volume | null = null,
    opts: LabelEditorOptions = {},
  ) {
    if (image && !sameGeometry(image, labelMap)) throw new Error('label map and image must share one grid');
    this.source = new Uint8Array(labelMap.data.length);
    this.journal = new EditJournal(labelMap, this.source, opts.maxHistoryBytes ?? DEFAULT_HISTORY_BYTES);
    if (opts.initialModel !== undefined) {
      const code = this.modelSource(opts.initialModel);
      const data = labelMap.data;
      for (let v = 0; v < data.length; v++) if (data[v] !== 0) this.source[v] = code;
    }
    this.active = labelMap.labels[0]?.value ?? 1;
  }

  // ---- label table -------------------------------------------------------------------------

  get labels(): readonly LabelInfo[] {
    return this.labelMap.labels;
  }

  get activeLabel(): number {
    return this.active;
  }

  setActiveLabel(value: number): void {
    if (!findLabel(this.labels, value)) throw new Error(`no label ${value}`);
    this.active = value;
  }

  /** Adds a label (lowest free value unless given) and makes it active. Undoable. */
  addLabel(name: string, color?: [number, number, number], value?: number): LabelInfo {
    const { labels, added } = withLabelAdded(this.labels, name, color, value);
    this.commitTable(labels);
    this.active = added.value;
    return copyLabel(added);
  }

  renameLabel(value: number, name: string): EditResult {
    return this.commitTable(withLabelRenamed(this.labels, value, name));
  }

  recolorLabel(value: number, color: [number, number, number]): EditResult {
    return this.commitTable(withLabelRecolored(this.labels, value, color));
  }

  /** Removes a label from the table and clears its voxels, as one undoable step. Refused if locked. */
  deleteLabel(value: number): EditResult {
    if (this.locked[value]) return emptyResult({ lockedLabel: true });
    const labels = withLabelRemoved(this.labels, value);
    this.endStroke();
    const rec = this.recorder();
    const data = this.labelMap.data;
    for (let v = 0; v < data.length; v++) if (data[v] === value) rec.set(v, 0, SOURCE_HAND);
    const before = this.labels.map(copyLabel);
    this.labelMap.labels = labels;
    if (this.active === value) this.active = labels[0]?.value ?? 0;
    this.journal.recordTableStep(rec.size > 0 ? rec.finish() : null, before, labels);
    return { ...rec.tally.result(), labelsChanged: true };
  }

  /** Erases the 26-connected component at `seedIjk` (one lesion) as one undo step; refused if its label is locked. */
  eraseComponent(seedIjk: Vec3): EditResult {
    const data = this.labelMap.data;
    const voxels = componentVoxels(data, this.labelMap.dims, seedIjk, (this.growScratch ??= new Uint8Array(data.length)));
    if (voxels.length > 0 && this.locked[data[voxels[0]!]!]) return emptyResult({ lockedLabel: true });
    this.endStroke();
    const rec = this.recorder();
    for (const v of voxels) rec.set(v, 0, SOURCE_HAND);
    return this.commit(rec);
  }

  /** A locked label's voxels never change, and no edit paints or erases with it. */
  lockLabel(value: number, locked: boolean): void {
    if (!Number.isInteger(value) || value < 1 || value > 255) throw new Error(`cannot lock label ${value}`);
    this.locked[value] = locked ? 1 : 0;
  }

  isLocked(value: number): boolean {
    return this.locked[value] === 1;
  }

  // ---- edits -------------------------------------------------------------------------------

  /**
   * Brush or eraser of radius `radiusMm` around `center` (LPS mm): a disc on the slice of `plane`
   * nearest the centre, or a sphere for '3d'. Optionally limited to image values in `hu`.
   */
  paintBrush(center: Vec3, radiusMm: number, opts: BrushOptions): EditResult {
    return this.paintRuns(opts, (visit) => forEachBrushRun(this.labelMap, center, radiusMm, opts.plane, visit));
  }

  /**
   * One drag step of the brush: everything within `radiusMm` of the segment from→to (LPS mm), so a
   * fast drag leaves no gaps. Same options as paintBrush; wrap a drag in beginStroke/endStroke.
   */
  paintStroke(from: Vec3, to: Vec3, radiusMm: number, opts: BrushOptions): EditResult {
    return this.paintRuns(opts, (visit) => forEachCapsuleRun(this.labelMap, from, to, radiusMm, opts.plane, visit));
  }

  private paintRuns(opts: BrushOptions, runs: (visit: (i0: number, i1: number, j: number, k: number) => void) => void): EditResult {
    const table = this.tableFor(opts.mode, opts.label, opts.overwrite ?? false);
    if (!table) return emptyResult({ lockedLabel: true });
    const image = opts.hu ? this.requireImage('threshold-limited paint').data : null;
    const [lo, hi] = opts.hu ?? [-Infinity, Infinity];
    const data = this.labelMap.data;
    const rec = this.recorder();
    const [nx, ny] = this.labelMap.dims;
    runs((i0, i1, j, k) => {
      const row = nx * (j + ny * k);
      for (let v = row + i0; v <= row + i1; v++) {
        const current = data[v]!;
        const to = table[current]!;
        if (to < 0 || to === current) continue;
        if (image) {
          const x = image[v]!;
          if (x < lo || x > hi) continue;
        }
        rec.set(v, to, SOURCE_HAND);
      }
    });
    return this.commit(rec);
  }

  /**
   * Fills the background region around `seedIjk` on its slice of `plane` with `label`, if a contour
   * encloses it (4-connected background that does not reach the slice border). Otherwise nothing
   * changes and `notEnclosed` is set.
   */
  fillSlice(seedIjk: Vec3, plane: SlicePlane, label: number): EditResult {
    const table = this.tableFor('paint', label, false);
    if (!table) return emptyResult({ lockedLabel: true });
    const seed = seedIjk.map(Math.round) as Vec3;
    const slice = seed[PLANE_AXIS[plane]];
    if (slice < 0 || slice >= this.labelMap.dims[PLANE_AXIS[plane]]) return emptyResult();
    const [u, v] = inPlaneAxes(plane);
    const layout = sliceLayout(this.labelMap.dims, this.labelMap.spacing, plane, slice);
    const region = backgroundRegionOnSlice(this.labelMap.data, layout, seed[u]!, seed[v]!);
    if (!region.enclosed) return emptyResult({ notEnclosed: true });
    const rec = this.recorder();
    for (const voxel of region.voxels) rec.set(voxel, label, SOURCE_HAND);
    return this.commit(rec);
  }

  /**
   * Shape-based interpolation of `label` on the slices of `plane` strictly between s0 and s1
   * (both key slices must contain the label). Adds to what is there; never removes.
   */
  interpolateSlices(label: number, plane: SlicePlane, s0: number, s1: number, opts: InterpolateOptions = {}): EditResult {
    const table = this.tableFor('paint', label, opts.overwrite ?? false);
    if (!table) return emptyResult({ lockedLabel: true });
    const n = this.labelMap.dims[PLANE_AXIS[plane]];
    if ([s0, s1].some((s) => !Number.isInteger(s) || s < 0 || s >= n)) throw new Error(`slices ${s0}, ${s1} outside 0..${n - 1}`);
    const { data, dims, spacing } = this.labelMap;
    const slices = interpolateLabelSlices(data, dims, spacing, plane, label, s0, s1);
    const rec = this.recorder();
    for (const { layout, mask } of slices) {
      for (let q = 0; q < mask.length; q++) {
        if (!mask[q]) continue;
        const u = q % layout.width;
        const voxel = layout.offset + u * layout.strideU + ((q - u) / layout.width) * layout.strideV;
        const current = data[voxel]!;
        const to = table[current]!;
        if (to >= 0 && to !== current) rec.set(voxel, to, SOURCE_HAND);
      }
    }
    return this.commit(rec);
  }

  /**
   * Region growing from `seedIjk` over image values in `hu` (6-connected, 3-D), painting `label`.
   * Other labels block the growth. Stops after `maxVoxels` voxels (or `opts.maxRadiusMm` from the
   * seed) and then sets `limitReached`.
   */
  growFromSeed(seedIjk: Vec3, hu: [number, number], label: number, maxVoxels: number, opts: GrowOptions = {}): EditResult {
    const table = this.tableFor('paint', label, false);
    if (!table) return emptyResult({ lockedLabel: true });
    const image = this.requireImage('region growing');
    const data = this.labelMap.data;
    this.growScratch ??= new Uint8Array(data.length);
    const region = growRegion({
      image: image.data,
      dims: this.labelMap.dims,
      spacing: this.labelMap.spacing,
      seed: seedIjk,
      lo: hu[0],
      hi: hu[1],
      maxVoxels,
      passable: (v) => table[data[v]!]! >= 0,
      maxRadiusMm: opts.maxRadiusMm,
      scratch: this.growScratch,
    });
    const rec = this.recorder();
    for (const v of region.voxels) if (data[v] !== label) rec.set(v, label, SOURCE_HAND);
    return { ...this.commit(rec), limitReached: region.limitReached };
  }

  /**
   * Merges a model's label map (same grid) as one undoable step, marking its voxels as that model's.
   * Other labels and locked labels are kept unless `overwrite` (locked ones are always kept).
   */
  applyModelLabels(modelName: string, modelData: Uint8Array, opts: { overwrite?: boolean } = {}): EditResult {
    if (modelData.length !== this.labelMap.data.length) throw new Error('model output is not in the label map grid');
    const code = this.modelSource(modelName);
    const tables: (WriteTable | null | undefined)[] = new Array(256);
    const data = this.labelMap.data;
    const rec = this.recorder();
    for (let v = 0; v < data.length; v++) {
      const m = modelData[v]!;
      if (m === 0) continue;
      let table = tables[m];
      if (table === undefined) table = tables[m] = this.tableFor('paint', m, opts.overwrite ?? false);
      if (!table) continue;
      const current = data[v]!;
      const to = table[current]!;
      if (to < 0) continue;
      if (to !== current || this.source[v] === SOURCE_NONE) rec.set(v, to, code);
    }
    return this.commit(rec);
  }

  /** Adds `labels` (values kept) and writes `data` with them, as one undoable step: a mask loaded from a file. */
  importLabels(sourceName: string, labels: readonly LabelInfo[], data: Uint8Array): EditResult {
    const before = this.labels.map(copyLabel);
    this.beginStroke();
    for (const l of labels) if (!findLabel(this.labels, l.value)) this.labelMap.labels = withLabelAdded(this.labels, l.name, l.color, l.value).labels;
    const result = this.applyModelLabels(sourceName, data);
    this.journal.recordTableStep(this.journal.takeStroke(), before, this.labels);
    return { ...result, labelsChanged: true };
  }

  /** A new label holding a model's voxels (source-grid indices), e.g. an accepted nodule candidate: one undoable step. Its name and colour are made unlike the others'. */
  addModelLabel(modelName: string, name: string, color: [number, number, number] | undefined, voxels: ArrayLike<number>): { label: LabelInfo; result: EditResult } {
    const { added } = withLabelAdded(this.labels, freeLabelName(name, this.labels), freeLabelColor(color ?? LABEL_PALETTE[0]!, this.labels));
    const data = new Uint8Array(this.labelMap.data.length);
    for (let n = 0; n < voxels.length; n++) data[voxels[n]!] = added.value;
    const result = this.importLabels(modelName, [added], data);
    this.active = added.value;
    return { label: copyLabel(added), result };
  }

  /** Slices of `plane` holding `label`, ascending: the key slices a UI offers to interpolate between. */
  slicesWithLabel(label: number, plane: SlicePlane): number[] {
    return slicesContainingLabel(this.labelMap.data, this.labelMap.dims, plane, label);
  }

  // ---- strokes and history -----------------------------------------------------------------

  /** Groups the edits until endStroke() into one undo step (a brush drag is one step, not fifty). */
  beginStroke(): void {
    this.journal.beginStroke();
  }

  /** Closes the open stroke; returns the net result of the whole stroke. */
  endStroke(): EditResult {
    return this.journal.endStroke();
  }

  get canUndo(): boolean {
    return this.journal.canUndo;
  }

  get canRedo(): boolean {
    return this.journal.canRedo;
  }

  /** Changed since the last markSaved() (or since opening). */
  get isDirty(): boolean {
    return this.journal.isDirty;
  }

  markSaved(): void {
    this.journal.markSaved();
  }

  /** Reverts the last step; returns what changed (null when there is nothing to undo). */
  undo(): EditResult | null {
    return this.keepActiveLabel(this.journal.undo());
  }

  redo(): EditResult | null {
    return this.keepActiveLabel(this.journal.redo());
  }

  get historyBytes(): number {
    return this.journal.bytes;
  }

  /** Sets the memory cap of the undo history, dropping the oldest steps beyond it. */
  setHistoryLimit(maxBytes: number): void {
    this.journal.setMaxBytes(maxBytes);
  }

  // ---- provenance --------------------------------------------------------------------------

  /** Per label: voxels from each model and voxels set by hand (for the export's sidecar JSON). */
  provenanceSummary(): ProvenanceSummary {
    return summarizeProvenance(this.labelMap.data, this.source, this.labels, this.models, voxelVolumeMm3(this.labelMap));
  }

  // ---- internals ---------------------------------------------------------------------------

  private tableFor(mode: 'paint' | 'erase', label: number, overwrite: boolean): WriteTable | null {
    if (!Number.isInteger(label) || label < 0 || label > 255) throw new Error(`bad label value ${label}`);
    if (mode === 'paint' && label === 0) throw new Error('paint with label 0 is erase');
    if (this.locked[label]) return null;
    return mode === 'paint' ? paintTable(label, overwrite, this.locked) : eraseTable(label, overwrite, this.locked);
  }

  private requireImage(what: string): Volume {
    if (!this.image) throw new Error(`${what} needs the image`);
    return this.image;
  }

  private modelSource(name: string): number {
    let m = this.models.indexOf(name);
    if (m < 0) {
      if (this.models.length >= MAX_MODELS) throw new Error('too many models for the provenance map');
      m = this.models.push(name) - 1;
    }
    return FIRST_MODEL_SOURCE + m;
  }

  private recorder(): ChangeRecorder {
    return new ChangeRecorder(this.labelMap.data, this.source, this.labelMap.dims);
  }

  private commit(rec: ChangeRecorder): EditResult {
    if (rec.size > 0) this.journal.record(rec.finish());
    return rec.tally.result();
  }

  private commitTable(labels: LabelInfo[]): EditResult {
    this.endStroke();
    const before = this.labels.map(copyLabel);
    this.labelMap.labels = labels;
    this.journal.recordTableStep(null, before, labels);
    return emptyResult({ labelsChanged: true });
  }

  /** After undo/redo restored a label table, the active label is one that exists. */
  private keepActiveLabel(result: EditResult | null): EditResult | null {
    if (result?.labelsChanged && !findLabel(this.labels, this.active)) this.active = this.labels[0]?.value ?? 0;
    return result;
  }
}
