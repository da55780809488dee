import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { binaryMethods, binaryRequestMethods, isMethodName, type LobusEvent } from '../core/api/contract.js';
import { decodeEnvelope, encodeEnvelope } from '../core/api/envelope.js';
import { ValidationError } from '../core/api/validate.js';
import type { JobProgress } from '../core/jobs/jobs.js';
import type { LobusService } from '../core/service/lobusService.js';
import { CONTENT_SECURITY_POLICY, hostAllowed, newToken, originAllowed, presentedToken, tokensEqual } from './security.js';
import { resolveStatic, streamFile } from './staticFiles.js';

export interface ServerOptions {
  service: LobusService;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  port?: number;
  token?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1 << 20;
/** Label-map uploads: one byte per voxel of the largest study we open (4 GiB volumes of int16 → 2 G voxels). */
const MAX_BINARY_BODY_BYTES = 2 ** 31;

function send(res: ServerResponse, status: number, body: string | Uint8Array, type = 'application/json'): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

function sendError(res: ServerResponse, status: number, message: string): void {
  send(res, status, JSON.stringify({ error: message }));
}

async function readRaw(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new ValidationError('body', `at most ${limit} bytes`);
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ValidationError('body', `at most ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Binary requests arrive as an envelope: the JSON header holds every field but `data`. */
async function readBinaryRequest(req: IncomingMessage): Promise<unknown> {
  const raw = await readRaw(req, MAX_BINARY_BODY_BYTES);
  let decoded: { header: unknown; data: ArrayBuffer };
  try {
    decoded = decodeEnvelope<unknown>(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer);
  } catch {
    throw new ValidationError('body', 'a binary envelope');
  }
  if (typeof decoded.header !== 'object' || decoded.header === null || Array.isArray(decoded.header)) throw new ValidationError('body', 'an envelope with an object header');
  return { ...(decoded.header as Record<string, unknown>), data: decoded.data };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const text = (await readRaw(req, MAX_BODY_BYTES)).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError('body', 'valid JSON');
  }
}

/** `lobus serve`: the renderer and LobusApi over HTTP + WebSocket, on 127.0.0.1 only, behind a per-run token. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? newToken();
  const { service } = options;
  let port = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, err instanceof Error ? err.message : String(err));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (!hostAllowed(req.headers.host, port)) return sendError(res, 421, 'Unexpected Host header.');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const presented = presentedToken(req, url);
    if (!presented || !tokensEqual(presented, token)) return sendError(res, 401, 'A valid Lobus token is required.');
    if (url.searchParams.has('token')) {
      res.setHeader('Set-Cookie', `lobus_token=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return sendError(res, 405, 'Use POST for API calls.');
      if (!originAllowed(req.headers.origin, port)) return sendError(res, 403, 'Cross-origin API calls are refused.');
      const method = url.pathname.slice('/api/'.length);
      if (!isMethodName(method)) return sendError(res, 404, `Unknown API method ${method}.`);
      let body: unknown;
      try {
        body = binaryRequestMethods.has(method) ? await readBinaryRequest(req) : await readBody(req);
        const result = await service.dispatch(method, body);
        if (binaryMethods.has(method)) {
          if (result === null) return send(res, 200, 'null');
          const { header, data } = result as { header: unknown; data: ArrayBuffer };
          return send(res, 200, encodeEnvelope(header, new Uint8Array(data)), 'application/octet-stream');
        }
        return send(res, 200, JSON.stringify(result ?? null));
      } catch (err) {
        const status = err instanceof ValidationError ? 400 : 500;
        return sendError(res, status, err instanceof Error ? err.message : String(err));
      }
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'Method not allowed.');
    const found = await resolveStatic(options.staticDir, url.pathname);
    if (!found) return sendError(res, 404, 'Not found.');
    res.writeHead(200, { 'Content-Type': found.type, 'Content-Length': found.size, 'Cache-Control': 'no-cache' });
    if (req.method === 'HEAD') return void res.end();
    streamFile(found.file).pipe(res);
  }

  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const presented = presentedToken(req, url);
    const ok =
      url.pathname === '/ws' &&
      hostAllowed(req.headers.host, port) &&
      originAllowed(req.headers.origin, port) &&
      presented !== undefined &&
      tokensEqual(presented, token);
    if (!ok) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws: WebSocket) => sockets.emit('connection', ws, req));
  });
  const onProgress = (job: JobProgress) => {
    const message = JSON.stringify({ type: 'job', job } satisfies LobusEvent);
    for (const client of sockets.clients) client.send(message);
  };
  service.jobs.on('progress', onProgress);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      service.jobs.off('progress', onProgress);
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
