import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { HAVE_SHARED_DATA, caseFile } from '../unit/dataPaths.js';
import { decodePng, E2E_SKIP_REASON, openLobus, shot, waitForSlice, type E2eSession } from './support/harness.js';

async function axialPixels(page: Page, name: string) {
  return decodePng(page, await shot(page, name, '[data-testid="slice-view-axial"]'));
}

function meanLuminance(img: { rgba: Uint8Array }): number {
  let sum = 0;
  for (let p = 0; p < img.rgba.length; p += 4) sum += 0.299 * img.rgba[p]! + 0.587 * img.rgba[p + 1]! + 0.114 * img.rgba[p + 2]!;
  return sum / (img.rgba.length / 4);
}

function differingFraction(a: { rgba: Uint8Array }, b: { rgba: Uint8Array }): number {
  let differing = 0;
  for (let p = 0; p < a.rgba.length; p += 4) if (Math.abs(a.rgba[p]! - b.rgba[p]!) > 8) differing++;
  return differing / (a.rgba.length / 4);
}

async function openFromLibrary(page: Page, name: string): Promise<void> {
  await page.getByTestId('library-item').filter({ hasText: name }).first().click();
  await waitForSlice(page);
}

describe.skipIf(E2E_SKIP_REASON !== null || !HAVE_SHARED_DATA)('the viewer on real cases from ../shared/data', () => {
  let session: E2eSession | undefined;
  afterEach(async () => {
    await session?.close();
    session = undefined;
  });

  it('opens a NIfTI CT, scrolls through slices and applies the lung window', async () => {
    session = await openLobus(caseFile('ts_ct_abdomen'));
    const { page } = session;
    await openFromLibrary(page, 'image.nii.gz');
    expect(await page.getByTestId('study-header').textContent()).toContain('CT');
    const index = page.getByTestId('slice-index-axial');
    const before = await index.textContent();
    expect(before).toMatch(/^\s*\d+\s*\/\s*112\s*$/);
    const first = await axialPixels(page, '10-nifti-axial');

    const view = page.getByTestId('slice-view-axial');
    const box = (await view.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let n = 0; n < 10; n++) await page.mouse.wheel(0, -120);
    await page.waitForTimeout(500);
    const after = await index.textContent();
    expect(after).not.toBe(before);
    const scrolled = await axialPixels(page, '11-nifti-axial-scrolled');
    expect(differingFraction(first, scrolled)).toBeGreaterThan(0.02);

    // Lung window (L −600, W 1500) shows soft tissue near white, where the abdomen window shows it mid-grey.
    await page.getByTestId('preset-abdomen').click();
    await page.waitForTimeout(300);
    const abdomen = meanLuminance(await axialPixels(page, '12-nifti-abdomen-window'));
    await page.getByTestId('preset-lung').click();
    await page.waitForTimeout(300);
    const lung = meanLuminance(await axialPixels(page, '13-nifti-lung-window'));
    expect(lung).toBeGreaterThan(abdomen + 15);
  });

  it('opens a JPEG 2000 DICOM series with its 20 slices', async () => {
    session = await openLobus(caseFile('ts_ct_dicom_abdomen'));
    const { page } = session;
    await openFromLibrary(page, 'dicom');
    expect(await page.getByTestId('slice-index-axial').textContent()).toMatch(/\/\s*20\s*$/);
    const img = await axialPixels(page, '14-dicom-axial');
    expect(meanLuminance(img)).toBeGreaterThan(20);
  });
});
