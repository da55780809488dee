import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureLesions } from '../../../main/core/analysis/index.js';
import { encodeEnvelope } from '../../../main/core/api/envelope.js';
import type { OpenResult } from '../../../main/core/api/contract.js';
import type { LabelInfo, Vec3 } from '../../../main/core/volume/types.js';
import { startTestServer, type TestServer } from '../support/testServer.js';

describe('the statistics export carries the names given to lesions in the table', () => {
  let api: TestServer;
  const post: TestServer['post'] = (...args) => api.post(...args);
  beforeAll(async () => {
    api = await startTestServer();
  });
  afterAll(() => api.close());

  it('names the lesion found by label and anchor voxel, in CSV and JSON, and rejects malformed names', async () => {
    const opened = (await (await post('openDemo', '{}')).json()) as OpenResult;
    if (opened.kind !== 'study') throw new Error('demo did not open');
    const { studyId, dims } = opened.study;
    const [nx, ny] = dims;
    const data = new Uint8Array(dims[0] * dims[1] * dims[2]);
    const ball = (c: Vec3, r: number) => {
      for (let k = c[2] - r; k <= c[2] + r; k++)
        for (let j = c[1] - r; j <= c[1] + r; j++)
          for (let i = c[0] - r; i <= c[0] + r; i++) if ((i - c[0]) ** 2 + (j - c[1]) ** 2 + (k - c[2]) ** 2 <= r * r) data[i + nx * (j + ny * k)] = 1;
    };
    ball([80, 120, 60], 6);
    ball([170, 120, 60], 3);
    const labels: LabelInfo[] = [{ value: 1, name: 'Label 1', color: [230, 60, 80] }];
    // The renderer's lesion table measures the same label map; its anchors key the names.
    const lesions = measureLesions({ ...opened.study, data, labels }, undefined, { connectivity: 26 });
    expect(lesions).toHaveLength(2);
    const small = lesions[1]!;
    expect((await post('putLabelMap', encodeEnvelope({ studyId, labels }, data), true)).status).toBe(200);

    const lesionNames = [{ label: 1, anchorIjk: small.anchorIjk, name: 'RUL nodule, posterior' }];
    const csv = ((await (await post('downloadStats', JSON.stringify({ studyId, format: 'csv', lesionNames }))).json()) as { content: string }).content;
    const [header, ...rows] = csv.trim().split('\r\n');
    const columns = header!.split(',');
    expect(columns).toContain('lesion_name');
    const lesionRows = rows.filter((r) => r.startsWith('lesion,'));
    expect(lesionRows).toHaveLength(2);
    expect(lesionRows[0]).not.toContain('RUL');
    expect(lesionRows[1]).toContain(',"RUL nodule, posterior",');

    const json = ((await (await post('downloadStats', JSON.stringify({ studyId, format: 'json', lesionNames }))).json()) as { content: string }).content;
    const report = JSON.parse(json) as { lesions: Array<{ lesion_name: string | null; voxel_count: number }> };
    expect(report.lesions.map((l) => [l.voxel_count, l.lesion_name])).toEqual([[lesions[0]!.voxelCount, null], [small.voxelCount, 'RUL nodule, posterior']]);

    for (const bad of [[{ label: 1, anchorIjk: [-1, 0, 0], name: 'x' }], [{ label: 1, anchorIjk: [1, 2, 3], name: '' }], [{ label: 1, anchorIjk: [1, 2, 3] }]]) {
      const refused = await post('downloadStats', JSON.stringify({ studyId, format: 'csv', lesionNames: bad }));
      expect(refused.status).toBe(400);
    }
  });
});
