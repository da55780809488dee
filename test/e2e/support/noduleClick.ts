import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Vec3, Volume } from '../../../main/core/volume/types.js';
import { writeInt16Nifti } from '../../unit/support/writeVolumeNifti.js';
import { openLobus, waitForSlice, type E2eSession } from './harness.js';

const AXIAL = '[data-testid="slice-view-axial"]';

/** Opens `file`, scrolls the axial view to `slice` and returns where on screen the LPS point `p` of that slice lies. */
export async function openAtPoint(page: Page, file: string, slice: number, p: Vec3): Promise<{ x: number; y: number }> {
  await page.getByTestId('file-input').setInputFiles(file);
  await waitForSlice(page);
  const view = (await page.locator(AXIAL).boundingBox())!;
  const [cx, cy] = [view.x + view.width / 2, view.y + view.height / 2];
  await page.mouse.move(cx, cy);
  const sliceOf = async () => Number(((await page.getByTestId('slice-index-axial').textContent()) ?? '').split('/')[0]) - 1;
  while ((await sliceOf()) < slice) await page.mouse.wheel(0, 120);
  while ((await sliceOf()) > slice) await page.mouse.wheel(0, -120);
  return screenPointOf(page, p);
}

/** Where on screen the LPS point `p` of the axial view's current slice lies. */
export function screenPointOf(page: Page, p: Vec3): Promise<{ x: number; y: number }> {
  return inPlanePoint(page, 'axial', p);
}

/** Turns nodule mode on unless it is on already (the button then stops it): it stays on from click to click. */
export async function enterNoduleMode(page: Page): Promise<void> {
  if ((await page.getByTestId('seed-hint').count()) === 0) await page.getByTestId('run-model').click();
  await page.getByTestId('seed-hint').waitFor();
}

/** Picks the nodule model (a CT in a stock window switches to Lung), clicks `point` and waits for the job to end; returns its final state. */
export async function clickWithNoduleModel(page: Page, point: { x: number; y: number }): Promise<string | null> {
  await page.getByTestId('model-option').filter({ hasText: 'nodule' }).locator('input').check();
  await enterNoduleMode(page);
  expect(await page.getByTestId('preset-lung').getAttribute('class')).toContain('active');
  await page.mouse.click(point.x, point.y);
  await expect
    .poll(() => page.getByTestId('job-progress').getAttribute('data-state'), { timeout: 240_000, interval: 1000 })
    .toMatch(/done|failed|cancelled/);
  return page.getByTestId('job-progress').getAttribute('data-state');
}

/** Writes `volume` as `fileName` in a fresh temporary folder and opens Lobus; `close` ends the session and removes the folder. */
export async function openLobusBeside(volume: Volume, fileName: string): Promise<{ session: E2eSession; file: string; close: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lobus-e2e-nodule-'));
  const file = path.join(dir, fileName);
  let session: E2eSession;
  try {
    writeInt16Nifti(volume, file);
    session = await openLobus();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    session,
    file,
    close: async () => {
      await session.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const THROUGH: Record<'axial' | 'sagittal' | 'coronal', 0 | 1 | 2> = { sagittal: 0, coronal: 1, axial: 2 };

type ViewAxis = 'axial' | 'sagittal' | 'coronal';

/** The centre of the `axis` view and a reader of its probe (the LPS point under the mouse at a screen point). */
async function viewProbe(page: Page, axis: ViewAxis) {
  const view = (await page.locator(`[data-testid="slice-view-${axis}"]`).boundingBox())!;
  const read = async (x: number, y: number): Promise<Vec3> => {
    await page.mouse.move(x, y);
    const text = (await page.getByTestId(`probe-${axis}`).textContent()) ?? '';
    const m = /LPS (-?[\d.]+), (-?[\d.]+), (-?[\d.]+)/.exec(text);
    if (!m) throw new Error(`no LPS point in the ${axis} probe: "${text}"`);
    return [Number(m[1]), Number(m[2]), Number(m[3])];
  };
  return { cx: view.x + view.width / 2, cy: view.y + view.height / 2, read };
}

/** Scrolls the `axis` view to the slice through the LPS point `p` and returns where on screen `p` lies. */
export async function pointInView(page: Page, axis: ViewAxis, p: Vec3): Promise<{ x: number; y: number }> {
  const { cx, cy, read } = await viewProbe(page, axis);
  const t = THROUGH[axis];
  /** One wheel notch; the through-plane coordinate after it (unchanged at the last slice that way). */
  const notch = async (dy: number): Promise<number> => {
    const from = (await read(cx, cy))[t];
    await page.mouse.wheel(0, dy);
    for (let i = 0; i < 20; i++) {
      const now = (await read(cx, cy))[t];
      if (now !== from) return now;
      await page.waitForTimeout(50);
    }
    return from;
  };
  const start = (await read(cx, cy))[t];
  let perNotch = (await notch(120)) - start;
  if (perNotch === 0) perNotch = start - (await notch(-120));
  expect(perNotch).not.toBe(0);
  for (let n = 0; n < 1000 && Math.abs(p[t] - (await read(cx, cy))[t]) > Math.abs(perNotch) / 2 + 0.01; n++) {
    const gap = p[t] - (await read(cx, cy))[t];
    await notch(gap > 0 === perNotch > 0 ? 120 : -120);
  }
  return inPlanePoint(page, axis, p);
}

/**
 * Where on screen the LPS point `p` lies in the `axis` view's current slice, read off its probe at three mouse
 * positions: no assumption about how the view is laid out or flipped.
 */
async function inPlanePoint(page: Page, axis: ViewAxis, p: Vec3): Promise<{ x: number; y: number }> {
  const { cx, cy, read } = await viewProbe(page, axis);
  const t = THROUGH[axis];
  const at = await read(cx, cy);
  const right = await read(cx + 100, cy);
  const down = await read(cx, cy + 100);
  // Solve du·J[0] + dv·J[1] = p − at on the two LPS axes the view shows.
  const [a, b] = ([0, 1, 2] as const).filter((x) => x !== t) as [0 | 1 | 2, 0 | 1 | 2];
  const j = [[(right[a] - at[a]) / 100, (right[b] - at[b]) / 100], [(down[a] - at[a]) / 100, (down[b] - at[b]) / 100]];
  const det = j[0]![0]! * j[1]![1]! - j[0]![1]! * j[1]![0]!;
  expect(Math.abs(det)).toBeGreaterThan(0);
  const [ra, rb] = [p[a] - at[a], p[b] - at[b]];
  return { x: cx + (ra * j[1]![1]! - rb * j[1]![0]!) / det, y: cy + (rb * j[0]![0]! - ra * j[0]![1]!) / det };
}
