// `npm test`: type-check, unit tests, renderer build, end-to-end tests in Chromium; one summary line at the end.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const results = path.join(root, 'test-results');
mkdirSync(results, { recursive: true });
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
const totals = { passed: 0, failed: 0, skipped: 0 };
let ok = true;

function step(title, args) {
  console.log(`\n=== ${title}`);
  const run = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (run.status !== 0) {
    ok = false;
    console.log(`=== ${title}: FAILED (exit ${run.status})`);
  }
  return run.status === 0;
}

function vitest(title, config, jsonName) {
  const out = path.join(results, jsonName);
  rmSync(out, { force: true });
  step(title, [bin('vitest', 'vitest.mjs'), 'run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  if (!existsSync(out)) {
    ok = false;
    return;
  }
  const report = JSON.parse(readFileSync(out, 'utf8'));
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
}

step('type-check (main, preload, tests)', [bin('typescript', 'bin/tsc'), '-p', 'tsconfig.json', '--noEmit']);
step('type-check (end-to-end tests)', [bin('typescript', 'bin/tsc'), '-p', 'test/e2e/tsconfig.json', '--noEmit']);
step('type-check (renderer)', [bin('vue-tsc', 'bin/vue-tsc.js'), '-p', 'renderer/tsconfig.json', '--noEmit']);
vitest('unit tests', 'test/vitest.config.ts', 'unit.json');
if (step('build the renderer', [path.join(root, 'tools', 'build.mjs'), 'renderer'])) {
  vitest('end-to-end tests (Chromium)', 'test/e2e/vitest.e2e.config.ts', 'e2e.json');
}
console.log(`\nTests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(ok && totals.failed === 0 ? 0 : 1);
