import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { worldToIndex } from '../../main/core/volume/geometry.js';
import type { Vec3 } from '../../main/core/volume/types.js';
import { HAVE_SHARED_DATA } from '../unit/dataPaths.js';
import { contouredNodules, lidcVolume } from '../unit/nodules/noduleFixtures.js';
import { E2E_SKIP_REASON, shot, type E2eSession } from './support/harness.js';
import { clickWithNoduleModel, openAtPoint, openLobusBeside } from './support/noduleClick.js';

const SKIP_REASON = E2E_SKIP_REASON ?? (!HAVE_SHARED_DATA ? 'no ../shared/data (LIDC-0002)' : null);

async function setNumber(page: Page, locator: ReturnType<Page['locator']>, value: number): Promise<void> {
  await locator.fill(String(value));
  await locator.press('Enter');
}

/**
 * The model misses LIDC-0002's subpleural ground-glass nodule (issue 7), or keeps a small piece of it. A user who
 * clicks it must get the ground glass outlined by density (readers 7.2–8.5 mL; measured 8.0 mL, Dice 0.82), be told
 * how it was outlined and which tool corrects it; following that advice (threshold brush, −800 to −300 HU, one 3-D dab
 * over the nodule) must keep a lesion of about the readers' size, not a leak into the lung.
 */
describe.skipIf(SKIP_REASON !== null)('a click on the ground-glass nodule the model misses', () => {
  let session: E2eSession;
  let file: string;
  let close: (() => Promise<void>) | undefined;
  let centre: Vec3;
  let slice: number;
  beforeAll(async () => {
    const volume = await lidcVolume('lidc_idri_0002');
    centre = contouredNodules('lidc_idri_0002')[0]!.centroid_lps_mm;
    slice = Math.round(worldToIndex(volume, centre)[2]);
    ({ session, file, close } = await openLobusBeside(volume, 'lidc0002.nii'));
  }, 180_000);
  afterAll(async () => {
    await close?.();
  });

  it('outlines it by density, says how, and the threshold brush it names corrects it', { timeout: 300_000 }, async () => {
    const { page } = session;
    const onNodule = await openAtPoint(page, file, slice, centre);
    expect(await clickWithNoduleModel(page, onNodule)).toBe('done');
    expect(await page.getByTestId('job-note').textContent()).toMatch(/outlined by density: -800 to -300 HU joined to the click, out to \d+ mm from its centre.*Threshold brush at -800 to -300 HU corrects it\.$/);
    const volumes = () => page.getByTestId('lesion-row').evaluateAll((rows) => rows.map((r) => Number(r.querySelectorAll('td')[2]?.textContent)));
    const largest = async () => Math.max(0, ...(await volumes()));
    const total = async () => (await volumes()).reduce((a, b) => a + b, 0);
    // The readers' 7.2–8.5 mL, give or take a little.
    await expect.poll(largest, { timeout: 30_000 }).toBeGreaterThan(7);
    expect(await largest()).toBeLessThan(9);
    const outlined = await total();
    // Ground glass that vessels cross: the row says it has no solid part, as its readers rated it (texture 1 and 2).
    expect(await page.getByTestId('lesion-row').first().getAttribute('title')).toMatch(/\nNo solid part at least 4 mm thick \(ground glass\) · \d %/);
    await page.getByTestId('lesion-row').first().click();
    await shot(page, 'ggo-01-outlined-by-density');

    await page.getByTestId('tool-threshold').click();
    const range = page.getByTestId('threshold-range').locator('input');
    await setNumber(page, range.nth(0), -800);
    await setNumber(page, range.nth(1), -300);
    await setNumber(page, page.getByTestId('brush-size'), 14);
    await page.getByTestId('brush-3d').check();
    await page.mouse.move(onNodule.x, onNodule.y);
    await page.mouse.down();
    await page.mouse.up();
    const row = page.getByTestId('lesion-row').first();
    // Its largest piece is the nodule: the readers' 7.2–8.5 mL, give or take what the outline and one dab leave out or take in.
    await expect.poll(total, { timeout: 30_000 }).toBeGreaterThan(outlined);
    expect(await largest()).toBeGreaterThan(4);
    expect(await largest()).toBeLessThan(12);
    await row.click();
    await shot(page, 'ggo-02-threshold-brushed');
  });
});
