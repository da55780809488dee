import { beforeAll, describe, expect, it } from 'vitest';
import type { StudySummary } from '../../../main/core/api/contract.js';
import type { JobProgress } from '../../../main/core/jobs/jobs.js';
import { DEMO_NODULES } from '../../../main/core/demo/phantom.js';
import { createLobusService } from '../../../main/core/service/createService.js';
import type { LobusService } from '../../../main/core/service/lobusService.js';
import { worldToIndex } from '../../../main/core/volume/geometry.js';
import type { Vec3 } from '../../../main/core/volume/types.js';

/** The right lung's centre line, 60 mm above the 10 mm nodule: aerated phantom lung. */
const AERATED_LUNG: Vec3 = [-55, 0, 260];

describe('nodules clicked in turn on the demo study', () => {
  // The tests run in order on one study: the second starts from the first's two labels.
  let service: LobusService;
  let study: StudySummary;
  beforeAll(async () => {
    service = createLobusService({ door: 'server', libraryRoot: null });
    const opened = await service.dispatch('openDemo', {});
    if (opened.kind !== 'study') throw new Error('no study');
    study = opened.study;
  });

  async function click(seedLps: Vec3): Promise<JobProgress> {
    const { jobId } = await service.dispatch('startSegmentation', { studyId: study.studyId, modelId: 'nodule-unetpp', provider: 'cpu', seedLps });
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const job = (await service.dispatch('listJobs', {})).find((j) => j.jobId === jobId)!;
      if (job.state !== 'running') return job;
    }
  }
  const labelAt = (data: ArrayBuffer, p: Vec3) => {
    const [i, j, k] = worldToIndex(study, p).map(Math.round) as Vec3;
    return new Uint8Array(data)[i + study.dims[0] * (j + study.dims[1] * k)];
  };

  it('each nodule is a label of its own, named and coloured apart; a click that finds nothing changes nothing', async () => {
    expect(await click(DEMO_NODULES[0]!.centerLps)).toMatchObject({ state: 'done' });
    const afterFirst = (await service.dispatch('getLabelMap', { studyId: study.studyId }))!;

    const answered = await click(AERATED_LUNG);
    expect(answered.state).toBe('done');
    expect(answered.answer).toMatch(/^No nodule found at this point/);
    // No result, so no provenance: the job itself says where the model ran.
    expect(answered.answerRanOn).toEqual({ provider: 'cpu' });
    const afterAnswer = (await service.dispatch('getLabelMap', { studyId: study.studyId }))!;
    expect(afterAnswer.header.labels).toEqual(afterFirst.header.labels);
    expect(afterAnswer.header.provenance).toHaveLength(1);
    expect(Buffer.from(afterAnswer.data).equals(Buffer.from(afterFirst.data))).toBe(true);

    const second = await click(DEMO_NODULES[1]!.centerLps);
    expect(second).toMatchObject({ state: 'done' });
    expect(second).not.toHaveProperty('answer');
    const { header, data } = (await service.dispatch('getLabelMap', { studyId: study.studyId }))!;
    expect(header.labels.map((l) => [l.value, l.name])).toEqual([[1, 'Nodule'], [2, 'Nodule 2']]);
    expect(header.labels[1]!.color).not.toEqual(header.labels[0]!.color);
    expect(labelAt(data, DEMO_NODULES[0]!.centerLps)).toBe(1);
    expect(labelAt(data, DEMO_NODULES[1]!.centerLps)).toBe(2);
  }, 120_000);

  it('a nodule clicked again is answered, not added a second time: on its label at once, beside it after the model', async () => {
    const before = (await service.dispatch('getLabelMap', { studyId: study.studyId }))!;
    expect(before.header.labels.map((l) => l.name)).toEqual(['Nodule', 'Nodule 2']);

    // On the label: no model runs, so the answer names no provider.
    const onIt = await click(DEMO_NODULES[0]!.centerLps);
    expect(onIt).toMatchObject({ state: 'done' });
    expect(onIt.answer).toMatch(/^Already outlined as “Nodule” \(0\.\d\d mL\), so nothing was added\. To outline it again, delete that label/);
    expect(onIt).not.toHaveProperty('answerRanOn');

    // 1 mm outside the 14 mm nodule's surface: the model outlines that nodule again, which is answered too.
    const [x, y, z] = DEMO_NODULES[1]!.centerLps;
    const beside: Vec3 = [x + DEMO_NODULES[1]!.diameterMm / 2 + 1, y, z];
    expect(labelAt(before.data, beside)).toBe(0);
    const besideIt = await click(beside);
    expect(besideIt.answer).toMatch(/^Already outlined as “Nodule 2” \(1\.\d\d mL\)/);
    expect(besideIt.answerRanOn).toEqual({ provider: 'cpu' });

    const after = (await service.dispatch('getLabelMap', { studyId: study.studyId }))!;
    expect(after.header.labels).toEqual(before.header.labels);
    expect(after.header.provenance).toEqual(before.header.provenance);
    expect(Buffer.from(after.data).equals(Buffer.from(before.data))).toBe(true);
  }, 120_000);
});
