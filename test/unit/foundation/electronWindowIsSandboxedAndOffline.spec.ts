import { describe, expect, it } from 'vitest';
import { buildWindowOptions, isAllowedRequestUrl, isTrustedSender } from '../../../main/electron/windowOptions.js';

describe('the Electron window Lobus builds', () => {
  const options = buildWindowOptions('/app/dist/preload/index.cjs');

  it('isolates and sandboxes the renderer with no Node integration', () => {
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/dist/preload/index.cjs',
    });
  });

  it('cancels every network request that is not an app asset', () => {
    expect(isAllowedRequestUrl('lobus://app/index.html')).toBe(true);
    expect(isAllowedRequestUrl('lobus://app/assets/index-abc.js')).toBe(true);
    for (const url of ['https://example.com/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'lobus://other/x', 'ws://localhost/', 'ftp://x']) {
      expect(isAllowedRequestUrl(url)).toBe(false);
    }
  });

  it('answers IPC only from its own page', () => {
    expect(isTrustedSender('lobus://app/index.html')).toBe(true);
    expect(isTrustedSender('https://evil.example/')).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});
