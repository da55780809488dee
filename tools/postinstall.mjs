// Tolerant post-install: fetch the Electron binary and the ONNX Runtime CUDA add-on when the network
// allows, and explain (never fail) when it does not. package.json's `allowScripts` denies those two
// packages' own install scripts so that a failed download cannot break `npm install`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const TIMEOUT_MS = 180_000;

function packageDir(name) {
  try {
    return path.dirname(require.resolve(`${name}/package.json`, { paths: [root] }));
  } catch {
    return null;
  }
}

function tryStep(title, script, extraEnv, hint) {
  const dir = packageDir(title);
  if (!dir || !existsSync(path.join(dir, script))) {
    console.log(`[lobus] ${title}: not installed, nothing to fetch.`);
    return;
  }
  // Clear npm's "local install" markers: ORT's installer skips itself when it thinks it is the root package.
  const env = { ...process.env, ...extraEnv, npm_package_json: '', npm_config_local_prefix: '' };
  const run = spawnSync(process.execPath, [script], { cwd: dir, env, timeout: TIMEOUT_MS, encoding: 'utf8' });
  if (run.status === 0) {
    console.log(`[lobus] ${title}: ready.`);
    return;
  }
  const lines = `${run.error?.message ?? ''}\n${run.stderr ?? ''}`.split('\n').map((l) => l.trim()).filter(Boolean);
  const why = lines.find((l) => /ENOTFOUND|ECONN|ETIMEDOUT|EAI_AGAIN|HTTPError|certificate|failed/i.test(l)) ?? lines[0];
  console.log(`[lobus] ${title}: download skipped (${why || `exit ${run.status}`}).`);
  console.log(`[lobus]   ${hint}`);
}

if (process.env.LOBUS_SKIP_DOWNLOADS === '1') {
  console.log('[lobus] LOBUS_SKIP_DOWNLOADS=1: not fetching the Electron binary or the ORT CUDA add-on.');
} else {
  tryStep(
    'electron',
    'install.js',
    {},
    '`npm start` will serve Lobus in your browser instead of a desktop window. Re-run `npm run postinstall` once online.',
  );
  tryStep(
    'onnxruntime-node',
    'script/install.js',
    {},
    'Inference runs on the CPU provider that ships in the npm package; CUDA needs this add-on and an NVIDIA driver.',
  );
}
