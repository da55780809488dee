import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import type { LesionStats } from '../../../main/core/analysis/types';
import type { LabelMapHeader } from '../../../main/core/api/contract';
import { voxelCount, type LabelInfo, type LabelMap, type Volume } from '../../../main/core/volume/types';
import { getApi } from '../api/client';
import { mergeLabelStyles, type LabelStyle } from '../logic/labelStyles';
import { lesionKey } from '../logic/lesionKey';
import type { LesionReply, LesionRequest } from '../logic/lesionWorker';
import { toVtkImage } from '../vtk/imageData';
import { useEditingStore } from './editing';
import { useNoticesStore } from './notices';
import { useStudyStore } from './study';

/** After an edit, lesion statistics wait this long for the next edit before re-measuring. */
const REMEASURE_DEBOUNCE_MS = 400;

/** Times of the last overlay refresh, readable by tests and benchmarks as `window.lobusEditStats`. */
export const editStats = { lastEditMs: 0, lastOverlayUploadMs: 0, edits: 0 };
(globalThis as { lobusEditStats?: typeof editStats }).lobusEditStats = editStats;

/**
 * The study's label map as shown: the editor's voxels (shared, not copied), the vtk image over them,
 * how each label is drawn, and the lesions measured on it.
 */
export const useLayersStore = defineStore('layers', () => {
  const header = shallowRef<LabelMapHeader | null>(null);
  const data = shallowRef<Uint8Array | null>(null);
  const image = shallowRef<vtkImageData | null>(null);
  const styles = ref<LabelStyle[]>([]);
  const lesions = shallowRef<LesionStats[]>([]);
  const measuring = ref(false);
  /** Names the user gave lesions, by lesionKey (kept while a lesion is deleted, so undo brings the name back). */
  const lesionNames = ref<Record<string, string>>({});
  /** The lesion chosen in the table (its RECIST axes are drawn); gone when the lesion is. */
  const selectedKey = ref<string | null>(null);
  const selectedLesion = computed(() => lesions.value.find((l) => lesionKey(l) === selectedKey.value) ?? null);
  /** Bumped whenever voxels change in place, so views redraw. */
  const revision = ref(0);
  /** The labels whose voxels the last in-place change touched (their 3D surfaces are rebuilt). */
  let lastTouched: number[] = [];
  let worker: Worker | null = null;
  /** The study whose voxels the worker holds (they are sent once, not with every measurement). */
  let workerImageKey: string | null = null;
  let requestId = 0;
  /** Labels the measurement in flight covers; a newer request (which supersedes it) covers them too. */
  let inFlight: number[] | 'all' | null = null;
  let remeasureTimer: ReturnType<typeof setTimeout> | null = null;
  let pendingLabels = new Set<number>();

  function clear(): void {
    header.value = null;
    data.value = null;
    image.value = null;
    styles.value = [];
    lesions.value = [];
    lesionNames.value = {};
    selectedKey.value = null;
    measuring.value = false;
    if (remeasureTimer) clearTimeout(remeasureTimer);
    remeasureTimer = null;
    pendingLabels = new Set();
  }

  /** Fetches the server's label map (a model result) and merges it into the editor. */
  async function load(studyId: string): Promise<void> {
    const volume = useStudyStore().volume;
    if (!volume || volume.header.studyId !== studyId) return;
    const payload = await getApi().getLabelMap({ studyId });
    if (!payload) return;
    const labels = new Uint8Array(payload.data);
    if (labels.length !== voxelCount(volume.header.dims)) {
      throw new Error(`The label map has ${labels.length} voxels but the image has ${voxelCount(volume.header.dims)}.`);
    }
    header.value = payload.header;
    useEditingStore().mergeModelResult(payload.header, labels);
  }

  /** Shows `labelMap` (the editor's, edited in place from now on). */
  function adopt(labelMap: LabelMap): void {
    const volume = useStudyStore().volume;
    if (!volume) return;
    data.value = markRaw(labelMap.data);
    styles.value = mergeLabelStyles(labelMap.labels, styles.value);
    // Same grid as the image, so every label voxel sits exactly on its image voxel.
    image.value = markRaw(toVtkImage(volume.header, labelMap.data));
    measure();
  }

  function labelsChanged(labels: readonly LabelInfo[]): void {
    const previous = styles.value;
    // A recolour in the editor wins over the style's colour; opacity, outline and visibility are kept.
    styles.value = labels.map((label) => {
      const kept = previous.find((p) => p.value === label.value);
      return kept ? { ...kept, name: label.name, color: [...label.color] as [number, number, number] } : mergeLabelStyles([label], [])[0]!;
    });
    if (header.value) header.value = { ...header.value, labels: labels.map((l) => ({ ...l, color: [...l.color] as [number, number, number] })) };
    lesions.value = lesions.value.filter((l) => labels.some((x) => x.value === l.label));
    forgetSelectionIfGone();
  }

  /** A deleted or reshaped lesion is no longer chosen (undo does not bring its axes back by surprise). */
  function forgetSelectionIfGone(): void {
    if (selectedKey.value && !selectedLesion.value) selectedKey.value = null;
  }

  /** Voxels changed in place: re-upload the overlay texture, redraw, re-measure the touched labels soon. */
  function voxelsChanged(touchedLabels: number[]): void {
    const img = image.value;
    if (!img) return;
    const start = performance.now();
    const scalars = (img as unknown as { getPointData(): { getScalars(): { modified(): void } } }).getPointData().getScalars();
    scalars.modified();
    img.modified();
    editStats.lastOverlayUploadMs = performance.now() - start;
    lastTouched = touchedLabels.filter((label) => label !== 0);
    revision.value++;
    for (const label of touchedLabels) if (label !== 0) pendingLabels.add(label);
    if (remeasureTimer) clearTimeout(remeasureTimer);
    remeasureTimer = setTimeout(() => {
      remeasureTimer = null;
      const labels = [...pendingLabels];
      pendingLabels = new Set();
      if (labels.length) measure(labels);
    }, REMEASURE_DEBOUNCE_MS);
  }

  function measure(requested?: number[]): void {
    let scope: number[] | 'all' = requested ?? 'all';
    if (measuring.value && inFlight) scope = inFlight === 'all' || scope === 'all' ? 'all' : [...new Set([...inFlight, ...scope])];
    const onlyLabels = scope === 'all' ? undefined : scope;
    const volume = useStudyStore().volume;
    const editor = useEditingStore().editor;
    if (!volume || !data.value || !editor) return;
    worker ??= new Worker(new URL('../logic/lesionWorker.ts', import.meta.url), { type: 'module' });
    const id = ++requestId;
    measuring.value = true;
    inFlight = scope;
    const { dims, spacing, origin, direction, pixelType, meta, studyId } = volume.header;
    const sendImage = workerImageKey !== studyId;
    workerImageKey = studyId;
    const request: LesionRequest = {
      id,
      // A copy: the worker must not see the editor's voxels change under it.
      labelMap: { dims, spacing, origin, direction, data: data.value.slice(), labels: editor.labels.map((l) => ({ ...l })) },
      imageKey: studyId,
      ...(sendImage ? { image: { dims, spacing, origin, direction, pixelType, meta, data: volume.voxels } as Volume } : {}),
      ...(onlyLabels ? { labels: onlyLabels } : {}),
    };
    worker.onmessage = (event: MessageEvent<LesionReply>) => {
      if (event.data.id !== requestId) return;
      measuring.value = false;
      inFlight = null;
      if ('error' in event.data && event.data.needImage) {
        workerImageKey = null;
        measure(onlyLabels);
        return;
      }
      if ('error' in event.data) {
        useNoticesStore().push('error', `Lesion statistics failed: ${event.data.error}`);
        return;
      }
      const fresh = event.data.lesions;
      const kept = onlyLabels ? lesions.value.filter((l) => !onlyLabels.includes(l.label)) : [];
      const merged = [...kept, ...fresh].sort((a, b) => a.label - b.label || b.volumeMl - a.volumeMl);
      lesions.value = merged.map((l, n) => ({ ...l, id: n + 1 }));
      forgetSelectionIfGone();
    };
    worker.onerror = (event) => {
      measuring.value = false;
      inFlight = null;
      useNoticesStore().push('error', `Lesion statistics failed: ${event.message}`);
    };
    // The label map copy is handed over, not cloned again.
    worker.postMessage(request, [request.labelMap.data.buffer]);
  }

  function selectLesion(lesion: LesionStats | null): void {
    selectedKey.value = lesion ? lesionKey(lesion) : null;
  }

  /** An empty name gives the lesion back its label's name. */
  function renameLesion(lesion: LesionStats, name: string): void {
    const key = lesionKey(lesion);
    const trimmed = name.trim();
    const next = { ...lesionNames.value };
    delete next[key];
    if (trimmed && trimmed !== lesion.labelName) next[key] = trimmed;
    lesionNames.value = next;
  }

  /** The names given to lesions in the table now, for the statistics export. */
  function namedLesions(): Array<{ label: number; anchorIjk: [number, number, number]; name: string }> {
    return lesions.value.flatMap((l) => {
      const name = lesionNames.value[lesionKey(l)];
      return name ? [{ label: l.label, anchorIjk: [...l.anchorIjk] as [number, number, number], name }] : [];
    });
  }

  function lastTouchedLabels(): number[] {
    return lastTouched;
  }

  function updateStyle(value: number, change: Partial<Omit<LabelStyle, 'value' | 'name'>>): void {
    styles.value = styles.value.map((s) => (s.value === value ? { ...s, ...change } : s));
  }

  return {
    header, data, image, styles, lesions, measuring, revision, lesionNames, selectedLesion,
    clear, load, adopt, labelsChanged, voxelsChanged, lastTouchedLabels, measure, updateStyle, selectLesion, renameLesion, namedLesions,
  };
});
