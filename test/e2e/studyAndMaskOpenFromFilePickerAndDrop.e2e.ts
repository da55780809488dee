import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseFile, HAVE_SHARED_DATA } from '../unit/dataPaths.js';
import { decodePng, E2E_SKIP_REASON, openLobus, shot, waitForSlice, type E2eSession } from './support/harness.js';

type Rgba = { width: number; height: number; rgba: Uint8Array };

/** Pixels whose hue leans towards `color` (a label overlay over grey CT keeps the label's hue). */
function tintedPixels(img: Rgba, color: [number, number, number]): number {
  const mean = (color[0] + color[1] + color[2]) / 3;
  const tint = color.map((c) => c - mean);
  const norm = Math.hypot(...tint);
  let n = 0;
  for (let p = 0; p < img.rgba.length; p += 4) {
    const m = (img.rgba[p]! + img.rgba[p + 1]! + img.rgba[p + 2]!) / 3;
    const d = ((img.rgba[p]! - m) * tint[0]! + (img.rgba[p + 1]! - m) * tint[1]! + (img.rgba[p + 2]! - m) * tint[2]!) / norm;
    if (d > 20) n++;
  }
  return n;
}

const axial = async (page: Page, name: string) => decodePng(page, await shot(page, name, '[data-testid="slice-view-axial"]'));

async function labelColor(page: Page): Promise<[number, number, number]> {
  const hex = await page.getByTestId('label-layer').first().locator('input[type="color"]').inputValue();
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** Drags files built in the page onto an element, as a drag from the desktop would; `hoverOnly` stops before the drop. */
async function dropFiles(page: Page, testId: string, files: { name: string; bytes: Buffer }[], hoverOnly = false): Promise<void> {
  await page.evaluate(
    ({ testId, files, hoverOnly }) => {
      const transfer = new DataTransfer();
      for (const f of files) transfer.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name));
      const target = document.querySelector(`[data-testid="${testId}"]`)!;
      const types = hoverOnly ? ['dragenter', 'dragover'] : ['dragenter', 'dragover', 'drop'];
      for (const type of types) target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
    },
    { testId, files: files.map((f) => ({ name: f.name, b64: f.bytes.toString('base64') })), hoverOnly },
  );
}

const dicomFiles = () => readdirSync(caseFile('ts_ct_dicom_abdomen', 'dicom')).map((name) => ({ name, bytes: readFileSync(caseFile('ts_ct_dicom_abdomen', 'dicom', name)) }));

