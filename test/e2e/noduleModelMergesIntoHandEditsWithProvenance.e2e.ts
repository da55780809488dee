import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NODULES } from '../../main/core/demo/phantom.js';
import { REPO_ROOT } from '../unit/dataPaths.js';
import { E2E_SKIP_REASON, openLobus, shot, waitForSlice, type E2eSession } from './support/harness.js';
import { pointInView, screenPointOf } from './support/noduleClick.js';
import { CUDA_INSTALLED } from '../unit/support/ortCuda.js';

const MANIFEST = path.join(REPO_ROOT, 'models', 'nodule-unetpp.json');
const SKIP_REASON = E2E_SKIP_REASON ?? (!existsSync(MANIFEST) ? 'no nodule model in models/' : null);
const AXIAL = '[data-testid="slice-view-axial"]';

async function counts(page: Page): Promise<Record<number, number>> {
  return page.evaluate(() => (window as unknown as { lobusDebug: { labelCounts(): Record<number, number> } }).lobusDebug.labelCounts());
}

/** The lesion table's one row of `name` has a volume within a factor of two of a `diameterMm` sphere's. */
async function expectLesionSizedLike(page: Page, name: string, diameterMm: number): Promise<void> {
  const row = page.getByTestId('lesion-row').filter({ hasText: name });
  await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
  const ml = Number(await row.locator('td').nth(2).textContent());
  const sphereMl = ((4 / 3) * Math.PI * (diameterMm / 2) ** 3) / 1000;
  expect(ml).toBeGreaterThan(0.5 * sphereMl);
  expect(ml).toBeLessThan(2 * sphereMl);
}

