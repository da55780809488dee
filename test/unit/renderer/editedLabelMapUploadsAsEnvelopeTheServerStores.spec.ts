import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEnvelope } from '../../../main/core/api/envelope.js';
import type { LabelMapHeader, OpenResult } from '../../../main/core/api/contract.js';
import { LabelEditor } from '../../../main/core/editing/index.js';
import { createLobusService } from '../../../main/core/service/createService.js';
import { rendererDir } from '../../../main/core/service/paths.js';
import { startServer, type RunningServer } from '../../../main/server/server.js';
import { encodeRequestBody } from '../../../renderer/src/api/requestBody.js';

/** The renderer's upload of an edited mask, through the real `lobus serve` HTTP door and back. */
describe('an edited label map sent by the HTTP client', () => {
  let server: RunningServer;
  let token: string;
  beforeAll(async () => {
    server = await startServer({ service: createLobusService({ door: 'server', libraryRoot: null }), staticDir: rendererDir() });
    token = new URL(server.url).searchParams.get('token')!;
  });
  afterAll(async () => {
    await server?.close();
  });

  async function call(method: 'openDemo' | 'putLabelMap' | 'getLabelMap', request: unknown): Promise<Response> {
    const { type, body } = encodeRequestBody(method, request);
    return fetch(new URL(`/api/${method}`, server.url), { method: 'POST', headers: { 'Content-Type': type, Authorization: `Bearer ${token}` }, body });
  }

  it('reaches the service byte for byte with its label table, as the study label map', async () => {
    const opened = (await (await call('openDemo', {})).json()) as OpenResult;
    if (opened.kind !== 'study') throw new Error('the demo should open as a study');
    const { studyId, dims, spacing, origin, direction } = opened.study;
    const editor = new LabelEditor({ dims, spacing, origin, direction, data: new Uint8Array(dims[0] * dims[1] * dims[2]), labels: [] });
    editor.addLabel('Tumour', [200, 40, 40]);
    const painted = editor.paintBrush([0, 0, 150], 12, { plane: 'axial', mode: 'paint', label: 1 });
    expect(painted.changedVoxels).toBeGreaterThan(400);

    const { type } = encodeRequestBody('putLabelMap', { studyId, labels: [], data: new ArrayBuffer(8) });
    expect(type).toBe('application/octet-stream');
    const put = await call('putLabelMap', {
      studyId,
      labels: editor.labels,
      editProvenance: JSON.stringify(editor.provenanceSummary()),
      data: editor.labelMap.data,
    });
    expect(put.status, await put.clone().text()).toBe(200);
    expect(((await put.json()) as { voxels: number }).voxels).toBe(editor.labelMap.data.length);

    const back = await call('getLabelMap', { studyId });
    const { header, data } = decodeEnvelope<LabelMapHeader>(await back.arrayBuffer());
    expect(header.labels).toEqual([{ value: 1, name: 'Tumour', color: [200, 40, 40] }]);
    expect(Buffer.from(new Uint8Array(data)).equals(Buffer.from(editor.labelMap.data))).toBe(true);
  });
});
