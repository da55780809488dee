import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OpenResult, StudySummary } from '../../../main/core/api/contract.js';
import { createLobusService } from '../../../main/core/service/createService.js';
import { writeSyntheticSeries, type SyntheticSlice } from '../support/syntheticDicom.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'lobus-dialog-series-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function series(uid: string, sliceCount: number, description: string): SyntheticSlice[] {
  return Array.from({ length: sliceCount }, (_, k) => ({
    seriesUid: uid,
    instance: k + 1,
    position: [0, 0, 2 * k] as [number, number, number],
    rows: 6,
    columns: 8,
    pixels: new Int16Array(48).fill(1024 + k),
    seriesDescription: description,
  }));
}

/** One folder holding a 3-slice and a 5-slice series. */
const folder = path.join(tmp, 'two-series');
mkdirSync(folder);
writeSyntheticSeries(folder, series('1.2.826.1.3', 3, 'three'), 'a');
writeSyntheticSeries(folder, series('1.2.826.1.5', 5, 'five'), 'b');

function choiceOf(result: OpenResult | null): Extract<OpenResult, { kind: 'choose-series' }> {
  if (result?.kind !== 'choose-series') throw new Error(`expected a series choice, got ${result?.kind}`);
  return result;
}
function studyOf(result: OpenResult | null): StudySummary {
  if (result?.kind !== 'study') throw new Error(`expected a study, got ${result?.kind}`);
  return result.study;
}

describe('a folder of several series opened from a series choice opens the chosen series, never a path the page names', () => {
  it('desktop: the folder chosen in the open dialog offers its series; the chosen one opens without a second dialog', async () => {
    let dialogs = 0;
    const service = createLobusService({ door: 'electron', libraryRoot: null, pickPath: async () => (dialogs++, folder) });
    const choice = choiceOf(await service.dispatch('openWithDialog', {}));
    expect(dialogs).toBe(1);
    expect(choice.itemId).not.toContain(tmp);
    expect(choice.series.map((s) => s.sliceCount).sort()).toEqual([3, 5]);
    const five = choice.series.find((s) => s.sliceCount === 5)!;
    const opened = studyOf(await service.dispatch('openWithDialog', { seriesUid: five.seriesUid }));
    expect(dialogs).toBe(1);
    expect(opened.dims).toEqual([8, 6, 5]);
    expect(opened.meta.seriesInstanceUid).toBe('1.2.826.1.5');
    await expect(service.dispatch('openWithDialog', { path: '/etc/passwd' })).rejects.toThrow(/path must be absent/);
  });

  it('desktop: before the dialog chose anything there is no series to open; a cancelled dialog opens nothing', async () => {
    const service = createLobusService({ door: 'electron', libraryRoot: null, pickPath: async () => null });
    await expect(service.dispatch('openWithDialog', { seriesUid: '1.2.826.1.5' })).rejects.toThrow(/Nothing was chosen in the open dialog/);
    expect(await service.dispatch('openWithDialog', {})).toBeNull();
    const browser = createLobusService({ door: 'server', libraryRoot: null });
    await expect(browser.dispatch('openWithDialog', { seriesUid: '1.2.826.1.5' })).rejects.toThrow(/only available in the desktop app/);
  });

  it('server: a library folder of several series names itself by its item id, which opens the chosen series', async () => {
    const service = createLobusService({ door: 'server', libraryRoot: tmp });
    const choice = choiceOf(await service.dispatch('openLibraryItem', { itemId: 'two-series' }));
    expect(choice.itemId).toBe('two-series');
    const three = choice.series.find((s) => s.sliceCount === 3)!;
    const opened = studyOf(await service.dispatch('openLibraryItem', { itemId: choice.itemId, seriesUid: three.seriesUid }));
    expect(opened.dims).toEqual([8, 6, 3]);
  });
});
