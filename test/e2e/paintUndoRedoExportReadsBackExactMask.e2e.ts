import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDemoPhantom } from '../../main/core/demo/phantom.js';
import { readLabelMap } from '../../main/core/volume/index.js';
import { decodePng, E2E_SKIP_REASON, leavingIsHeld, openLobus, shot, waitForSlice, type E2eSession } from './support/harness.js';

const BRUSH_MM = 10;
const AXIAL = '[data-testid="slice-view-axial"]';

type Rgba = { width: number; height: number; rgba: Uint8Array };
type Box = { x0: number; y0: number; x1: number; y1: number };

/** Share of pixels in `box` that are clearly coloured (the grey CT has r = g = b; label 1 is red). */
function redFraction(img: Rgba, box: Box): number {
  let red = 0;
  let total = 0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const p = (y * img.width + x) * 4;
      const [r, g, b] = [img.rgba[p]!, img.rgba[p + 1]!, img.rgba[p + 2]!];
      if (r - Math.max(g, b) > 30) red++;
      total++;
    }
  }
  return red / total;
}

function meanAbsDiff(a: Rgba, b: Rgba, box: Box): number {
  let sum = 0;
  let n = 0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const p = (y * a.width + x) * 4;
      for (let c = 0; c < 3; c++) sum += Math.abs(a.rgba[p + c]! - b.rgba[p + c]!);
      n += 3;
    }
  }
  return sum / n;
}

async function labelCount(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { lobusDebug: { labelCounts(): Record<number, number> } }).lobusDebug.labelCounts()[1] ?? 0);
}

