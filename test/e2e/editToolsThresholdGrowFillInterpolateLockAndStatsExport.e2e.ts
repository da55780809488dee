import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E_SKIP_REASON, leavingIsHeld, openLobus, shot, waitForSlice, type E2eSession } from './support/harness.js';

const AXIAL = '[data-testid="slice-view-axial"]';

async function count(page: Page, label: number): Promise<number> {
  return page.evaluate((l) => (window as unknown as { lobusDebug: { labelCounts(): Record<number, number> } }).lobusDebug.labelCounts()[l] ?? 0, label);
}

async function setNumber(page: Page, locator: ReturnType<Page['locator']>, value: number): Promise<void> {
  await locator.fill(String(value));
  await locator.press('Enter');
}

const near = (actual: number, expected: number, tolerance: number) => Math.abs(actual - expected) / expected < tolerance;

describe.skipIf(E2E_SKIP_REASON !== null)('edit tools on the demo phantom', () => {
  let session: E2eSession;
  let dir: string;
  beforeAll(async () => {
    session = await openLobus();
    dir = mkdtempSync(path.join(tmpdir(), 'lobus-e2e-stats-'));
  });
  afterAll(async () => {
    await session?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('threshold brush, grow, fill, interpolate, lock and eraser change the voxels they should; stats export', async () => {
    const { page } = session;
    await page.getByTestId('open-demo').click();
    await waitForSlice(page);
    const view = (await page.locator(AXIAL).boundingBox())!;
    const cx = view.x + view.width / 2;
    const cy = view.y + view.height / 2;
    // The view is centred on LPS (0, 0); measure its scale with the view's own LPS readout.
    await page.mouse.move(cx, cy);
    const probe = async () => Number(/LPS (-?[\d.]+),/.exec((await page.getByTestId('probe-axial').textContent()) ?? '')![1]);
    const x0 = await probe();
    await page.mouse.move(cx + 100, cy);
    const mmPerPx = ((await probe()) - x0) / 100;
    expect(mmPerPx).toBeGreaterThan(0.2);
    /** Screen point of an in-plane LPS position (x to screen right, y = posterior to screen bottom). */
    const at = (xMm: number, yMm: number) => ({ x: cx + xMm / mmPerPx, y: cy + yMm / mmPerPx });
    const click = async (p: { x: number; y: number }) => {
      await page.mouse.move(p.x, p.y);
      await page.mouse.down();
      await page.mouse.up();
    };
    const vertebra = at(0, 55); // HU 700 column of radius 14 mm through every slice

    // Threshold brush (−100…200 HU) of radius 20 mm on the vertebra: the ring of soft tissue only.
    await page.getByTestId('tool-threshold').click();
    await setNumber(page, page.getByTestId('brush-size'), 20);
    await click(vertebra);
    expect(near(await count(page, 1), Math.PI * (20 ** 2 - 14 ** 2), 0.15)).toBe(true);
    await shot(page, 'tools-01-threshold-ring', AXIAL);
    await page.getByTestId('undo').click();
    expect(await count(page, 1)).toBe(0);

    // Grow from the vertebra over 500…900 HU: the whole column, π 14² voxels on each of 120 slices.
    await page.getByTestId('tool-grow').click();
    await setNumber(page, page.getByTestId('grow-range').locator('input').nth(0), 500);
    await setNumber(page, page.getByTestId('grow-range').locator('input').nth(1), 900);
    await click(vertebra);
    expect(near(await count(page, 1), Math.PI * 14 ** 2 * 120, 0.1)).toBe(true);
    await page.getByTestId('undo').click();

    // Fill: a closed square outline drawn with a 2 mm brush, then a click inside fills it.
    await page.getByTestId('tool-brush').click();
    await setNumber(page, page.getByTestId('brush-size'), 2);
    const side = 40;
    const corners = [at(-70, -10), at(-70 + side, -10), at(-70 + side, -10 + side), at(-70, -10 + side), at(-70, -10)];
    await page.mouse.move(corners[0]!.x, corners[0]!.y);
    await page.mouse.down();
    for (const c of corners.slice(1)) await page.mouse.move(c.x, c.y, { steps: 8 });
    await page.mouse.up();
    const outline = await count(page, 1);
    await page.getByTestId('tool-fill').click();
    await click(at(-70 + side / 2, -10 + side / 2));
    const filled = (await count(page, 1)) - outline;
    expect(near(filled, (side - 4) ** 2, 0.2)).toBe(true);
    await shot(page, 'tools-02-filled-square', AXIAL);
    await click(at(100, -80)); // outside the body: the background there reaches the slice border
    await expect.poll(() => page.getByTestId('info-message').allTextContents()).toContain('Fill needs a closed outline around the click on this slice.');

    // Interpolate: a new label on two key slices four apart fills the three between.
    await page.getByTestId('label-add').click();
    await expect.poll(() => page.getByTestId('label-item').count()).toBe(2);
    await page.getByTestId('tool-brush').click();
    await setNumber(page, page.getByTestId('brush-size'), 8);
    const spot = at(40, -20);
    await click(spot);
    const disc = await count(page, 2);
    expect(near(disc, Math.PI * 64, 0.1)).toBe(true);
    for (let n = 0; n < 4; n++) await page.mouse.wheel(0, 120);
    await page.waitForTimeout(300);
    await click(spot);
    expect(await count(page, 2)).toBe(2 * disc);
    await page.getByTestId('tool-interpolate').click();
    expect(near(await count(page, 2), 5 * disc, 0.1)).toBe(true);

    // Lock: a locked label neither paints nor erases.
    const beforeLock = await count(page, 2);
    await page.getByTestId('label-item').nth(1).getByTestId('label-lock').check();
    await click(at(40, 20));
    expect(await count(page, 2)).toBe(beforeLock);
    await expect.poll(() => page.getByTestId('info-message').allTextContents()).toContain('That label is locked.');
    await page.getByTestId('label-item').nth(1).getByTestId('label-lock').uncheck();
    await page.getByTestId('tool-eraser').click();
    await click(spot);
    expect(await count(page, 2)).toBe(beforeLock - disc);
    // The lesion table catches up with the last edit: what is left of label 2 (four slices, one lesion).
    const label2Rows = () => page.getByTestId('lesion-row').filter({ hasText: 'Label 2' }).allTextContents();
    const leftMl = (((beforeLock - disc) * 2.5) / 1000).toFixed(2);
    await expect.poll(async () => (await label2Rows()).join(' | '), { timeout: 20_000 }).toContain(`Label 2${leftMl}`);
    expect(await label2Rows()).toHaveLength(1);
    await shot(page, 'tools-03-after-edits');

    // Statistics: the service measures what the page uploaded.
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await page.getByTestId('export-stats-csv').click();
    await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(1);
    await page.getByTestId('export-stats-json').click();
    await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(2);
    const csvFile = path.join(dir, downloads[0]!.suggestedFilename());
    await downloads[0]!.saveAs(csvFile);
    const jsonFile = path.join(dir, downloads[1]!.suggestedFilename());
    await downloads[1]!.saveAs(jsonFile);
    expect(csvFile.endsWith('.csv')).toBe(true);
    const csv = readFileSync(csvFile, 'utf8');
    expect(csv.split('\n').length).toBeGreaterThan(2);
    expect(csv).toContain('Label 2');
    const json = readFileSync(jsonFile, 'utf8');
    expect(() => JSON.parse(json)).not.toThrow();
    expect(json).toContain('Label 2');

    // A statistics file does not save the edits: the page still holds the user back from leaving.
    expect(await page.getByTestId('unsaved-flag').isVisible()).toBe(true);
    expect(await leavingIsHeld(page)).toBe(true);
  });
});
