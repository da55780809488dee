import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brightFraction, decodePng, E2E_SKIP_REASON, openLobus, shot, waitForSlice, type E2eSession } from './support/harness.js';

describe.skipIf(E2E_SKIP_REASON !== null)('the demo study through lobus serve in Chromium', () => {
  let session: E2eSession;
  beforeAll(async () => {
    session = await openLobus();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('offers the demo on the start screen and draws it in the axial view', async () => {
    const { page } = session;
    await page.getByTestId('start-screen').waitFor();
    await shot(page, '01-start-screen');
    await page.getByTestId('open-demo').click();
    await waitForSlice(page);
    expect(await page.getByTestId('study-header').textContent()).toContain('Not for diagnostic use');
    const png = await shot(page, '02-demo-axial', '[data-testid="slice-view-axial"]');
    const img = await decodePng(page, png);
    // The phantom's body fills a large part of the view; an empty or black canvas fails here.
    expect(brightFraction(img)).toBeGreaterThan(0.1);
    await shot(page, '03-demo-viewer');
  });
});