describe.skipIf(E2E_SKIP_REASON !== null || !HAVE_SHARED_DATA)('a study and its mask opened from files the user picks (browser build)', () => {
  let session: E2eSession;
  beforeAll(async () => {
    session = await openLobus(null);
  });
  afterAll(async () => {
    await session?.close();
  });

  it('a truncated upload is refused with a message and the start screen stays usable', { timeout: 120_000 }, async () => {
    const { page } = session;
    const whole = readFileSync(caseFile('ts_ct_abdomen', 'image.nii.gz'));
    await page.getByTestId('file-input').setInputFiles({ name: 'broken.nii.gz', mimeType: 'application/gzip', buffer: whole.subarray(0, 100_000) });
    await expect.poll(() => page.getByTestId('error-message').first().textContent(), { timeout: 30_000 }).toMatch(/broken\.nii\.gz is truncated/);
    await shot(page, 'upload-01-truncated-refused');
    expect(await page.getByTestId('start-screen').isVisible()).toBe(true);
  });

  it('opens image.nii.gz by the file picker, loads liver.nii.gz as a mask: one ~1123 mL lesion over the axial view, undone in one step', { timeout: 300_000 }, async () => {
    const { page } = session;
    await page.getByTestId('file-input').setInputFiles(caseFile('ts_ct_abdomen', 'image.nii.gz'));
    await waitForSlice(page);
    expect(await page.getByTestId('study-header').textContent()).toContain('image.nii.gz');
    expect(await page.getByTestId('slice-index-axial').textContent()).toMatch(/\/\s*112/);

    await page.getByTestId('mask-input').setInputFiles(caseFile('ts_ct_abdomen', 'liver.nii.gz'));
    await expect.poll(() => page.getByTestId('lesion-row').count(), { timeout: 120_000 }).toBe(1);
    const row = page.getByTestId('lesion-row').first();
    expect(await row.locator('td').nth(1).textContent()).toBe('liver');
    const volumeMl = Number((await row.locator('td').nth(2).textContent())?.trim());
    expect(volumeMl).toBeGreaterThan(1110);
    expect(volumeMl).toBeLessThan(1135);
    await row.click(); // jump to the liver
    await page.waitForTimeout(800);
    const color = await labelColor(page);
    const masked = tintedPixels(await axial(page, 'upload-02-liver-mask-axial'), color);
    await shot(page, 'upload-03-viewer-with-mask');

    // The mask is one undo step: labels and voxels go together.
    await page.locator('body').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('label-item').count(), { timeout: 10_000 }).toBe(0);
    await page.waitForTimeout(500);
    // The view's own red title and crosshair stay; the liver overlay (thousands of pixels) goes.
    const undone = tintedPixels(await axial(page, 'upload-04-undone-axial'), color);
    console.info(`[e2e] axial pixels tinted like the liver label: ${masked} with the mask, ${undone} after undo`);
    expect(masked - undone).toBeGreaterThan(5000);
    expect(undone).toBeLessThan(masked / 5);

    // Dropped onto the viewer, the NIfTI asks whether it is a mask or a study; as a mask it loads again.
    await dropFiles(page, 'study-header', [{ name: 'liver.nii.gz', bytes: readFileSync(caseFile('ts_ct_abdomen', 'liver.nii.gz')) }]);
    await page.getByTestId('drop-choice').waitFor({ timeout: 10_000 });
    await shot(page, 'upload-05-drop-choice');
    await page.getByTestId('drop-as-mask').click();
    await expect.poll(() => page.getByTestId('lesion-row').count(), { timeout: 120_000 }).toBe(1);

    // A mask on another grid is refused, naming the mismatch.
    await page.getByTestId('mask-input').setInputFiles(caseFile('ts_ct_dicom_abdomen', 'liver.nii.gz'));
    await expect
      .poll(async () => (await page.getByTestId('error-message').allTextContents()).join(' '), { timeout: 30_000 })
      .toMatch(/different grid from the image: its size is 512 × 512 × 20 voxels/);
    await shot(page, 'upload-06-wrong-grid-refused');
    expect(await page.getByTestId('lesion-row').count()).toBe(1);
  });

  it('opens the ts_ct_dicom_abdomen series by the DICOM folder picker, by dropping its files, and a dropped second series through the picker', { timeout: 180_000 }, async () => {
    const { page } = session;
    page.once('dialog', (dialog) => void dialog.accept()); // leaving the unsaved mask of the previous test
    if (await page.getByTestId('study-header').count()) await page.getByRole('button', { name: /Studies/ }).click();
    await page.getByTestId('start-screen').waitFor();
    await page.getByTestId('folder-input').setInputFiles(caseFile('ts_ct_dicom_abdomen', 'dicom'));
    await waitForSlice(page);
    expect(await page.getByTestId('study-header').textContent()).toContain('512 × 512 × 20');
    // Closing the previous study left no error behind and none of its labels.
    expect(await page.locator('.fatal-error').count()).toBe(0);
    expect(await page.getByTestId('label-layer').count()).toBe(0);
    await shot(page, 'upload-07-dicom-folder-picked');

    await page.getByRole('button', { name: /Studies/ }).click();
    await page.getByTestId('start-screen').waitFor();
    await dropFiles(page, 'start-screen', dicomFiles(), true);
    await page.getByTestId('drop-hint').waitFor({ timeout: 5000 });
    await shot(page, 'upload-08-drop-hint');
    await dropFiles(page, 'start-screen', dicomFiles());
    await waitForSlice(page);
    expect(await page.getByTestId('study-header').textContent()).toContain('512 × 512 × 20');
    expect(await page.getByTestId('slice-index-axial').textContent()).toMatch(/\/\s*20/);

    // Files of two series: the series picker offers both and opens the chosen one from the same upload.
    await page.getByRole('button', { name: /Studies/ }).click();
    const threeSlices = readdirSync(caseFile('dcmqi_ct_3slice', 'dicom')).map((name) => ({ name, bytes: readFileSync(caseFile('dcmqi_ct_3slice', 'dicom', name)) }));
    await dropFiles(page, 'start-screen', [...dicomFiles(), ...threeSlices]);
    await page.getByTestId('series-picker').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('series-item').count()).toBe(2);
    await shot(page, 'upload-09-series-picker');
    await page.getByTestId('series-item').filter({ hasText: '3 slices' }).click();
    await waitForSlice(page);
    expect(await page.getByTestId('study-header').textContent()).toContain('512 × 512 × 3');
  });
});
