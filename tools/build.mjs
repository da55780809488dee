// Builds what the app runs from: the renderer (Vite) and, for the desktop shell, main + preload (esbuild).
// `node tools/build.mjs renderer` builds the renderer only.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv[2];

export function buildRenderer() {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const run = spawnSync(process.execPath, [vite, 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error('Renderer build failed.');
}

export async function buildShell() {
  // Packages that load native binaries or wasm relative to their own folder stay outside the bundle.
  const external = ['electron', 'onnxruntime-node', 'itk-wasm', '@itk-wasm/*', 'ws'];
  // The read and inference workers sit beside the main bundle, where the core looks for them.
  const shared = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external,
    banner: { js: "import { createRequire as __lobusRequire } from 'node:module'; const require = __lobusRequire(import.meta.url);" },
    logLevel: 'warning',
  };
  await build({
    ...shared,
    entryPoints: {
      readWorker: path.join(root, 'main/core/volume/readWorker.ts'),
      inferenceWorker: path.join(root, 'main/core/inference/inferenceWorker.ts'),
      candidateWorker: path.join(root, 'main/core/nodules/candidateWorker.ts'),
    },
    outdir: path.join(root, 'dist/main'),
  });
  await build({ ...shared, entryPoints: [path.join(root, 'main/electron/main.ts')], outfile: path.join(root, 'dist/main/electron.mjs') });
  await build({
    entryPoints: [path.join(root, 'preload/index.ts')],
    outfile: path.join(root, 'dist/preload/index.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildRenderer();
  if (only !== 'renderer') await buildShell();
}
