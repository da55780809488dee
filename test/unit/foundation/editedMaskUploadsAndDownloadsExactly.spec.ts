import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEnvelope, encodeEnvelope } from '../../../main/core/api/envelope.js';
import type { MaskDownloadHeader, OpenResult } from '../../../main/core/api/contract.js';
import { readLabelMap } from '../../../main/core/volume/index.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

describe('edited masks go up to the app and come back as NIfTI, exactly', () => {
  let api: TestServer;
  const post: TestServer['post'] = (...args) => api.post(...args);
  beforeAll(async () => {
    api = await startTestServer();
  });
  afterAll(() => api.close());

  it('round-trips a painted label map through putLabelMap → downloadMask → the NIfTI reader', async () => {
    const opened = (await (await post('openDemo', '{}')).json()) as OpenResult;
    if (opened.kind !== 'study') throw new Error('demo did not open');
    const { studyId, dims } = opened.study;
    const mask = new Uint8Array(dims[0] * dims[1] * dims[2]);
    for (let i = 0; i < mask.length; i += 97) mask[i] = 1 + (i % 3 === 0 ? 1 : 0);
    const labels = [
      { value: 1, name: 'Liver', color: [221, 130, 101] },
      { value: 2, name: 'Lesion', color: [255, 200, 40] },
    ];
    const editProvenance = JSON.stringify({ labels: [{ value: 1, handVoxels: 12 }] });
    const put = await post('putLabelMap', encodeEnvelope({ studyId, labels, editProvenance }, mask), true);
    expect(put.status).toBe(200);

    const download = await post('downloadMask', JSON.stringify({ studyId }));
    const { header, data } = decodeEnvelope<MaskDownloadHeader>(await download.arrayBuffer());
    expect(header.fileName).toMatch(/_mask\.nii\.gz$/);
    expect(JSON.parse(header.labelTableJson)).toMatchObject({ labels: expect.arrayContaining([expect.objectContaining({ value: 2, name: 'Lesion' })]) });
    expect(JSON.parse(header.provenanceJson).edits).toEqual({ labels: [{ value: 1, handVoxels: 12 }] });

    const file = path.join(mkdtempSync(path.join(tmpdir(), 'lobus-dl-')), header.fileName);
    writeFileSync(file, new Uint8Array(data));
    const back = await readLabelMap(file, opened.study);
    expect(back.dims).toEqual(dims);
    expect(Buffer.compare(Buffer.from(back.data), Buffer.from(mask))).toBe(0);

    const csv = (await (await post('downloadStats', JSON.stringify({ studyId, format: 'csv' }))).json()) as { content: string };
    expect(csv.content.split('\n')[0]).toMatch(/volume_ml/);
  });

  it('refuses a label map of the wrong size, unknown label values and save dialogs in the browser build', async () => {
    const opened = (await (await post('openDemo', '{}')).json()) as OpenResult;
    if (opened.kind !== 'study') throw new Error('demo did not open');
    const { studyId } = opened.study;
    const wrongSize = await post('putLabelMap', encodeEnvelope({ studyId, labels: [] }, new Uint8Array(10)), true);
    expect(wrongSize.status).toBe(500);
    expect(((await wrongSize.json()) as { error: string }).error).toMatch(/voxels/);
    const n = opened.study.dims[0] * opened.study.dims[1] * opened.study.dims[2];
    const stray = new Uint8Array(n);
    stray[5] = 9;
    const unknown = await post('putLabelMap', encodeEnvelope({ studyId, labels: [] }, stray), true);
    expect(((await unknown.json()) as { error: string }).error).toMatch(/label table/);
    const notAnEnvelope = await post('putLabelMap', 'garbage', true);
    expect(notAnEnvelope.status).toBe(400);
    const dialog = await post('saveMaskAs', JSON.stringify({ studyId }));
    expect(((await dialog.json()) as { error: string }).error).toMatch(/desktop app/);
  });
});
