import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { LabelMapHeader } from '../../../main/core/api/contract';
import { LabelEditor, planLabelImport, type EditResult, type SlicePlane } from '../../../main/core/editing/index';
import { worldToIndex } from '../../../main/core/volume/geometry';
import { voxelCount, type LabelInfo, type Vec3, type Volume } from '../../../main/core/volume/types';
import { sliceVoxelAxis, SLICE_CAMERAS, type SliceAxis } from '../logic/orientation';
import { editStats, useLayersStore } from './layers';
import { useNoticesStore } from './notices';
import { useStudyStore } from './study';

export type EditTool = 'none' | 'brush' | 'eraser' | 'threshold' | 'fill' | 'grow';
/** Tools that follow the mouse while the button is down. */
export const BRUSH_TOOLS: readonly EditTool[] = ['brush', 'eraser', 'threshold'];
const GROW_MAX_VOXELS = 2_000_000;
const GROW_MAX_RADIUS_MM = 150;
const PLANE_OF_VOXEL_AXIS: Record<0 | 1 | 2, SlicePlane> = { 0: 'sagittal', 1: 'coronal', 2: 'axial' };

/**
 * Label editing. The LabelEditor (main/core/editing) is the state: voxels, label table, locks, undo
 * history, provenance. This store holds the tool settings and turns UI gestures into editor calls,
 * then tells the layers store what changed.
 */
