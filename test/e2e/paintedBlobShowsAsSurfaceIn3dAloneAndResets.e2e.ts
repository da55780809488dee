import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL_PALETTE } from '../../main/core/editing/labelTable.js';
import { decodePng, E2E_SKIP_REASON, openLobus, shot, waitForSlice, type E2eSession } from './support/harness.js';

const AXIAL = '[data-testid="slice-view-axial"]';
const VIEW_3D = '[data-testid="view-3d"]';
/** Rows at the top and bottom of the 3D view hold its buttons; pixels are counted between them. */
const TOOLBAR_ROWS = 30;
/** The crosshair's left–right line in 3D has the sagittal view's colour (styles.css). */
const SAGITTAL_YELLOW: Rgb = [0xda, 0xaa, 0x3f];

type Rgba = { width: number; height: number; rgba: Uint8Array };
type Rgb = readonly [number, number, number];

/** Hue (degrees), saturation and luminance of a pixel: shading changes its luminance, not its hue. */
function hsl(r: number, g: number, b: number): { hue: number; saturation: number; luminance: number } {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const c = max - min;
  let hue = 0;
  if (c > 0) hue = max === r ? ((g - b) / c + 6) % 6 : max === g ? (b - r) / c + 2 : (r - g) / c + 4;
  return { hue: hue * 60, saturation: max ? c / max : 0, luminance: 0.299 * r + 0.587 * g + 0.114 * b };
}

const hueDistance = (a: number, b: number) => Math.min(Math.abs(a - b), 360 - Math.abs(a - b));

/**
 * Pixels between the toolbars: those of `color`'s hue (the label surface), and the other lit ones (the
 * volume-rendered image, whose soft-tissue colours are orange to white, and the crosshair's short lines).
 */
function classify(img: Rgba, color: Rgb): { label: number; other: number } {
  const want = hsl(...color).hue;
  let label = 0;
  let other = 0;
  for (let y = TOOLBAR_ROWS; y < img.height - TOOLBAR_ROWS; y++) {
    for (let x = 0; x < img.width; x++) {
      const p = (y * img.width + x) * 4;
      const px = hsl(img.rgba[p]!, img.rgba[p + 1]!, img.rgba[p + 2]!);
      if (px.luminance < 25) continue;
      if (px.saturation > 0.5 && hueDistance(px.hue, want) < 10) label++;
      else other++;
    }
  }
  return { label, other };
}

/** Mean row of the pixels of `color`'s hue (NaN when there are none). */
function meanRow(img: Rgba, color: Rgb): number {
  const want = hsl(...color).hue;
  let sum = 0;
  let n = 0;
  for (let y = TOOLBAR_ROWS; y < img.height - TOOLBAR_ROWS; y++) {
    for (let x = 0; x < img.width; x++) {
      const p = (y * img.width + x) * 4;
      const px = hsl(img.rgba[p]!, img.rgba[p + 1]!, img.rgba[p + 2]!);
      if (px.luminance >= 25 && px.saturation > 0.5 && hueDistance(px.hue, want) < 10) {
        sum += y;
        n++;
      }
    }
  }
  return sum / n;
}

function meanAbsDiff(a: Rgba, b: Rgba): number {
  let sum = 0;
  for (let p = 0; p < a.rgba.length; p += 4) for (let c = 0; c < 3; c++) sum += Math.abs(a.rgba[p + c]! - b.rgba[p + c]!);
  return sum / ((a.rgba.length / 4) * 3);
}

async function view3d(page: Page, name: string): Promise<Rgba> {
  await page.mouse.move(5, 5);
  return decodePng(page, await shot(page, name, VIEW_3D));
}

const surfaceBuilds = (page: Page) =>
  page.evaluate(() => (window as unknown as { lobusSurfaceStats: { builds: number; lastBuildMs: number; lastLabels: number[] } }).lobusSurfaceStats);

/** Waits until nothing has been drawn for 1.5 s (software ray casting takes a second or more per frame). */
async function settle(page: Page): Promise<void> {
  const frames = () => page.evaluate(() => (window as unknown as { lobusRenderStats: { frames: number } }).lobusRenderStats.frames);
  const deadline = Date.now() + 30_000;
  let last = -1;
  for (let now = await frames(); now !== last && Date.now() < deadline; now = await frames()) {
    last = now;
    await page.waitForTimeout(1500);
  }
}

