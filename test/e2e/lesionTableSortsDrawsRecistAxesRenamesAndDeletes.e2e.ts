import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng, E2E_SKIP_REASON, openLobus, shot, waitForSlice, type E2eSession } from './support/harness.js';

const AXIAL = '[data-testid="slice-view-axial"]';
const BIG_MM = 12;
const SMALL_MM = 6;

type Rgba = { width: number; height: number; rgba: Uint8Array };

async function labelCount(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { lobusDebug: { labelCounts(): Record<number, number> } }).lobusDebug.labelCounts()[1] ?? 0);
}

async function clickAt(page: Page, x: number, y: number): Promise<void> {
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.up();
}

async function setBrush(page: Page, mm: number): Promise<void> {
  await page.getByTestId('brush-size').fill(String(mm));
  await page.getByTestId('brush-size').press('Enter');
}

const rows = (page: Page) => page.getByTestId('lesion-row');
const volumes = async (page: Page) => (await rows(page).evaluateAll((trs) => trs.map((tr) => Number(tr.children[2]!.textContent))));
const names = async (page: Page) => (await rows(page).evaluateAll((trs) => trs.map((tr) => tr.children[1]!.textContent!.trim())));

/** Share of points along a drawn SVG line (view pixels) where a cyan pixel lies within 1 px. */
function cyanAlong(img: Rgba, x1: number, y1: number, x2: number, y2: number): number {
  const isCyan = (x: number, y: number) => {
    const p = (Math.round(y) * img.width + Math.round(x)) * 4;
    const [r, g, b] = [img.rgba[p]!, img.rgba[p + 1]!, img.rgba[p + 2]!];
    return b > 170 && g > 150 && r < 120;
  };
  let hits = 0;
  const n = 40;
  for (let s = 2; s <= n - 2; s++) {
    const x = x1 + ((x2 - x1) * s) / n;
    const y = y1 + ((y2 - y1) * s) / n;
    if ([-1, 0, 1].some((dx) => [-1, 0, 1].some((dy) => isCyan(x + dx, y + dy)))) hits++;
  }
  return hits / (n - 3);
}

async function lineOf(page: Page, testId: string): Promise<[number, number, number, number]> {
  const line = page.getByTestId(testId);
  return Promise.all(['x1', 'y1', 'x2', 'y2'].map(async (a) => Number(await line.getAttribute(a)))) as Promise<[number, number, number, number]>;
}