/** The LPS point under the mouse, as the view's own readout states it. */
async function probeLps(page: Page, x: number, y: number): Promise<[number, number, number]> {
  await page.mouse.move(x, y);
  const text = (await page.getByTestId('probe-axial').textContent()) ?? '';
  const m = /LPS (-?[\d.]+), (-?[\d.]+), (-?[\d.]+) mm/.exec(text);
  if (!m) throw new Error(`no LPS readout in "${text}"`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

async function axialShot(page: Page, name: string): Promise<Rgba> {
  await page.mouse.move(5, 5); // the brush cursor leaves the view
  await page.waitForTimeout(400); // let the redraw after the edit land
  return decodePng(page, await shot(page, name, AXIAL));
}

type Stats = { frames: number; totalMs: number };
const renderTotals = (page: Page) => page.evaluate(() => {
  const s = (window as unknown as { lobusRenderStats: Stats }).lobusRenderStats;
  return { frames: s.frames, totalMs: s.totalMs };
});

/** Prints what one brush click costs: the edit itself, and the redraws (label texture upload included). */
async function reportEditCost(page: Page, x: number, y: number): Promise<void> {
  await page.mouse.move(x, y);
  await page.waitForTimeout(500);
  const before = await renderTotals(page);
  await page.mouse.down();
  await page.mouse.up();
  await page.waitForTimeout(1000);
  const after = await renderTotals(page);
  const edit = await page.evaluate(() => (window as unknown as { lobusEditStats: { lastEditMs: number } }).lobusEditStats.lastEditMs);
  await page.keyboard.press('Control+z');
  await page.waitForTimeout(1000);
  const frames = after.frames - before.frames;
  console.log(`[e2e] brush click: edit ${edit.toFixed(1)} ms; ${frames} redraws, ${((after.totalMs - before.totalMs) / Math.max(1, frames)).toFixed(1)} ms each (label texture re-upload included)`);
  expect(frames).toBeGreaterThan(0);
}

describe.skipIf(E2E_SKIP_REASON !== null)('paint, undo, redo and export the mask of the demo study', () => {
  let session: E2eSession;
  let downloadDir: string;
  beforeAll(async () => {
    session = await openLobus();
    downloadDir = mkdtempSync(path.join(tmpdir(), 'lobus-e2e-mask-'));
  });
  afterAll(async () => {
    await session?.close();
    if (downloadDir) rmSync(downloadDir, { recursive: true, force: true });
  });

  it('paints a brush stroke that shows, undoes, redoes and exports voxel for voxel', async () => {
    const { page } = session;
    await page.getByTestId('open-demo').click();
    await waitForSlice(page);
    await page.getByTestId('edit-toolbar').waitFor();
    await page.getByTestId('tool-brush').click();
    await page.getByTestId('brush-size').fill(String(BRUSH_MM));
    await page.getByTestId('brush-size').press('Enter');

    const view = (await page.locator(AXIAL).boundingBox())!;
    const cx = view.x + view.width / 2;
    const cy = view.y + view.height / 2;
    // Below-left of the centre: inside the phantom's body, clear of the crosshair lines through the centre.
    const from = { x: cx - 110, y: cy + 60 };
    const to = { x: cx - 40, y: cy + 60 };

    // One click paints one disc on the axial slice: π r² voxels of 1 × 1 mm.
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.up();
    const disc = await labelCount(page);
    expect(Math.abs(disc - Math.PI * BRUSH_MM ** 2) / (Math.PI * BRUSH_MM ** 2)).toBeLessThan(0.1);
    await page.keyboard.press('Control+z');
    expect(await labelCount(page)).toBe(0);

    const before = await axialShot(page, 'edit-01-before');
    const a = await probeLps(page, from.x, from.y);
    const b = await probeLps(page, to.x, to.y);
    const lengthMm = Math.hypot(b[0] - a[0], b[1] - a[1]);
    await page.mouse.down();
    await page.mouse.move(from.x, from.y);
    for (let s = 1; s <= 10; s++) await page.mouse.move(from.x + ((to.x - from.x) * s) / 10, from.y);
    await page.mouse.up();
    // A stroke is a capsule: a disc plus a 2r-wide band along its length.
    const expected = Math.PI * BRUSH_MM ** 2 + 2 * BRUSH_MM * lengthMm;
    const painted = await labelCount(page);
    expect(Math.abs(painted - expected) / expected).toBeLessThan(0.1);
    await expect.poll(() => page.getByTestId('unsaved-flag').isVisible()).toBe(true);
    expect(await leavingIsHeld(page)).toBe(true);

    const localBox = (half: number): Box => ({
      x0: Math.round(from.x - view.x), x1: Math.round(to.x - view.x),
      y0: Math.round(from.y - view.y - half), y1: Math.round(from.y - view.y + half),
    });
    const strokeBox = localBox(4);
    const afterPaint = await axialShot(page, 'edit-02-painted');
    expect(redFraction(before, strokeBox)).toBeLessThan(0.02);
    expect(redFraction(afterPaint, strokeBox)).toBeGreaterThan(0.9);

    await page.getByTestId('undo').click();
    expect(await labelCount(page)).toBe(0);
    const afterUndo = await axialShot(page, 'edit-03-undone');
    expect(redFraction(afterUndo, strokeBox)).toBeLessThan(0.02);
    expect(meanAbsDiff(afterUndo, before, localBox(25))).toBeLessThan(1);

    await page.getByTestId('redo').click();
    expect(await labelCount(page)).toBe(painted);
    const afterRedo = await axialShot(page, 'edit-04-redone');
    expect(meanAbsDiff(afterRedo, afterPaint, localBox(25))).toBeLessThan(1);

    // The lesion table re-measures the edited label: one lesion of painted × 1 × 1 × 2.5 mm³.
    await expect.poll(() => page.getByTestId('lesion-row').count(), { timeout: 30_000 }).toBe(1);
    const row = (await page.getByTestId('lesion-row').textContent()) ?? '';
    expect(row).toContain('Label 1');
    expect(row).toContain(((painted * 2.5) / 1000).toFixed(2));
    await reportEditCost(page, cx - 90, cy + 100);

    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await page.getByTestId('export-mask').click();
    await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(3);
    const mask = downloads.find((d) => d.suggestedFilename().endsWith('.nii.gz'))!;
    const maskFile = path.join(downloadDir, mask.suggestedFilename());
    await mask.saveAs(maskFile);
    const labelsDownload = downloads.find((d) => d.suggestedFilename().endsWith('.labels.json'))!;
    const labelsFile = path.join(downloadDir, labelsDownload.suggestedFilename());
    await labelsDownload.saveAs(labelsFile);
    expect(downloads.some((d) => d.suggestedFilename().endsWith('.provenance.json'))).toBe(true);
    await expect.poll(() => page.getByTestId('info-message').allTextContents()).toContain(`Downloaded ${mask.suggestedFilename()}`);
    expect(await page.getByTestId('unsaved-flag').count()).toBe(0);
    expect(await leavingIsHeld(page)).toBe(false);
    await shot(page, 'edit-05-exported');

    const phantom = makeDemoPhantom();
    const exported = await readLabelMap(maskFile, phantom);
    const inPage = Buffer.from(
      (await page.evaluate(() => (window as unknown as { lobusDebug: { labelMapBytes(): string | null } }).lobusDebug.labelMapBytes()))!,
      'base64',
    );
    expect(inPage.length).toBe(exported.data.length);
    expect(Buffer.from(exported.data).equals(inPage)).toBe(true);
    expect(exported.data.reduce((n, v) => n + (v === 1 ? 1 : 0), 0)).toBe(painted);
    expect(readFileSync(labelsFile, 'utf8')).toContain('Label 1');
  });
});
