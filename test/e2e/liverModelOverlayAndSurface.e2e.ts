import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAVE_SHARED_DATA, REPO_ROOT, caseFile } from '../unit/dataPaths.js';
import { decodePng, E2E_SKIP_REASON, openLobus, shot, waitForSlice, type E2eSession } from './support/harness.js';

const MANIFEST = path.join(REPO_ROOT, 'models', 'liver-u2net.json');
const SKIP_REASON =
  E2E_SKIP_REASON ?? (!HAVE_SHARED_DATA ? 'no ../shared/data' : !existsSync(MANIFEST) ? `no liver model (${path.relative(REPO_ROOT, MANIFEST)} is absent)` : null);
if (SKIP_REASON) console.warn(`[e2e] liver model test skipped: ${SKIP_REASON}`);

type Rgba = { width: number; height: number; rgba: Uint8Array };
type Rgb = [number, number, number];

/** Pixels in columns [x0, x1) whose hue leans towards `color` (the overlay over grey CT keeps the hue). */
function tintedPixels(img: Rgba, color: Rgb, x0: number, x1: number): number {
  const mean = (color[0] + color[1] + color[2]) / 3;
  const tint = color.map((c) => c - mean);
  const norm = Math.hypot(...tint);
  let n = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = x0; x < x1; x++) {
      const p = (y * img.width + x) * 4;
      const px = [img.rgba[p]!, img.rgba[p + 1]!, img.rgba[p + 2]!];
      const m = (px[0]! + px[1]! + px[2]!) / 3;
      const d = px.map((c, i) => (c - m) * tint[i]!).reduce((a, b) => a + b, 0) / norm;
      if (d > 20) n++;
    }
  }
  return n;
}

async function viewPixels(page: Page, name: string, testId: string): Promise<Rgba> {
  return decodePng(page, await shot(page, name, `[data-testid="${testId}"]`));
}

describe.skipIf(SKIP_REASON !== null)('the liver model on a real abdominal CT', () => {
  let session: E2eSession;
  beforeAll(async () => {
    session = await openLobus(caseFile('ts_ct_abdomen'));
  });
  afterAll(async () => {
    await session?.close();
  });

  it('draws the liver over the patient right upper abdomen, as a 3D surface, and measures 0.5–3 L', { timeout: 900_000 }, async () => {
    const { page } = session;
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { id: string; labels: { color: Rgb }[] };
    const color = manifest.labels[0]!.color;
    await page.getByTestId('library-item').filter({ hasText: 'image.nii.gz' }).first().click();
    await waitForSlice(page);
    await page.getByTestId('model-option').filter({ hasText: /liver/i }).locator('input').check();
    await page.getByTestId('run-model').click();
    await expect
      .poll(() => page.getByTestId('job-progress').getAttribute('data-state'), { timeout: 840_000, interval: 2000 })
      .toMatch(/done|failed|cancelled/);
    expect(await page.getByTestId('job-progress').getAttribute('data-state')).toBe('done');

    await expect.poll(() => page.getByTestId('lesion-row').count(), { timeout: 120_000 }).toBeGreaterThan(0);
    const first = page.getByTestId('lesion-row').first();
    const volumeMl = Number((await first.locator('td').nth(2).textContent())?.trim());
    expect(volumeMl).toBeGreaterThan(500);
    expect(volumeMl).toBeLessThan(3000);
    // An organ is not sized as a nodule: no solid part in its details.
    expect(await first.getAttribute('title')).not.toMatch(/solid part/i);
    await first.click(); // jump to the liver
    await page.waitForTimeout(800);

    const axial = await viewPixels(page, 'liver-01-axial', 'slice-view-axial');
    const half = Math.floor(axial.width / 2);
    const left = tintedPixels(axial, color, 0, half);
    const right = tintedPixels(axial, color, half, axial.width);
    // Patient right is screen left; the liver lies mostly there.
    expect(left).toBeGreaterThan(500);
    expect(left).toBeGreaterThan(2 * right);

    const before3d = await viewPixels(page, 'liver-02-3d-before', 'view-3d');
    expect(tintedPixels(before3d, color, 0, before3d.width)).toBeLessThan(50);
    await page.getByTestId('show-3d').click();
    await page.waitForTimeout(8000); // software ray casting: seconds per frame
    const surface = await viewPixels(page, 'liver-03-3d', 'view-3d');
    expect(tintedPixels(surface, color, 0, surface.width)).toBeGreaterThan(500);
    const build = await page.evaluate(() => (window as unknown as { lobusSurfaceStats: { lastBuildMs: number } }).lobusSurfaceStats.lastBuildMs);
    console.log(`[e2e] liver surface (122×101×112 grid) built in the worker in ${build.toFixed(0)} ms`);
    // The liver alone, see-through, on the dark background, on patient right (screen left).
    await page.getByTestId('surfaces-only').click();
    await page.waitForTimeout(3000);
    const alone = await viewPixels(page, 'liver-04-3d-surface-only', 'view-3d');
    const aloneHalf = Math.floor(alone.width / 2);
    expect(tintedPixels(alone, color, 0, aloneHalf)).toBeGreaterThan(500);
    expect(tintedPixels(alone, color, 0, aloneHalf)).toBeGreaterThan(tintedPixels(alone, color, aloneHalf, alone.width));
    await shot(page, 'liver-05-viewer');
  });
});
