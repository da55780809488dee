import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../server/security.js';
import { resolveStatic } from '../server/staticFiles.js';

export function registerSchemeBeforeReady(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'lobus', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves the built renderer from lobus://app/, with the same CSP as the local server. */
export function serveRendererOverProtocol(rendererDir: string): void {
  protocol.handle('lobus', async (request) => {
    const url = new URL(request.url);
    const found = url.host === 'app' ? await resolveStatic(rendererDir, url.pathname) : null;
    if (!found) return new Response('Not found', { status: 404 });
    return new Response(await readFile(found.file), {
      headers: { 'Content-Type': found.type, 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' },
    });
  });
}
