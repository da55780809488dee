import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ModelSummary, Provider } from '../../../main/core/api/contract';
import type { JobProgress } from '../../../main/core/jobs/jobs';
import type { Vec3 } from '../../../main/core/volume/types';
import { getApi } from '../api/client';
import { useExportsStore } from './exports';
import { useJobsStore } from './jobs';
import { useLayersStore } from './layers';
import { useNoticesStore } from './notices';
import { useStudyStore } from './study';
import { useViewStore } from './view';

/** Models offered for the open study, the run in progress, and nodule (click-to-seed) mode. */
export const useSegmentationStore = defineStore('segmentation', () => {
  const models = ref<ModelSummary[]>([]);
  const selectedModelId = ref<string | null>(null);
  const provider = ref<Provider>('auto');
  const seedMode = ref(false);
  const jobId = ref<string | null>(null);
  const starting = ref(false);
  const jobs = useJobsStore();

  const selectedModel = computed(() => models.value.find((m) => m.id === selectedModelId.value) ?? null);
  const job = computed<JobProgress | null>(() => (jobId.value ? jobs.jobs[jobId.value] ?? null : null));
  const running = computed(() => starting.value || job.value?.state === 'running');

  jobs.onUpdate((update) => {
    if (update.jobId !== jobId.value) return;
    if (update.state === 'done' && update.answer !== undefined) {
      // Nothing was added (a click that found no nodule): a valid answer with how to go on, kept up long enough to read.
      useNoticesStore().push('info', update.answer, 12000);
    } else if (update.state === 'done') {
      void useLayersStore()
        .load(update.studyId)
        .catch((err: unknown) => useNoticesStore().error(err, 'Could not load the segmentation'));
    } else if (update.state === 'failed') {
      useNoticesStore().push('error', `Segmentation failed: ${update.error ?? update.message}`);
    } else if (update.state === 'cancelled') {
      useNoticesStore().push('info', 'Segmentation cancelled.');
    }
  });

  async function loadModels(studyId: string): Promise<void> {
    jobs.connect();
    try {
      models.value = await getApi().listModels({ studyId });
      if (!models.value.some((m) => m.id === selectedModelId.value)) selectedModelId.value = models.value[0]?.id ?? null;
    } catch (err) {
      models.value = [];
      useNoticesStore().error(err, 'Could not list the segmentation models');
    }
  }

  async function run(seedLps?: Vec3): Promise<void> {
    const study = useStudyStore().study;
    const model = selectedModel.value;
    if (!study || !model || running.value) return;
    if (model.needsSeed && !seedLps) {
      seedMode.value = true;
      const lung = useViewStore().showLungWindow() ? ' The window is now Lung.' : '';
      useNoticesStore().push('info', `${model.name}: click on the nodule in a slice view.${lung}`);
      return;
    }
    starting.value = true;
    try {
      // The model's labels are merged onto what the service holds: give it the user's edits first, so new
      // labels get free values and the result does not resurrect erased voxels.
      await useExportsStore().upload(study.studyId);
      const request = seedLps
        ? { studyId: study.studyId, modelId: model.id, provider: provider.value, seedLps }
        : { studyId: study.studyId, modelId: model.id, provider: provider.value };
      const started = await getApi().startSegmentation(request);
      jobId.value = started.jobId;
      jobs.follow(started.jobId, study.studyId, `segment:${model.id}`, () => jobId.value === started.jobId);
    } catch (err) {
      useNoticesStore().error(err, 'Could not start the segmentation');
    } finally {
      starting.value = false;
    }
  }

  /** A click in a slice view while nodule mode is on: segment around that point. */
  function seedAt(lps: Vec3): void {
    if (!seedMode.value) return;
    seedMode.value = false;
    void run(lps);
  }

  async function cancel(): Promise<void> {
    if (!jobId.value) return;
    try {
      await getApi().cancelJob({ jobId: jobId.value });
    } catch (err) {
      useNoticesStore().error(err, 'Could not cancel');
    }
  }

  function reset(): void {
    models.value = [];
    jobId.value = null;
    seedMode.value = false;
  }

  return { models, selectedModelId, selectedModel, provider, seedMode, jobId, job, running, loadModels, run, seedAt, cancel, reset };
});
