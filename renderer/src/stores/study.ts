import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef } from 'vue';
import type vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData';
import type { AppInfo, LibraryItem, OpenResult, SeriesChoice, StudySummary, VolumeHeader } from '../../../main/core/api/contract';
import { voxelCount, type PixelArray } from '../../../main/core/volume/types';
import { getApi } from '../api/client';
import { viewVoxels } from '../logic/pixels';
import { toVtkImage } from '../vtk/imageData';
import { renderStats } from '../vtk/renderHub';
import { useNoticesStore } from './notices';
import { useViewStore } from './view';

export interface LoadedVolume {
  header: VolumeHeader;
  voxels: PixelArray;
  /** Uploaded to the GPU once and shown by every view. */
  image: vtkImageData;
}

/** The open study: what the start screen offers, what is open, its voxels. */
export const useStudyStore = defineStore('study', () => {
  const appInfo = ref<AppInfo | null>(null);
  const library = ref<LibraryItem[]>([]);
  const seriesChoice = ref<{ itemId: string; series: SeriesChoice[] } | null>(null);
  const study = ref<StudySummary | null>(null);
  const busy = ref<string | null>(null);
  const volume = shallowRef<LoadedVolume | null>(null);

  async function init(): Promise<void> {
    const api = getApi();
    try {
      appInfo.value = await api.getAppInfo({});
      library.value = await api.listLibrary({});
    } catch (err) {
      useNoticesStore().error(err, 'Could not reach the Lobus service');
    }
  }

  let openedAt = 0;
  /** How the source now offering a series choice opens one of its series. */
  let reopenSeries: ((seriesUid: string) => Promise<OpenResult | null>) | null = null;

  async function run(label: string, open: () => Promise<OpenResult | null>, reopen?: (seriesUid: string) => Promise<OpenResult | null>): Promise<void> {
    busy.value = label;
    openedAt = performance.now();
    try {
      const result = await open();
      if (!result) return; // a cancelled dialog leaves any series choice on screen as it was
      reopenSeries = reopen ?? null;
      await accept(result);
    } catch (err) {
      useNoticesStore().error(err, 'Could not open the study');
    } finally {
      busy.value = null;
    }
  }

  async function accept(result: OpenResult): Promise<void> {
    if (result.kind === 'choose-series') {
      seriesChoice.value = { itemId: result.itemId, series: result.series };
      return;
    }
    seriesChoice.value = null;
    busy.value = 'Loading voxels…';
    const { header, data } = await getApi().getVolume({ studyId: result.study.studyId });
    const voxels = viewVoxels(header.pixelType, data, voxelCount(header.dims));
    renderStats.volumeReceivedMs = performance.now() - openedAt;
    await close();
    document.body.dataset.lobusReady = 'false';
    useViewStore().startStudy(header, voxels);
    study.value = result.study;
    volume.value = markRaw({ header, voxels, image: markRaw(toVtkImage(header, voxels)) });
    for (const warning of header.meta.warnings) useNoticesStore().push('info', warning, 10000);
  }

  const openDemo = () => run('Opening the demo study…', () => getApi().openDemo({}));
  const openLibraryItem = (itemId: string, seriesUid?: string) =>
    run('Opening…', () => getApi().openLibraryItem(seriesUid ? { itemId, seriesUid } : { itemId }));
  const openWithDialog = () =>
    run('Opening…', () => getApi().openWithDialog({}), (seriesUid) => getApi().openWithDialog({ seriesUid }));
  function openSeries(seriesUid: string): Promise<void> {
    const itemId = seriesChoice.value?.itemId ?? '';
    const reopen = reopenSeries ?? ((uid: string) => getApi().openLibraryItem({ itemId, seriesUid: uid }));
    return run('Opening…', () => reopen(seriesUid), reopenSeries ?? undefined);
  }

  async function close(): Promise<void> {
    const open = study.value;
    study.value = null;
    volume.value = null;
    delete document.body.dataset.lobusReady;
    if (open) await getApi().closeStudy({ studyId: open.studyId }).catch(() => undefined);
  }

  /** Called by the axial view once it has drawn the new study: tests and users may now look. */
  function markRendered(): void {
    if (!volume.value) return;
    if (document.body.dataset.lobusReady !== 'true') renderStats.firstSliceMs = performance.now() - openedAt;
    document.body.dataset.lobusReady = 'true';
  }

  return { appInfo, library, seriesChoice, study, busy, volume, init, run, openDemo, openLibraryItem, openWithDialog, openSeries, close, markRendered };
});
