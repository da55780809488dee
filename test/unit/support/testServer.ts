import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLobusService } from '../../../main/core/service/createService.js';
import { startServer, type RunningServer } from '../../../main/server/server.js';

export interface TestServer {
  server: RunningServer;
  /** POSTs to /api/<method> with the run's token; `binary` sends an envelope body. */
  post(method: string, body: string | Uint8Array, binary?: boolean): Promise<Response>;
  close(): Promise<void>;
}

/** `lobus serve` on 127.0.0.1 with no library folder and a stub page, as the API tests need it. */
export async function startTestServer(libraryRoot: string | null = null): Promise<TestServer> {
  const staticDir = mkdtempSync(path.join(tmpdir(), 'lobus-static-'));
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html>');
  const server = await startServer({ service: createLobusService({ door: 'server', libraryRoot }), staticDir });
  return {
    server,
    post: (method, body, binary = false) =>
      fetch(`http://127.0.0.1:${server.port}/api/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': binary ? 'application/octet-stream' : 'application/json' },
        body,
      }),
    close: async () => {
      await server.close();
      rmSync(staticDir, { recursive: true, force: true });
    },
  };
}
