import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { worldToIndex } from '../../main/core/volume/geometry.js';
import type { Vec3 } from '../../main/core/volume/types.js';
import { HAVE_SHARED_DATA } from '../unit/dataPaths.js';
import { lidcVolume } from '../unit/nodules/noduleFixtures.js';
import { withInserts } from '../unit/support/syntheticNodules.js';
import { E2E_SKIP_REASON, shot, type E2eSession } from './support/harness.js';
import { clickWithNoduleModel, openAtPoint, openLobusBeside, screenPointOf } from './support/noduleClick.js';

const SKIP_REASON = E2E_SKIP_REASON ?? (!HAVE_SHARED_DATA ? 'no ../shared/data (LIDC-0003)' : null);
/** Aerated lung of LIDC-IDRI-0003 far from its nodules, as in clickOnVesselBesideNoduleIsRefused.spec. */
const SITE: Vec3 = [55.2, -7.0, -175.0];
const VESSEL_AXIS: Vec3 = [SITE[0] + 7.5, SITE[1], SITE[2]];

describe.skipIf(SKIP_REASON !== null)('a click on a vessel', () => {
  let session: E2eSession;
  let file: string;
  let close: (() => Promise<void>) | undefined;
  let slice: number;
  beforeAll(async () => {
    // An 8 mm nodule with a straight 2 mm vessel 2.5 mm beside it: the click is on the vessel.
    const base = await lidcVolume('lidc_idri_0003');
    const volume = withInserts(base, [
      { kind: 'ball', centre: SITE, radiusMm: 4, hu: 30 },
      { kind: 'tube', axis: VESSEL_AXIS, radiusMm: 1, hu: 120 },
    ]);
    slice = Math.round(worldToIndex(base, SITE)[2]);
    ({ session, file, close } = await openLobusBeside(volume, 'lidc0003-vessel-beside-nodule.nii'));
  }, 180_000);
  afterAll(async () => {
    await close?.();
  });

  it('answers no nodule, not a failure, and says how to paint a nodule lying on a vessel by hand', { timeout: 300_000 }, async () => {
    const { page } = session;
    const onVessel = await openAtPoint(page, file, slice, VESSEL_AXIS);
    // First the nodule itself, which becomes a label.
    expect(await clickWithNoduleModel(page, await screenPointOf(page, SITE))).toBe('done');
    await expect.poll(() => page.getByTestId('label-item').count()).toBe(1);
    expect(await page.getByTestId('job-provider').count()).toBe(1);
    // Then the vessel: an answer, not a failure. The job ends done with the answer in the panel and an info toast;
    // no error, the nodule's label stays, and the nodule's provenance is not shown as this click's.
    // Nodule mode is still on from the first click.
    expect(await page.getByTestId('seed-hint').count()).toBe(1);
    await page.mouse.click(onVessel.x, onVessel.y);
    await expect.poll(() => page.getByTestId('job-progress').getAttribute('data-answered'), { timeout: 240_000, interval: 1000 }).toBe('true');
    expect(await page.getByTestId('job-progress').getAttribute('data-state')).toBe('done');
    await page.getByTestId('info-message').filter({ hasText: 'No nodule found at this point' }).waitFor();
    expect(await page.getByTestId('error-message').count()).toBe(0);
    expect(await page.getByTestId('label-item').count()).toBe(1);
    expect(await page.getByTestId('job-provider').count()).toBe(0);
    const text = (await page.getByTestId('job-answer').textContent()) ?? '';
    expect(text).toMatch(/No nodule found at this point \(the point is on solid tissue/);
    expect(text).toContain('paint it with the Threshold brush from -300 HU up and erase the vessel where it leaves the nodule');
    expect(text).not.toMatch(/looks like ground glass/);
    await shot(page, 'vessel-click-01-no-nodule-and-hint');
  });
});
