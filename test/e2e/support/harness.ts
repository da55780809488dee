import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createLobusService } from '../../../main/core/service/createService.js';
import { rendererDir } from '../../../main/core/service/paths.js';
import { startServer, type RunningServer } from '../../../main/server/server.js';
import { REPO_ROOT } from '../../unit/dataPaths.js';

export const CHROMIUM_PATH = process.env.LOBUS_CHROMIUM ?? '/usr/bin/chromium';
/** e2e tests need Debian's Chromium and the built renderer; without them they are skipped (and say why). */
export const E2E_SKIP_REASON = !existsSync(CHROMIUM_PATH)
  ? `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`
  : !existsSync(path.join(rendererDir(), 'index.html'))
    ? 'the renderer is not built (npm run build:renderer)'
    : null;
if (E2E_SKIP_REASON) console.warn(`[e2e] skipped: ${E2E_SKIP_REASON}`);

export const ARTIFACTS = path.join(REPO_ROOT, 'test-results', 'e2e');

export interface E2eSession {
  server: RunningServer;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function openLobus(libraryRoot: string | null = null): Promise<E2eSession> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const service = createLobusService({ door: 'server', libraryRoot });
  const server = await startServer({ service, staticDir: rendererDir() });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(server.url);
  return {
    server,
    browser,
    page,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

export async function shot(page: Page, name: string, selector?: string): Promise<Buffer> {
  const file = path.join(ARTIFACTS, `${name}.png`);
  return selector ? page.locator(selector).screenshot({ path: file }) : page.screenshot({ path: file });
}

/** Decodes a PNG in the page (no extra dependency) and returns its RGBA pixels. */
export async function decodePng(page: Page, png: Buffer): Promise<{ width: number; height: number; rgba: Uint8Array }> {
  const decoded = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    return { width: img.width, height: img.height, data: Array.from(ctx.getImageData(0, 0, img.width, img.height).data) };
  }, png.toString('base64'));
  return { width: decoded.width, height: decoded.height, rgba: Uint8Array.from(decoded.data) };
}

/** Fraction of pixels brighter than `threshold` (0–255 luminance). */
export function brightFraction(img: { rgba: Uint8Array }, threshold = 40): number {
  let bright = 0;
  const n = img.rgba.length / 4;
  for (let p = 0; p < n; p++) {
    const lum = 0.299 * img.rgba[p * 4]! + 0.587 * img.rgba[p * 4 + 1]! + 0.114 * img.rgba[p * 4 + 2]!;
    if (lum > threshold) bright++;
  }
  return bright / n;
}

export async function waitForSlice(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.lobusReady === 'true', undefined, { timeout: 60_000 });
}

/** Whether leaving the page now would be held up: the page's own beforeunload handler cancels the event. */
export async function leavingIsHeld(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const event = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(event);
    return event.defaultPrevented;
  });
}
