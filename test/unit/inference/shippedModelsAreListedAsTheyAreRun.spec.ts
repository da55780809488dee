import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { segmentationBackend } from '../../../main/core/service/backends.js';
import { REPO_ROOT } from '../dataPaths.js';

describe('the shipped models as the app lists them', () => {
  it('the liver model runs on the whole volume for CT and MR; the nodule model asks for a click, on CT only', async () => {
    const models = await segmentationBackend(path.join(REPO_ROOT, 'models')).listModels();
    const byId = new Map(models.map((m) => [m.id, m]));
    expect(byId.get('liver-u2net')).toMatchObject({ task: 'organ', needsSeed: false });
    expect(byId.get('liver-u2net')!.modalities).toEqual(expect.arrayContaining(['CT', 'MR']));
    // A click-to-segment model run as a sliding window over the whole CT paints blobs all over the chest.
    expect(byId.get('nodule-unetpp')).toMatchObject({ task: 'nodule', needsSeed: true, modalities: ['CT'] });
  });
});