describe.skipIf(E2E_SKIP_REASON !== null)('the lesion table of the demo study', () => {
  let session: E2eSession;
  beforeAll(async () => {
    session = await openLobus();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('sorts, draws the RECIST axes of the chosen lesion, renames one, deletes one and undo brings it back', async () => {
    const { page } = session;
    await page.getByTestId('open-demo').click();
    await waitForSlice(page);
    await page.getByTestId('tool-brush').click();
    const view = (await page.locator(AXIAL).boundingBox())!;
    const cx = view.x + view.width / 2;
    const cy = view.y + view.height / 2;

    // Two separate discs of label 1 on this axial slice: a large one and a small one.
    await setBrush(page, BIG_MM);
    await clickAt(page, cx - 110, cy + 60);
    const big = await labelCount(page);
    await setBrush(page, SMALL_MM);
    await clickAt(page, cx - 20, cy + 60);
    const small = (await labelCount(page)) - big;
    expect(big).toBeGreaterThan(3 * small);
    await page.getByTestId('tool-brush').click(); // brush off: the table is used with the plain pointer
    await page.mouse.move(5, 5);
    await expect.poll(() => rows(page).count(), { timeout: 30_000 }).toBe(2);
    const bigMl = ((big * 2.5) / 1000).toFixed(2);
    const smallMl = ((small * 2.5) / 1000).toFixed(2);

    // Sorting by volume: the first click puts the largest first, the second flips it; the arrow says which.
    await page.getByTestId('lesion-sort-volume').click();
    expect(await volumes(page)).toEqual([Number(bigMl), Number(smallMl)]);
    expect(await page.getByTestId('lesion-sort-volume').textContent()).toContain('▼');
    await page.getByTestId('lesion-sort-volume').click();
    expect(await volumes(page)).toEqual([Number(smallMl), Number(bigMl)]);
    expect(await page.getByTestId('lesion-sort-volume').textContent()).toContain('▲');
    expect(await page.locator('th[aria-sort="ascending"]').count()).toBe(1);
    // The 3-D maximum diameter of a one-slice disc is about its diameter (corner to corner, so a little more).
    const ferets = await rows(page).getByTestId('lesion-feret').allTextContents();
    expect(Number(ferets[0])).toBeGreaterThan(2 * SMALL_MM - 1);
    expect(Number(ferets[0])).toBeLessThan(2 * SMALL_MM + 3);
    expect(Number(ferets[1])).toBeGreaterThan(2 * BIG_MM - 1);
    expect(Number(ferets[1])).toBeLessThan(2 * BIG_MM + 3);
    await shot(page, 'lesions-01-sorted-ascending', '[data-testid="lesion-table"]');

    // Choosing the large lesion draws its axes on the axial view, labelled with the row's RECIST numbers.
    const bigRow = rows(page).nth(1);
    const [longMm, shortMm] = ((await bigRow.getByTestId('lesion-recist').textContent()) ?? '').split('×');
    await bigRow.click();
    await expect.poll(() => page.getByTestId('recist-long-label').textContent()).toBe(`${longMm} mm`);
    expect(await page.getByTestId('recist-short-label').textContent()).toBe(`${shortMm} mm`);
    expect(await page.locator('[data-testid="slice-view-coronal"] [data-testid="recist-axes"]').count()).toBe(0);
    const [x1, y1, x2, y2] = await lineOf(page, 'recist-long-axis');
    const lengthPx = Math.hypot(x2 - x1, y2 - y1);
    await page.waitForTimeout(400);
    const axial = await decodePng(page, await shot(page, 'lesions-02-recist-axes', AXIAL));
    // The view's border is 1 px; the overlay starts inside it.
    expect(cyanAlong(axial, x1 + 1, y1 + 1, x2 + 1, y2 + 1)).toBeGreaterThan(0.9);
    const short = await lineOf(page, 'recist-short-axis');
    expect(cyanAlong(axial, short[0] + 1, short[1] + 1, short[2] + 1, short[3] + 1)).toBeGreaterThan(0.9);
    // The long axis spans the disc: its screen length in mm (scale bar) is the measured length.
    const bar = page.getByTestId('scale-bar-axial');
    const barPx = (await bar.locator('.bar').boundingBox())!.width;
    const barText = (await bar.textContent()) ?? '';
    const barMm = barText.includes('cm') ? 10 * Number(barText.replace('cm', '')) : Number(barText.replace('mm', ''));
    expect(Math.abs((lengthPx * barMm) / barPx - Number(longMm))).toBeLessThan(1.5);
    await shot(page, 'lesions-03-chosen-full');

    // Zoomed in (and brought back into view by choosing the row again) the axes still run along the disc.
    await page.locator(AXIAL).hover({ position: { x: 30, y: 30 } });
    await page.keyboard.down('Control');
    for (let n = 0; n < 12; n++) await page.mouse.wheel(0, -100);
    await page.keyboard.up('Control');
    await bigRow.click();
    await page.mouse.move(5, 5);
    await page.waitForTimeout(600);
    const zoomed = await decodePng(page, await shot(page, 'lesions-03b-recist-zoomed', AXIAL));
    const [zx1, zy1, zx2, zy2] = await lineOf(page, 'recist-long-axis');
    expect(Math.hypot(zx2 - zx1, zy2 - zy1)).toBeGreaterThan(2.5 * lengthPx);
    expect(cyanAlong(zoomed, zx1 + 1, zy1 + 1, zx2 + 1, zy2 + 1)).toBeGreaterThan(0.9);
    await page.getByTestId('reset-view').click();

    // The axes belong to their slice: one slice further they are gone, and back again they return.
    await page.locator(AXIAL).hover({ position: { x: 30, y: 30 } });
    await page.mouse.wheel(0, 100);
    await expect.poll(() => page.locator(`${AXIAL} [data-testid="recist-axes"]`).count()).toBe(0);
    await page.mouse.wheel(0, -100);
    await expect.poll(() => page.locator(`${AXIAL} [data-testid="recist-axes"]`).count()).toBe(1);

    // Rename the large lesion: the row shows the name.
    await bigRow.getByTestId('lesion-rename').click();
    await page.getByTestId('lesion-name-input').fill('RUL nodule');
    await page.getByTestId('lesion-name-input').press('Enter');
    await expect.poll(() => names(page)).toEqual(['Label 1', 'RUL nodule']);

    // A locked label refuses the deletion, and says so.
    await page.getByTestId('label-item').first().getByTestId('label-lock').check();
    await rows(page).nth(1).getByTestId('lesion-delete').click();
    await expect.poll(() => page.getByTestId('info-message').allTextContents()).toContain(
      '“RUL nodule” was not deleted: its label “Label 1” is locked. Unlock it in Edit labels first.',
    );
    expect(await labelCount(page)).toBe(big + small);
    await page.getByTestId('label-item').first().getByTestId('label-lock').uncheck();

    // Delete it: only the small lesion's voxels are left, its row goes, and so do its axes.
    await rows(page).nth(1).getByTestId('lesion-delete').click();
    expect(await labelCount(page)).toBe(small);
    await expect.poll(() => rows(page).count(), { timeout: 30_000 }).toBe(1);
    expect(await names(page)).toEqual(['Label 1']);
    expect(await volumes(page)).toEqual([Number(smallMl)]);
    expect(await page.getByTestId('recist-axes').count()).toBe(0);
    await shot(page, 'lesions-04-deleted');

    // One undo brings the lesion back, with its name.
    await page.getByTestId('undo').click();
    expect(await labelCount(page)).toBe(big + small);
    await expect.poll(() => names(page), { timeout: 30_000 }).toEqual(['Label 1', 'RUL nodule']);
    expect(await page.getByTestId('recist-axes').count()).toBe(0);
    await shot(page, 'lesions-05-undone');

    // The statistics export names the renamed lesion (and only it).
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await page.getByTestId('export-stats-csv').click();
    await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(1);
    const csv = readFileSync((await downloads[0]!.path())!, 'utf8').trim().split('\r\n');
    const nameColumn = csv[0]!.split(',').indexOf('lesion_name');
    const lesionNames = csv.filter((r) => r.startsWith('lesion,')).map((r) => r.split(',')[nameColumn]);
    expect(lesionNames.sort()).toEqual(['', 'RUL nodule']);
  });
});
