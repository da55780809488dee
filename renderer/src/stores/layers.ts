import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef } from 'vue';
import type vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import type { LesionStats } from '../../../main/core/analysis/types';
import type { LabelMapHeader } from '../../../main/core/api/contract';
import { voxelCount, type Volume } from '../../../main/core/volume/types';
import { getApi } from '../api/client';
import { mergeLabelStyles, type LabelStyle } from '../logic/labelStyles';
import type { LesionReply, LesionRequest } from '../logic/lesionWorker';
import { toVtkImage } from '../vtk/imageData';
import { useNoticesStore } from './notices';
import { useStudyStore } from './study';

/** The study's label map (segmentation results), how each label is drawn, and its lesions. */
export const useLayersStore = defineStore('layers', () => {
  const header = shallowRef<LabelMapHeader | null>(null);
  const data = shallowRef<Uint8Array | null>(null);
  const image = shallowRef<vtkImageData | null>(null);
  const styles = ref<LabelStyle[]>([]);
  const lesions = shallowRef<LesionStats[]>([]);
  const measuring = ref(false);
  let worker: Worker | null = null;
  let requestId = 0;

  function clear(): void {
    header.value = null;
    data.value = null;
    image.value = null;
    lesions.value = [];
    measuring.value = false;
  }

  async function load(studyId: string): Promise<void> {
    const volume = useStudyStore().volume;
    if (!volume || volume.header.studyId !== studyId) return;
    const payload = await getApi().getLabelMap({ studyId });
    if (!payload) return clear();
    const labels = new Uint8Array(payload.data);
    if (labels.length !== voxelCount(volume.header.dims)) {
      throw new Error(`The label map has ${labels.length} voxels but the image has ${voxelCount(volume.header.dims)}.`);
    }
    header.value = payload.header;
    data.value = markRaw(labels);
    styles.value = mergeLabelStyles(payload.header.labels, styles.value);
    // Same grid as the image, so every label voxel sits exactly on its image voxel.
    image.value = markRaw(toVtkImage(volume.header, labels));
    measure();
  }

  function measure(): void {
    const volume = useStudyStore().volume;
    if (!volume || !data.value || !header.value) return;
    worker ??= new Worker(new URL('../logic/lesionWorker.ts', import.meta.url), { type: 'module' });
    const id = ++requestId;
    measuring.value = true;
    const { dims, spacing, origin, direction, pixelType, meta } = volume.header;
    const request: LesionRequest = {
      id,
      labelMap: { dims, spacing, origin, direction, data: data.value, labels: header.value.labels },
      image: { dims, spacing, origin, direction, pixelType, meta, data: volume.voxels } as Volume,
    };
    worker.onmessage = (event: MessageEvent<LesionReply>) => {
      if (event.data.id !== requestId) return;
      measuring.value = false;
      if ('error' in event.data) useNoticesStore().push('error', `Lesion statistics failed: ${event.data.error}`);
      else lesions.value = event.data.lesions;
    };
    worker.onerror = (event) => {
      measuring.value = false;
      useNoticesStore().push('error', `Lesion statistics failed: ${event.message}`);
    };
    worker.postMessage(request);
  }

  function updateStyle(value: number, change: Partial<Omit<LabelStyle, 'value' | 'name'>>): void {
    styles.value = styles.value.map((s) => (s.value === value ? { ...s, ...change } : s));
  }

  return { header, data, image, styles, lesions, measuring, clear, load, updateStyle };
});