describe.skipIf(E2E_SKIP_REASON !== null)('a painted blob in the 3D view of the demo study', () => {
  let session: E2eSession;
  beforeAll(async () => {
    session = await openLobus();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('shows as a surface in its label colour, alone with "Surfaces only"; edits rebuild only their label, a deleted label loses its surface; Reset and the crosshair marker work', { timeout: 300_000 }, async () => {
    const { page } = session;
    const color = LABEL_PALETTE[0]!;
    await page.getByTestId('open-demo').click();
    await waitForSlice(page);
    await page.getByTestId('tool-brush').click();
    await page.getByTestId('brush-3d').check();
    await page.getByTestId('brush-size').fill('12');
    await page.getByTestId('brush-size').press('Enter');

    // A 3-D brush stroke below-left of the centre: a capsule of spheres inside the phantom's body.
    const axial = (await page.locator(AXIAL).boundingBox())!;
    const cx = axial.x + axial.width / 2;
    const cy = axial.y + axial.height / 2;
    await page.mouse.move(cx - 110, cy + 60);
    await page.mouse.down();
    for (let s = 1; s <= 8; s++) await page.mouse.move(cx - 110 + (70 * s) / 8, cy + 60);
    await page.mouse.up();

    await page.getByTestId('show-3d').click();
    await expect.poll(async () => (await surfaceBuilds(page)).builds, { timeout: 30_000 }).toBeGreaterThan(0);
    const firstBuild = await surfaceBuilds(page);
    console.log(`[e2e] surface of the painted blob built in ${firstBuild.lastBuildMs.toFixed(0)} ms (worker)`);
    await settle(page);
    const withImage = await view3d(page, 'surface-01-with-image');
    const withImagePixels = classify(withImage, color);
    // Partly behind the phantom's liver, which the ray cast draws in front of it.
    expect(withImagePixels.label).toBeGreaterThan(300);
    expect(withImagePixels.other).toBeGreaterThan(20_000);

    await page.getByTestId('surfaces-only').click();
    await settle(page);
    const alone = await view3d(page, 'surface-02-surfaces-only');
    const alonePixels = classify(alone, color);
    // What stays lit besides the surface is the crosshair marker: a few hundred pixels at most.
    expect(alonePixels.other).toBeLessThan(withImagePixels.other / 20);
    expect(alonePixels.label).toBeGreaterThanOrEqual(withImagePixels.label);
    // Its left–right line, in the sagittal view's yellow, crosses the view at the crosshair point.
    expect(classify(alone, SAGITTAL_YELLOW).label).toBeGreaterThan(40);

    // An edit rebuilds only the label it touched, and the surface grows (a sphere further to patient right).
    await page.mouse.move(cx - 140, cy + 60);
    await page.mouse.down();
    await page.mouse.up();
    await expect.poll(async () => (await surfaceBuilds(page)).builds, { timeout: 30_000 }).toBeGreaterThan(firstBuild.builds);
    const afterEdit = await surfaceBuilds(page);
    expect(afterEdit.lastLabels).toEqual([1]);
    console.log(`[e2e] surface rebuilt after the edit in ${afterEdit.lastBuildMs.toFixed(0)} ms (worker, label 1 only)`);
    await settle(page);
    const grown = await view3d(page, 'surface-03-after-edit');
    expect(classify(grown, color).label).toBeGreaterThan(alonePixels.label * 1.1);

    // Rotate with the mouse, then Reset: back to the anterior view.
    const box = (await page.locator(VIEW_3D).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let s = 1; s <= 6; s++) await page.mouse.move(box.x + box.width / 2 + 25 * s, box.y + box.height / 2 + 8 * s);
    await page.mouse.up();
    await settle(page);
    const rotated = await view3d(page, 'surface-04-rotated');
    expect(meanAbsDiff(rotated, grown)).toBeGreaterThan(0.5);
    await page.getByTestId('reset-3d').click();
    await settle(page);
    const reset = await view3d(page, 'surface-05-reset');
    expect(meanAbsDiff(reset, grown)).toBeLessThan(0.2);

    // Twenty axial slices up (50 mm towards the head): the crosshair marker follows, up the screen.
    await page.keyboard.press('PageUp');
    await page.keyboard.press('PageUp');
    await settle(page);
    const moved = await view3d(page, 'surface-06-crosshair-moved');
    expect(meanRow(moved, SAGITTAL_YELLOW)).toBeLessThan(meanRow(reset, SAGITTAL_YELLOW) - 20);

    // A second label, painted on patient left: only it is meshed, and it shows in its own colour.
    const label1Pixels = classify(moved, color).label;
    await page.getByTestId('label-add').click();
    const beforeLabel2 = (await surfaceBuilds(page)).builds;
    await page.mouse.move(cx + 60, cy + 60);
    await page.mouse.down();
    await page.mouse.up();
    await expect.poll(async () => (await surfaceBuilds(page)).builds, { timeout: 30_000 }).toBeGreaterThan(beforeLabel2);
    expect((await surfaceBuilds(page)).lastLabels).toEqual([2]);
    await settle(page);
    const twoLabels = await view3d(page, 'surface-07-two-labels');
    expect(classify(twoLabels, LABEL_PALETTE[1]!).label).toBeGreaterThan(200);
    expect(classify(twoLabels, color).label).toBeGreaterThan(0.9 * label1Pixels);

    // Deleting the label takes its surface away; label 1's stays.
    const beforeDelete = (await surfaceBuilds(page)).builds;
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('[data-testid="label-item"][data-value="2"] [data-testid="label-delete"]').click();
    await expect.poll(async () => (await surfaceBuilds(page)).builds, { timeout: 30_000 }).toBeGreaterThan(beforeDelete);
    await settle(page);
    const deleted = await view3d(page, 'surface-08-label-deleted');
    expect(classify(deleted, LABEL_PALETTE[1]!).label).toBeLessThan(20);
    expect(classify(deleted, color).label).toBeGreaterThan(0.9 * label1Pixels);
    await shot(page, 'surface-09-viewer');
  });
});
