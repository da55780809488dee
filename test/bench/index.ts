// `npm run bench [-- name…]`: runs every benchmark module in this folder (or the named ones), one after another,
// so that ratios inside each module are measured side by side on the same machine state.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const modules = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

let failed = 0;
for (const file of modules) {
  console.log(`\n### ${file}`);
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as Record<string, unknown>;
  const run = (mod.default ?? Object.values(mod).find((v) => typeof v === 'function')) as (() => Promise<unknown>) | undefined;
  if (!run) {
    console.log('(no benchmark function exported)');
    continue;
  }
  try {
    await run();
  } catch (err) {
    failed++;
    console.log(`benchmark failed: ${err instanceof Error ? err.stack : String(err)}`);
  }
}
process.exitCode = failed ? 1 : 0;
