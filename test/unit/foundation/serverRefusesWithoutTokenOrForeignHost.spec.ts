import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLobusService } from '../../../main/core/service/createService.js';
import { startServer, type RunningServer } from '../../../main/server/server.js';

function call(port: number, opts: { path: string; method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('lobus serve', () => {
  let server: RunningServer;
  let host: string;
  beforeAll(async () => {
    const staticDir = mkdtempSync(path.join(tmpdir(), 'lobus-static-'));
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Lobus</title>');
    server = await startServer({ service: createLobusService({ door: 'server', libraryRoot: null }), staticDir });
    host = `127.0.0.1:${server.port}`;
  });
  afterAll(() => server.close());

  it('binds the loopback address only and prints a tokenised URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('refuses pages and API calls without the token', async () => {
    expect((await call(server.port, { path: '/', headers: { host } })).status).toBe(401);
    const api = await call(server.port, { path: '/api/getAppInfo', method: 'POST', headers: { host }, body: '{}' });
    expect(api.status).toBe(401);
    const wrong = await call(server.port, { path: '/api/getAppInfo', method: 'POST', headers: { host, authorization: 'Bearer nope' }, body: '{}' });
    expect(wrong.status).toBe(401);
  });

  it('refuses a foreign Host header even with the right token (DNS rebinding)', async () => {
    const res = await call(server.port, { path: `/?token=${server.token}`, headers: { host: `evil.example:${server.port}` } });
    expect(res.status).toBe(421);
  });

  it('serves the page with the token, sets an HttpOnly cookie and a strict CSP', async () => {
    const res = await call(server.port, { path: `/?token=${server.token}`, headers: { host } });
    expect(res.status).toBe(200);
    expect(String(res.headers['set-cookie'])).toContain('HttpOnly');
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
    const withCookie = await call(server.port, { path: '/index.html', headers: { host, cookie: `lobus_token=${server.token}` } });
    expect(withCookie.status).toBe(200);
  });

  it('answers API calls with the token and rejects malformed requests with 400', async () => {
    const headers = { host, authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
    const ok = await call(server.port, { path: '/api/getAppInfo', method: 'POST', headers, body: '{}' });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ door: 'server' });
    const bad = await call(server.port, { path: '/api/getVolume', method: 'POST', headers, body: JSON.stringify({ studyId: '../etc' }) });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatch(/studyId/);
    const crossOrigin = await call(server.port, { path: '/api/getAppInfo', method: 'POST', headers: { ...headers, origin: 'http://evil.example' }, body: '{}' });
    expect(crossOrigin.status).toBe(403);
  });

  it('refuses path traversal in static files', async () => {
    const res = await call(server.port, { path: '/..%2f..%2fetc%2fpasswd', headers: { host, authorization: `Bearer ${server.token}` } });
    expect(res.status).toBe(404);
  });

  it('accepts WebSocket connections only with the token', async () => {
    const attempt = (url: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url, { headers: { host } });
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('error', () => resolve('refused'));
      });
    expect(await attempt(`ws://127.0.0.1:${server.port}/ws`)).toBe('refused');
    expect(await attempt(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`)).toBe('open');
  });
});