describe.skipIf(SKIP_REASON !== null)('a model result arriving while the user has edited', () => {
  let session: E2eSession;
  let dir: string;
  beforeAll(async () => {
    session = await openLobus();
    dir = mkdtempSync(path.join(tmpdir(), 'lobus-e2e-nodule-'));
  });
  afterAll(async () => {
    await session?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the hand-painted label, adds the nodule as its own label, undoes as one step, exports both origins', { timeout: 600_000 }, async () => {
    const { page } = session;
    await page.getByTestId('open-demo').click();
    await waitForSlice(page);
    const view = (await page.locator(AXIAL).boundingBox())!;
    const cx = view.x + view.width / 2;
    const cy = view.y + view.height / 2;

    // A hand edit first: a 6 mm brush click in the liver.
    await page.getByTestId('tool-brush').click();
    await page.getByTestId('brush-size').fill('6');
    await page.getByTestId('brush-size').press('Enter');
    await page.mouse.move(cx - 80, cy + 20);
    await page.mouse.down();
    await page.mouse.up();
    const hand = (await counts(page))[1]!;
    expect(hand).toBeGreaterThan(80);
    await page.keyboard.press('Escape'); // leave the brush: a click now seeds the model

    // Scroll to the larger demo nodule's slice and click its centre in nodule mode.
    const nodule = DEMO_NODULES[1]!;
    await page.mouse.move(cx, cy);
    const sliceOf = async () => Number(((await page.getByTestId('slice-index-axial').textContent()) ?? '').split('/')[0]) - 1;
    const target = Math.round(nodule.centerLps[2] / 2.5);
    while ((await sliceOf()) < target) await page.mouse.wheel(0, 120);
    while ((await sliceOf()) > target) await page.mouse.wheel(0, -120);
    const probeX = async () => Number(/LPS (-?[\d.]+),/.exec((await page.getByTestId('probe-axial').textContent()) ?? '')![1]);
    const x0 = await probeX();
    await page.mouse.move(cx + 100, cy);
    const mmPerPx = ((await probeX()) - x0) / 100;
    await page.getByTestId('model-option').filter({ hasText: 'nodule' }).locator('input').check();
    // Click-to-segment models ask for the nodule first; whole-volume ones start at once.
    const needsSeed = ((await page.getByTestId('run-model').textContent()) ?? '').includes('Pick');
    await page.getByTestId('run-model').click();
    if (needsSeed) {
      await page.getByTestId('seed-hint').waitFor();
      await page.mouse.click(cx + (nodule.centerLps[0] - x0) / mmPerPx, cy + nodule.centerLps[1] / mmPerPx);
    }
    await expect
      .poll(() => page.getByTestId('job-progress').getAttribute('data-state'), { timeout: 540_000, interval: 1000 })
      .toMatch(/done|failed|cancelled/);
    expect(await page.getByTestId('job-progress').getAttribute('data-state')).toBe('done');
    // The panel asks for "Auto (GPU if available)": where the CUDA add-on is absent the user is told why it ran on the CPU.
    const ranOn = (await page.getByTestId('job-provider').textContent()) ?? '';
    expect(ranOn).toMatch(CUDA_INSTALLED ? /^Ran on GPU \(CUDA\)$/ : /^Ran on CPU — CUDA unavailable/);
    await expect.poll(() => page.getByTestId('label-item').count(), { timeout: 30_000 }).toBe(2);
    await page.waitForTimeout(500);
    const merged = await counts(page);
    expect(merged[1]).toBe(hand); // the hand edit is untouched
    // The model's quality is not this test's concern (its own tests pin it); that its voxels arrive is.
    expect(merged[2]).toBeGreaterThan(0.5 * (((4 / 3) * Math.PI * (nodule.diameterMm / 2) ** 3) / 2.5));
    // The lesion table lists the nodule with a plausible size: the 14 mm sphere is 1.44 mL.
    await expectLesionSizedLike(page, 'Nodule', nodule.diameterMm);
    // A solid nodule is its own solid part, sized like it.
    const details = (await page.getByTestId('lesion-row').filter({ hasText: 'Nodule' }).getAttribute('title')) ?? '';
    const solidMm = Number(/\nSolid part ([\d.]+) mm long axis · \d+ % of its voxels above −300 HU/.exec(details)?.[1]);
    expect(Math.abs(solidMm - nodule.diameterMm)).toBeLessThan(2);
    await shot(page, 'nodule-01-merged');

    // Undo takes the model's result back as one step; redo restores it.
    await page.getByTestId('undo').click();
    expect((await counts(page))[2] ?? 0).toBe(0);
    expect((await counts(page))[1]).toBe(hand);
    await page.getByTestId('redo').click();
    expect((await counts(page))[2]).toBe(merged[2]);

    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await page.getByTestId('export-mask').click();
    await expect.poll(() => downloads.length, { timeout: 30_000 }).toBe(3);
    const provenance = downloads.find((d) => d.suggestedFilename().endsWith('.provenance.json'))!;
    const file = path.join(dir, provenance.suggestedFilename());
    await provenance.saveAs(file);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('nodule-unetpp');
    expect(text).toContain(String(hand));
    expect(text).toContain(String(merged[2]));
  });

  it('nodule mode stays on: a second nodule, clicked in the coronal view, is "Nodule 2" in a colour of its own, and a click made meanwhile waits its turn', { timeout: 300_000 }, async () => {
    const { page } = session;
    const nodule = DEMO_NODULES[0]!;
    // Still in nodule mode from the first click (undo, redo and the export do not end it).
    expect(await page.getByTestId('seed-hint').count()).toBe(1);
    const at = await pointInView(page, 'coronal', nodule.centerLps);
    // The coronal click moves the axial view to this nodule's slice: there, 18 mm beside it, the right lung is aerated.
    const aerated = await screenPointOf(page, [-55, 0, nodule.centerLps[2]]);
    await page.mouse.click(at.x, at.y);
    await page.mouse.click(aerated.x, aerated.y);
    await expect.poll(() => page.getByTestId('label-item').count(), { timeout: 240_000 }).toBe(3);
    // The second click is answered after the nodule is in: no nodule there, where the model ran, and nothing added.
    await expect.poll(() => page.getByTestId('job-progress').getAttribute('data-answered'), { timeout: 240_000, interval: 500 }).toBe('true');
    expect(await page.getByTestId('job-progress').getAttribute('data-state')).toBe('done');
    expect((await page.getByTestId('job-answer').textContent()) ?? '').toMatch(/^No nodule found at this point/);
    expect((await page.getByTestId('answer-provider').textContent()) ?? '').toMatch(CUDA_INSTALLED ? /^Ran on GPU \(CUDA\)$/ : /^Ran on CPU — CUDA unavailable/);
    expect(await page.getByTestId('label-item').count()).toBe(3);
    expect(await page.getByTestId('seed-hint').count()).toBe(1);
    const names = await page.getByTestId('label-name').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(names.slice(1)).toEqual(['Nodule', 'Nodule 2']);
    const colours = await page.getByTestId('label-color').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(new Set(colours).size).toBe(3);
    await expectLesionSizedLike(page, 'Nodule 2', nodule.diameterMm);
    await shot(page, 'nodule-02-second-from-coronal');
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('seed-hint').count()).toBe(0);
    // The button that started the mode reads Stop picking while it is on, and stops it.
    await page.getByTestId('run-model').click();
    await page.getByTestId('seed-hint').waitFor();
    expect(await page.getByTestId('run-model').textContent()).toBe('Stop picking');
    await page.getByTestId('run-model').click();
    expect(await page.getByTestId('seed-hint').count()).toBe(0);
    expect(await page.getByTestId('run-model').textContent()).toMatch(/Pick nodules…/);
  });
});
