import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLobusService } from '../core/service/createService.js';
import { rendererDir } from '../core/service/paths.js';
import { startServer } from '../server/server.js';

function openInBrowser(url: string): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No system browser: the printed URL is enough.
  }
}

export async function serveCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { port: { type: 'string' }, open: { type: 'boolean', default: false } },
  });
  const staticDir = rendererDir();
  if (!existsSync(path.join(staticDir, 'index.html'))) {
    throw new Error(`The viewer is not built (${staticDir} is missing). Run "npm run build" first.`);
  }
  const libraryRoot = positionals[0] ? path.resolve(positionals[0]) : null;
  if (libraryRoot && !existsSync(libraryRoot)) throw new Error(`No such folder: ${libraryRoot}`);
  const port = values.port ? Number(values.port) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Bad port: ${values.port}`);
  const service = createLobusService({ door: 'server', libraryRoot });
  const server = await startServer({ service, staticDir, port });
  process.stdout.write(`Lobus is running at ${server.url}\n(not for diagnostic use; press Ctrl+C to stop)\n`);
  if (values.open) openInBrowser(server.url);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}
