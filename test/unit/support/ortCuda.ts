import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const ortDir = path.dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));

/** Whether onnxruntime-node's CUDA add-on was installed (it cannot be downloaded on the build machine). */
export const CUDA_INSTALLED = existsSync(path.join(ortDir, 'bin', 'napi-v6', 'linux', 'x64', 'libonnxruntime_providers_cuda.so'));
