import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentLungs } from '../../main/core/nodules/index.js';
import { worldToIndex } from '../../main/core/volume/geometry.js';
import type { Vec3 } from '../../main/core/volume/types.js';
import { HAVE_SHARED_DATA } from '../unit/dataPaths.js';
import { contouredNodules, lidcVolume } from '../unit/nodules/noduleFixtures.js';
import { placeInserts, withInserts } from '../unit/support/syntheticNodules.js';
import { E2E_SKIP_REASON, shot, type E2eSession } from './support/harness.js';
import { clickWithNoduleModel, openAtPoint, openLobusBeside } from './support/noduleClick.js';

const SKIP_REASON = E2E_SKIP_REASON ?? (!HAVE_SHARED_DATA ? 'no ../shared/data (LIDC-0003)' : null);

describe.skipIf(SKIP_REASON !== null)('a click on a small solid nodule the model misses', () => {
  let session: E2eSession;
  let file: string;
  let close: (() => Promise<void>) | undefined;
  let centre: Vec3;
  let slice: number;
  beforeAll(async () => {
    // LIDC-0003 with a 4 mm solid nodule in open lung, the first of smallSolidNoduleTheModelMissesIsOutlinedByDensity.spec.
    const base = await lidcVolume('lidc_idri_0003');
    const avoid = contouredNodules('lidc_idri_0003').map((n) => n.centroid_lps_mm);
    const { inserts, truths } = placeInserts(base, segmentLungs(base).mask, avoid, [{ name: 'solid', hu: 30 }], [4], 105);
    centre = truths[0]!.centre;
    slice = Math.round(worldToIndex(base, centre)[2]);
    ({ session, file, close } = await openLobusBeside(withInserts(base, inserts), 'lidc0003-with-4mm-nodule.nii'));
  }, 180_000);
  afterAll(async () => {
    await close?.();
  });

  it('outlines it by density and the segmentation panel says so', { timeout: 300_000 }, async () => {
    const { page } = session;
    const point = await openAtPoint(page, file, slice, centre);
    expect(await clickWithNoduleModel(page, point)).toBe('done');
    expect(await page.getByTestId('job-note').textContent()).toMatch(/^The model did not call this a nodule, so it is outlined by density/);
    // The lesion table lists it at about 4 mm: a 4 mm ball is 0.034 mL.
    const row = page.getByTestId('lesion-row').filter({ hasText: 'Nodule' });
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    const ml = Number(await row.locator('td').nth(2).textContent());
    expect(ml).toBeGreaterThan(0.015);
    expect(ml).toBeLessThan(0.08);
    await shot(page, 'density-01-note-and-outline');

    // The candidate search lists it too, after the model's three reader nodules, marked as outlined by density.
    await page.getByTestId('find-candidates').click();
    await page.getByTestId('candidates-progress').waitFor();
    await expect
      .poll(() => page.getByTestId('candidates-progress').getAttribute('data-state'), { timeout: 240_000, interval: 1000 })
      .toMatch(/done|failed|cancelled/);
    expect(await page.getByTestId('candidates-progress').getAttribute('data-state')).toBe('done');
    const rows = page.getByTestId('candidate-row');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    const marked = rows.filter({ has: page.getByTestId('candidate-by-density') });
    expect(await marked.count()).toBe(1);
    expect(await rows.last().getByTestId('candidate-by-density').count()).toBe(1);
    await marked.click(); // jumps to it
    await page.waitForTimeout(800);
    await shot(page, 'density-02-candidate-list');
  });
});
