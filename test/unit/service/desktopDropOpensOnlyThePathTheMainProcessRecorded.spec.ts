import { describe, expect, it } from 'vitest';
import { createLobusService } from '../../../main/core/service/createService.js';
import { caseFile, HAVE_SHARED_DATA } from '../dataPaths.js';

describe('a drop onto the desktop window opens what the main process recorded, never a path the page names', () => {
  it('the page cannot name a path, and with nothing dropped there is nothing to open', async () => {
    const service = createLobusService({ door: 'electron', libraryRoot: null, droppedPath: () => null });
    await expect(service.dispatch('openDropped', { path: '/etc/passwd' })).rejects.toThrow(/path must be absent/);
    await expect(service.dispatch('openDropped', {})).rejects.toThrow(/Nothing was dropped/);
    const browser = createLobusService({ door: 'server', libraryRoot: null });
    await expect(browser.dispatch('openDropped', {})).rejects.toThrow(/Nothing was dropped/);
  });

  it.skipIf(!HAVE_SHARED_DATA)('opens the dropped study (a DICOM folder: its series)', async () => {
    let dropped: string | null = caseFile('dcmqi_ct_3slice', 'dicom');
    const service = createLobusService({ door: 'electron', libraryRoot: null, droppedPath: () => dropped });
    const opened = await service.dispatch('openDropped', {});
    if (opened.kind !== 'study') throw new Error('expected a study');
    expect(opened.study.dims).toEqual([512, 512, 3]);
    dropped = null;
    await expect(service.dispatch('openDropped', {})).rejects.toThrow(/Nothing was dropped/);
  });
});
