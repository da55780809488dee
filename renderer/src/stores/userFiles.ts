import { defineStore } from 'pinia';
import { ref } from 'vue';
import { getApi } from '../api/client';
import { uploadFiles } from '../api/uploadFiles';
import { fromDrop } from '../logic/droppedFiles';
import { maskFiles, type PickedFiles } from '../logic/pickedFiles';
import { useEditingStore } from './editing';
import { useNoticesStore } from './notices';
import { useStudyStore } from './study';

/**
 * Files the user brings: a study picked or dropped (sent to the app in the browser build, opened by the
 * dropped path in the desktop app) and masks loaded onto the open study.
 */
export const useUserFilesStore = defineStore('userFiles', () => {
  /** A NIfTI dropped onto the viewer: a mask for this study or a new study? The user says. */
  const pendingDrop = ref<PickedFiles | null>(null);
  const loadingMask = ref(false);

  function openStudyFiles(picked: PickedFiles): Promise<void> {
    const study = useStudyStore();
    const api = getApi();
    let uploadId = '';
    return study.run(
      `Uploading ${picked.displayName}…`,
      async () => {
        uploadId = await uploadFiles(api, picked, (done, total) => {
          if (total > 1) study.busy = `Uploading ${picked.displayName}: ${done} of ${total} files…`;
        });
        study.busy = `Reading ${picked.displayName}…`;
        return api.openUpload({ uploadId });
      },
      (seriesUid) => api.openUpload({ uploadId, seriesUid }),
    );
  }

  /** The desktop app opens a drop by its path, which the main process recorded; the page never names it. */
  function openDropped(): Promise<void> {
    const api = getApi();
    return useStudyStore().run('Opening…', () => api.openDropped({}), (seriesUid) => api.openDropped({ seriesUid }));
  }

  const isDesktop = () => useStudyStore().appInfo?.door === 'electron';

  /** A drop onto the start screen opens a study. */
  async function dropOnStart(event: DragEvent): Promise<void> {
    if (!event.dataTransfer) return;
    if (isDesktop()) return openDropped();
    const picked = await fromDrop(event.dataTransfer);
    if (picked) await openStudyFiles(picked);
  }

  /** A drop onto the viewer: a lone NIfTI (with its sidecar) may be a mask, so the user chooses; anything else opens. */
  async function dropOnViewer(event: DragEvent): Promise<void> {
    if (!event.dataTransfer) return;
    const desktop = isDesktop();
    const picked = await fromDrop(event.dataTransfer);
    if (picked && maskFiles(picked)) pendingDrop.value = picked;
    else if (desktop) await openDropped();
    else if (picked) await openStudyFiles(picked);
  }

  async function resolveDrop(as: 'mask' | 'study' | 'cancel'): Promise<void> {
    const picked = pendingDrop.value;
    pendingDrop.value = null;
    if (!picked || as === 'cancel') return;
    if (as === 'mask') await loadMask(picked);
    else if (isDesktop()) await openDropped();
    else await openStudyFiles(picked);
  }

  /** Reads a .nii/.nii.gz label map onto the open study's grid; its labels join the editor as one undoable step. */
  async function loadMask(picked: PickedFiles): Promise<void> {
    const studyId = useStudyStore().study?.studyId;
    const files = maskFiles(picked);
    if (!studyId) return;
    if (!files) {
      useNoticesStore().push('error', 'Choose one .nii or .nii.gz mask file (and optionally its .labels.json).');
      return;
    }
    loadingMask.value = true;
    try {
      const { header, data } = await getApi().loadMaskFile({
        studyId,
        fileName: files.mask.name,
        ...(files.sidecar ? { labelsJson: await files.sidecar.text() } : {}),
        data: await files.mask.arrayBuffer(),
      });
      useEditingStore().importMask(files.mask.name, header.labels, new Uint8Array(data));
      useNoticesStore().push('info', `Loaded ${files.mask.name}: ${header.labels.map((l) => l.name).join(', ') || 'no labels'}.`);
    } catch (err) {
      useNoticesStore().error(err, `Could not load ${files.mask.name} as a mask`);
    } finally {
      loadingMask.value = false;
    }
  }

  return { pendingDrop, loadingMask, openStudyFiles, dropOnStart, dropOnViewer, resolveDrop, loadMask };
});
