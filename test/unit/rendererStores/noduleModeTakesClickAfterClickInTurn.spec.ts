import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import type { LobusEvent, ModelSummary, VolumeHeader } from '../../../main/core/api/contract.js';
import { JobManager, type JobAnswer, type JobProgress } from '../../../main/core/jobs/jobs.js';
import type { Vec3 } from '../../../main/core/volume/types.js';
import { useEditingStore } from '../../../renderer/src/stores/editing.js';
import { useJobsStore } from '../../../renderer/src/stores/jobs.js';
import { useNoticesStore } from '../../../renderer/src/stores/notices.js';
import { useSegmentationStore } from '../../../renderer/src/stores/segmentation.js';
import { useStudyStore } from '../../../renderer/src/stores/study.js';

const NODULE_MODEL: ModelSummary = { id: 'nodule-unetpp', name: 'Lung nodule', task: 'nodule', modalities: ['CT'], labels: [], needsSeed: true };

interface StartedClick {
  seed: Vec3;
  /** Ends the click's job: with a label map (null) or with an answer. */
  finish: (answer?: string) => void;
}

/**
 * The renderer's door to a real JobManager. Each click starts a job that runs until the test ends it, and reading the
 * label map after a result waits until the test lets it through, so the order of starts can be checked.
 */
function fakeDoor() {
  const manager = new JobManager();
  const started: StartedClick[] = [];
  const labelMapReads: (() => void)[] = [];
  const uploads: { labels: number; voxels: number }[] = [];
  let listener: ((event: LobusEvent) => void) | null = null;
  manager.on('progress', (job: JobProgress) => listener?.({ type: 'job', job }));
  const api = {
    listModels: async () => [NODULE_MODEL],
    listJobs: async () => manager.list(),
    onEvent: (l: (event: LobusEvent) => void) => ((listener = l), () => (listener = null)),
    startSegmentation: async ({ studyId, seedLps }: { studyId: string; seedLps: Vec3 }) => {
      let finish!: (answer?: string) => void;
      const work = () => new Promise<string | null>((resolve) => (finish = (answer) => resolve(answer ?? null)));
      const answerOf = (answer: string | null): JobAnswer | undefined => (answer === null ? undefined : { answer, ranOn: { provider: 'cpu' } });
      const { jobId } = manager.start(studyId, 'segment:nodule-unetpp', work, answerOf);
      started.push({ seed: seedLps, finish: (answer) => finish(answer) });
      return { jobId };
    },
    putLabelMap: async (request: { labels: unknown[]; data: ArrayBuffer }) => (uploads.push({ labels: request.labels.length, voxels: request.data.byteLength }), { voxels: request.data.byteLength }),
    getLabelMap: () => new Promise<null>((resolve) => labelMapReads.push(() => resolve(null))),
  };
  (globalThis as { window?: unknown }).window = { lobus: api };
  return { started, labelMapReads, uploads };
}

/** The lesion table measures in a Web Worker, which Node lacks; what it measures is not this spec's concern. */
class SilentWorker {
  onmessage: unknown = null;
  postMessage(): void {}
  terminate(): void {}
}
(globalThis as { Worker?: unknown }).Worker ??= SilentWorker;

const settle = async () => {
  for (let n = 0; n < 5; n++) await new Promise((resolve) => setImmediate(resolve));
};

async function openStudy(): Promise<void> {
  const study = useStudyStore();
  study.study = { studyId: 's1' } as typeof study.study;
  const header = { studyId: 's1', dims: [4, 4, 4], spacing: [1, 1, 1], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], pixelType: 'int16', meta: {} } as unknown as VolumeHeader;
  study.volume = { header, voxels: new Int16Array(64), image: null as never };
  await useSegmentationStore().loadModels('s1');
}

const A: Vec3 = [10, 0, 0];
const B: Vec3 = [20, 0, 0];
const C: Vec3 = [30, 0, 0];