export const useEditingStore = defineStore('editing', () => {
  const editor = shallowRef<LabelEditor | null>(null);
  /** Bumped after every editor call, so getters (canUndo, isDirty, labels) are re-read. */
  const revision = ref(0);
  const tool = ref<EditTool>('none');
  const brushMm = ref(5);
  const brush3d = ref(false);
  const thresholdHu = ref<[number, number]>([-100, 200]);
  const growHu = ref<[number, number]>([40, 200]);
  let stroke: { last: Vec3; plane: SlicePlane | '3d' } | null = null;

  const state = computed(() => {
    void revision.value;
    const e = editor.value;
    return {
      canUndo: e?.canUndo ?? false,
      canRedo: e?.canRedo ?? false,
      dirty: e?.isDirty ?? false,
      labels: e ? e.labels.map((l) => ({ ...l, locked: e.isLocked(l.value) })) : [],
      active: e?.activeLabel ?? 0,
    };
  });

  function reset(): void {
    editor.value = null;
    stroke = null;
    revision.value++;
  }

  /** The study's editor; an empty label map with one label when nothing was segmented yet. */
  function ensureEditor(): LabelEditor | null {
    if (editor.value) return editor.value;
    const volume = useStudyStore().volume;
    if (!volume) return null;
    const { dims, spacing, origin, direction, pixelType, meta } = volume.header;
    const image = { dims, spacing, origin, direction, pixelType, meta, data: volume.voxels } as Volume;
    const created = markRaw(new LabelEditor({ dims, spacing, origin, direction, data: new Uint8Array(voxelCount(dims)), labels: [] }, image));
    editor.value = created;
    useLayersStore().adopt(created.labelMap);
    revision.value++;
    return created;
  }

  /** An editor with at least one label to paint with. */
  function paintingEditor(): LabelEditor | null {
    const e = ensureEditor();
    if (e && e.labels.length === 0) {
      const wasDirty = e.isDirty;
      e.addLabel('Label 1');
      if (!wasDirty) e.markSaved();
      afterEdit({ changedVoxels: 0, bbox: null, deltaByLabel: {}, labelsChanged: true });
    }
    return e;
  }

  /** A model's result from the server: merged as one undoable step, recorded in provenance. */
  function mergeModelResult(header: LabelMapHeader, data: Uint8Array): void {
    const e = ensureEditor();
    if (!e) return;
    const wasDirty = e.isDirty;
    const modelId = header.provenance[header.provenance.length - 1]?.modelId ?? 'model';
    for (const label of header.labels) {
      if (!e.labels.some((l) => l.value === label.value)) e.addLabel(label.name, label.color, label.value);
    }
    const result = e.applyModelLabels(modelId, data);
    // The server already holds the model's result: nothing is lost if the user leaves now.
    if (!wasDirty) e.markSaved();
    afterEdit({ ...result, labelsChanged: true });
    useLayersStore().measure();
  }

  /** A mask loaded from a file: its labels join the table (on free values where taken), as one undoable step. */
  function importMask(fileName: string, labels: LabelInfo[], data: Uint8Array): void {
    const e = ensureEditor();
    if (!e) return;
    const plan = planLabelImport(e.labels, labels, data);
    timed(() => e.importLabels(`file:${fileName}`, plan.labels, plan.data));
    const first = plan.labels[0];
    if (first && !e.labels.some((l) => l.value === e.activeLabel)) setActiveLabel(first.value);
  }

  /** A nodule candidate the user accepted: a new label with the model's voxels, one undoable step. */
  function addModelLabel(modelId: string, name: string, voxels: Uint32Array): LabelInfo | null {
    const e = ensureEditor();
    if (!e) return null;
    const { label, result } = e.addModelLabel(modelId, name, undefined, voxels);
    afterEdit(result);
    return label;
  }

  function afterEdit(result: EditResult | null): void {
    revision.value++;
    if (!result) return;
    const layers = useLayersStore();
    if (result.labelsChanged && editor.value) layers.labelsChanged(editor.value.labels);
    if (result.changedVoxels > 0) layers.voxelsChanged(Object.keys(result.deltaByLabel).map(Number));
    if (result.lockedLabel) useNoticesStore().push('info', 'That label is locked.');
    if (result.notEnclosed) useNoticesStore().push('info', 'Fill needs a closed outline around the click on this slice.');
    if (result.limitReached) useNoticesStore().push('info', 'Region growing stopped at its size limit.');
  }

  function timed(edit: () => EditResult | null): void {
    const start = performance.now();
    let result: EditResult | null;
    try {
      result = edit();
    } catch (err) {
      useNoticesStore().error(err, 'Edit failed');
      return;
    }
    editStats.lastEditMs = performance.now() - start;
    editStats.edits++;
    afterEdit(result);
  }

  /** The editor's plane for a view: the voxel axis the view slices along (views follow LPS, the grid may not). */
  function planeOf(axis: SliceAxis): SlicePlane {
    const header = useStudyStore().volume?.header;
    return header ? PLANE_OF_VOXEL_AXIS[sliceVoxelAxis(header, SLICE_CAMERAS[axis].directionOfProjection)] : axis;
  }

  function brushOptions(plane: SlicePlane | '3d', label: number) {
    const mode = tool.value === 'eraser' ? ('erase' as const) : ('paint' as const);
    return tool.value === 'threshold' ? { plane, mode, label, hu: [...thresholdHu.value] as [number, number] } : { plane, mode, label };
  }

  /** Mouse down on a slice view with an edit tool: brush tools start a stroke, click tools act now. */
  function pointerDown(axis: SliceAxis, lps: Vec3): void {
    const e = paintingEditor();
    if (!e || tool.value === 'none') return;
    const label = e.activeLabel;
    if (BRUSH_TOOLS.includes(tool.value)) {
      const plane = brush3d.value ? '3d' : planeOf(axis);
      e.beginStroke();
      stroke = { last: lps, plane };
      timed(() => e.paintBrush(lps, brushMm.value, brushOptions(plane, label)));
      return;
    }
    const header = useStudyStore().volume!.header;
    const ijk = worldToIndex(header, lps).map(Math.round) as Vec3;
    if (tool.value === 'fill') timed(() => e.fillSlice(ijk, planeOf(axis), label));
    else if (tool.value === 'grow') {
      const hu = [...growHu.value] as [number, number];
      timed(() => e.growFromSeed(ijk, hu, label, GROW_MAX_VOXELS, { maxRadiusMm: GROW_MAX_RADIUS_MM }));
    }
  }

  function pointerMove(lps: Vec3): void {
    const e = editor.value;
    if (!e || !stroke) return;
    const from = stroke.last;
    stroke.last = lps;
    const plane = stroke.plane;
    timed(() => e.paintStroke(from, lps, brushMm.value, brushOptions(plane, e.activeLabel)));
  }

  function pointerUp(): void {
    if (!stroke) return;
    stroke = null;
    editor.value?.endStroke();
    revision.value++;
  }

  /** Fills the slices between each pair of neighbouring key slices of the active label in `axis`'s plane. */
  function interpolate(axis: SliceAxis): void {
    const e = editor.value;
    if (!e) return;
    const plane = planeOf(axis);
    const label = e.activeLabel;
    const keys = e.slicesWithLabel(label, plane);
    const gaps = keys.slice(1).map((s1, n) => [keys[n]!, s1] as const).filter(([a, b]) => b - a > 1);
    if (gaps.length === 0) {
      useNoticesStore().push('info', 'Interpolation needs two key slices of the active label with empty slices between them.');
      return;
    }
    e.beginStroke();
    timed(() => {
      for (const [s0, s1] of gaps) e.interpolateSlices(label, plane, s0, s1);
      return e.endStroke();
    });
  }

  const undo = () => timed(() => editor.value?.undo() ?? null);
  const redo = () => timed(() => editor.value?.redo() ?? null);

  function addLabel(name?: string): void {
    const e = ensureEditor();
    if (!e) return;
    timed(() => {
      e.addLabel(name ?? `Label ${e.labels.length + 1}`);
      return { changedVoxels: 0, bbox: null, deltaByLabel: {}, labelsChanged: true };
    });
  }

  const renameLabel = (value: number, name: string) => editor.value && name.trim() && timed(() => editor.value!.renameLabel(value, name.trim()));
  const recolorLabel = (value: number, color: [number, number, number]) => editor.value && timed(() => editor.value!.recolorLabel(value, color));
  const deleteLabel = (value: number) => editor.value && timed(() => editor.value!.deleteLabel(value));

  /** Erases one lesion (a connected component) of the lesion table as one undoable step. */
  function deleteLesion(lesion: { label: number; anchorIjk: Vec3 }, name: string): void {
    const e = editor.value;
    if (!e) return;
    if (e.isLocked(lesion.label)) {
      const labelName = e.labels.find((l) => l.value === lesion.label)?.name ?? `label ${lesion.label}`;
      useNoticesStore().push('info', `“${name}” was not deleted: its label “${labelName}” is locked. Unlock it in Edit labels first.`);
      return;
    }
    timed(() => e.eraseComponent(lesion.anchorIjk));
  }

  function lockLabel(value: number, locked: boolean): void {
    editor.value?.lockLabel(value, locked);
    revision.value++;
  }

  function setActiveLabel(value: number): void {
    editor.value?.setActiveLabel(value);
    revision.value++;
  }

  function markSaved(): void {
    editor.value?.markSaved();
    revision.value++;
  }

  /** The label table as the editor holds it (for upload and export). */
  const labelTable = (): LabelInfo[] => (editor.value ? editor.value.labels.map((l) => ({ ...l, color: [...l.color] as [number, number, number] })) : []);

  return {
    editor, revision, tool, brushMm, brush3d, thresholdHu, growHu, state,
    reset, ensureEditor, mergeModelResult, importMask, addModelLabel, planeOf, pointerDown, pointerMove, pointerUp, interpolate, undo, redo,
    addLabel, renameLabel, recolorLabel, deleteLabel, deleteLesion, lockLabel, setActiveLabel, markSaved, labelTable,
  };
});
