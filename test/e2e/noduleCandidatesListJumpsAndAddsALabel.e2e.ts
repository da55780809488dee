import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_GEOMETRY, DEMO_NODULES } from '../../main/core/demo/phantom.js';
import { REPO_ROOT } from '../unit/dataPaths.js';
import { E2E_SKIP_REASON, openLobus, shot, waitForSlice, type E2eSession } from './support/harness.js';
import { pointInView } from './support/noduleClick.js';

const MANIFEST = path.join(REPO_ROOT, 'models', 'nodule-unetpp.json');
const SKIP_REASON = E2E_SKIP_REASON ?? (!existsSync(MANIFEST) ? 'no nodule model in models/' : null);

const axialIndex = async (page: Page) => Number(((await page.getByTestId('slice-index-axial').textContent()) ?? '').split('/')[0]) - 1;
const sliceOfZ = (z: number) => Math.round((z - DEMO_GEOMETRY.origin[2]) / DEMO_GEOMETRY.spacing[2]);
const labelCounts = (page: Page) =>
  page.evaluate(() => (window as unknown as { lobusDebug: { labelCounts(): Record<number, number> } }).lobusDebug.labelCounts());

describe.skipIf(SKIP_REASON !== null)('nodule candidates in the viewer', () => {
  let session: E2eSession;
  beforeAll(async () => {
    session = await openLobus();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('finds candidates on the demo CT, jumps to the top one and adds it as a label, undoable', { timeout: 300_000 }, async () => {
    const { page } = session;
    await page.getByTestId('open-demo').click();
    await waitForSlice(page);
    const startSlice = await axialIndex(page);

    await page.getByTestId('find-candidates').click();
    await page.getByTestId('candidates-progress').waitFor();
    // The demo opens in the abdomen window; the search shows the lungs, where the candidates are.
    expect(await page.getByTestId('preset-lung').getAttribute('class')).toContain('active');
    await shot(page, 'candidates-01-running');
    await expect
      .poll(() => page.getByTestId('candidates-progress').getAttribute('data-state'), { timeout: 240_000, interval: 1000 })
      .toMatch(/done|failed|cancelled/);
    expect(await page.getByTestId('candidates-progress').getAttribute('data-state')).toBe('done');
    await expect.poll(() => page.getByTestId('candidate-row').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('candidates-summary').textContent()).toMatch(/\d+ candidates · [\d.]+ (mL|L) of lung searched · \d+ s · (CPU|GPU)/);
    await shot(page, 'candidates-02-list');
    // Each size is the mean axial diameter (Fleischner, Lung-RADS); its tooltip gives the long and short axes it comes from.
    for (const cell of await page.getByTestId('candidate-diameter').all()) {
      const axes = /^long ([\d.]+) × short ([\d.]+) mm/.exec((await cell.getAttribute('title')) ?? '');
      expect(axes).not.toBeNull();
      expect(Number(await cell.textContent())).toBeCloseTo((Number(axes![1]) + Number(axes![2])) / 2, 0);
    }
    // The phantom's nodules are hard-edged 40 HU spheres in −850 HU lung: each is listed at its own size (the voxelised
    // 10 and 14 mm spheres measure 11.3 and 15.2 mm corner to corner) and as solid, not averaged with the lung around it.
    const sizes = (await page.getByTestId('candidate-diameter').allTextContents()).map(Number);
    const meanHu = (await page.getByTestId('candidate-hu').allTextContents()).map(Number);
    for (const { diameterMm } of DEMO_NODULES) {
      const row = sizes.findIndex((s) => Math.abs(s - diameterMm) < 1.5);
      expect(row, `a ${diameterMm} mm candidate among ${sizes.join(', ')} mm`).toBeGreaterThanOrEqual(0);
      expect(meanHu[row]).toBeGreaterThan(0);
    }

    // The top candidate is one of the phantom's nodules: the axial view moves to that nodule's slice.
    const top = page.getByTestId('candidate-row').first();
    await top.click();
    const noduleSlices = DEMO_NODULES.map((n) => sliceOfZ(n.centerLps[2]));
    const slicesFromNearestNodule = async () => {
      const k = await axialIndex(page);
      return Math.min(...noduleSlices.map((s) => Math.abs(s - k)));
    };
    await expect.poll(slicesFromNearestNodule).toBeLessThanOrEqual(1);
    expect(await axialIndex(page)).not.toBe(startSlice);
    await expect.poll(() => top.getAttribute('class')).toContain('selected');

    const labelsBefore = await page.getByTestId('label-item').count();
    await top.getByTestId('add-candidate').click();
    await expect.poll(() => page.getByTestId('label-item').count(), { timeout: 10_000 }).toBe(labelsBefore + 1);
    await expect(page.getByTestId('label-name').last().inputValue()).resolves.toBe('Nodule 1');
    expect(await top.getByTestId('add-candidate').isDisabled()).toBe(true);
    const value = Number(await page.getByTestId('label-item').last().getAttribute('data-value'));
    const added = (await labelCounts(page))[value] ?? 0;
    expect(added).toBeGreaterThan(50);
    await page.waitForTimeout(800); // the lesion table re-measures after a short pause
    await shot(page, 'candidates-03-added');

    // One undo takes back the label and its voxels together; the candidate can then be added again.
    await page.getByTestId('undo').click();
    await expect.poll(() => page.getByTestId('label-item').count()).toBe(labelsBefore);
    expect((await labelCounts(page))[value] ?? 0).toBe(0);
    expect(await top.getByTestId('add-candidate').isDisabled()).toBe(false);
  });

  it('a nodule already outlined is not given a second label: by a click on it, nor by adding its candidate', { timeout: 300_000 }, async () => {
    const { page } = session;
    const rows = page.getByTestId('candidate-row');
    const sizes = (await page.getByTestId('candidate-diameter').allTextContents()).map(Number);
    const rowOf = (n: (typeof DEMO_NODULES)[number]) => rows.nth(sizes.findIndex((s) => Math.abs(s - n.diameterMm) < 1.5));
    const [small, large] = DEMO_NODULES as [(typeof DEMO_NODULES)[number], (typeof DEMO_NODULES)[number]];
    const labels = () => page.getByTestId('label-item').count();

    // The large nodule added from the list, then clicked in nodule mode: answered, not labelled again.
    await rowOf(large).getByTestId('add-candidate').click();
    await expect.poll(labels).toBe(1);
    const onLarge = await pointInView(page, 'axial', large.centerLps);
    await page.getByTestId('model-option').filter({ hasText: 'nodule' }).locator('input').check();
    await page.getByTestId('run-model').click();
    await page.getByTestId('seed-hint').waitFor();
    await page.mouse.click(onLarge.x, onLarge.y);
    await expect.poll(() => page.getByTestId('job-progress').getAttribute('data-answered'), { timeout: 60_000 }).toBe('true');
    expect(await page.getByTestId('job-answer').textContent()).toMatch(/^Already outlined as “Nodule \d” \(1\.\d\d mL\), so nothing was added/);
    expect(await labels()).toBe(1);

    // The small nodule clicked first, then its candidate added: the row reads Added and no label is made.
    const onSmall = await pointInView(page, 'axial', small.centerLps);
    await page.mouse.click(onSmall.x, onSmall.y);
    await expect.poll(labels, { timeout: 60_000 }).toBe(2);
    await expect(page.getByTestId('label-name').last().inputValue()).resolves.toBe('Nodule');
    await rowOf(small).getByTestId('add-candidate').click();
    await page.getByTestId('info-message').filter({ hasText: 'is already outlined as “Nodule”; nothing was added' }).waitFor();
    expect(await rowOf(small).getByTestId('add-candidate').isDisabled()).toBe(true);
    expect(await labels()).toBe(2);
    await shot(page, 'candidates-04-already-outlined');
  });
});