describe('nodule mode stays on from click to click, and clicks made while one is outlined wait their turn', () => {
  // One door for the file: the renderer's client keeps the first API it finds.
  const door = fakeDoor();
  beforeEach(async () => {
    setActivePinia(createPinia());
    door.started.length = 0;
    door.labelMapReads.length = 0;
    door.uploads.length = 0;
    await openStudy();
  });

  it('starts each click after the one before has ended and its result is in the editor; the mode stays on', async () => {
    const seg = useSegmentationStore();
    await seg.run();
    expect(seg.seedMode).toBe(true);
    seg.seedAt(A);
    await settle();
    seg.seedAt(B);
    seg.seedAt(C);
    expect(door.started.map((s) => s.seed)).toEqual([A]);
    expect(seg.waitingSeeds).toEqual([B, C]);

    // A's result: B waits until the editor has read the label map holding A (B's start uploads the editor's labels).
    door.started[0]!.finish();
    await settle();
    expect(door.labelMapReads).toHaveLength(1);
    expect(door.started).toHaveLength(1);
    // A click made while A's result is being read waits too, behind B and C.
    const D: Vec3 = [40, 0, 0];
    seg.seedAt(D);
    expect(seg.waitingSeeds).toEqual([B, C, D]);
    door.labelMapReads[0]!();
    await settle();
    expect(door.started.map((s) => s.seed)).toEqual([A, B]);

    // B finds nothing: an answer, with where it ran, and C goes at once (there is nothing to read). The panel moves
    // on to C; B's answer stays up as a toast.
    door.started[1]!.finish('No nodule found at this point');
    const answered = seg.jobId!;
    await settle();
    expect(useJobsStore().jobs[answered]).toMatchObject({ state: 'done', answer: 'No nodule found at this point', answerRanOn: { provider: 'cpu' } });
    expect(useNoticesStore().notices.map((n) => n.text)).toContain('No nodule found at this point');
    expect(door.started.map((s) => s.seed)).toEqual([A, B, C]);
    expect(seg.waitingSeeds).toEqual([D]);
    door.started[2]!.finish();
    await settle();
    expect(door.started).toHaveLength(3);
    door.labelMapReads[1]!();
    await settle();
    expect(door.started.map((s) => s.seed)).toEqual([A, B, C, D]);
    door.started[3]!.finish('No nodule found at this point');
    await settle();
    expect(seg.seedMode).toBe(true);
    expect(seg.running).toBe(false);
  });

  it('a click made while the last result is being read into the editor waits for it, though none is queued', async () => {
    const seg = useSegmentationStore();
    await seg.run();
    seg.seedAt(A);
    await settle();
    door.started[0]!.finish();
    await settle();
    expect(seg.running).toBe(false);
    seg.seedAt(B);
    await settle();
    expect(door.started).toHaveLength(1);
    expect(seg.waitingSeeds).toEqual([B]);
    door.labelMapReads[0]!();
    await settle();
    expect(door.started.map((s) => s.seed)).toEqual([A, B]);
    door.started[1]!.finish('No nodule found at this point');
    await settle();
  });

  it('stopping the mode, or taking an edit tool, drops the waiting clicks; a click outside the mode does nothing', async () => {
    const seg = useSegmentationStore();
    seg.seedAt(A);
    await settle();
    expect(door.started).toHaveLength(0);

    await seg.run();
    seg.seedAt(A);
    await settle();
    seg.seedAt(B);
    seg.stopSeeding();
    expect(seg.seedMode).toBe(false);
    door.started[0]!.finish('No nodule found at this point');
    await settle();
    expect(door.started).toHaveLength(1);

    await seg.run();
    expect(seg.seedMode).toBe(true);
    seg.seedAt(C);
    await settle();
    seg.seedAt(A);
    useEditingStore().tool = 'brush';
    await nextTick();
    expect(seg.seedMode).toBe(false);
    expect(seg.waitingSeeds).toEqual([]);
    door.started[1]!.finish('No nodule found at this point');
    await settle();
    expect(door.started.map((s) => s.seed)).toEqual([A, C]);

    // Entering the mode again puts the edit tool down, so clicks seed instead of painting.
    await seg.run();
    expect(useEditingStore().tool).toBe('none');
    expect(seg.seedMode).toBe(true);
  });

  it("a click first gives the service the editor's labels, even when the user has deleted them all", async () => {
    const seg = useSegmentationStore();
    const editing = useEditingStore();
    editing.addLabel('Nodule');
    await seg.run();
    seg.seedAt(A);
    await settle();
    expect(door.uploads).toEqual([{ labels: 1, voxels: 64 }]);
    door.started[0]!.finish('No nodule found at this point');
    await settle();
    // Left on the service, a deleted nodule would be answered "already outlined", or merged back in.
    editing.deleteLabel(editing.editor!.labels[0]!.value);
    seg.seedAt(B);
    await settle();
    expect(door.uploads).toEqual([{ labels: 1, voxels: 64 }, { labels: 0, voxels: 64 }]);
    door.started[1]!.finish('No nodule found at this point');
    await settle();
  });
});
