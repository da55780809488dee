import path from 'node:path';
import type { ModelManifest } from '../../../main/core/inference/manifest.js';
import { loadModelRegistry } from '../../../main/core/inference/registry.js';
import type { Mat3, PixelArray, Volume } from '../../../main/core/volume/types.js';
import { REPO_ROOT } from '../dataPaths.js';

export const TEST_MODELS_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'models');

export async function testModel(id: string, overrides: Partial<ModelManifest> = {}): Promise<ModelManifest> {
  return { ...(await loadModelRegistry(TEST_MODELS_DIR)).get(id), ...overrides };
}

/** The threshold-ct model's rule, computed directly on source voxels. */
export function denseRule(data: PixelArray): Uint8Array {
  return Uint8Array.from(data, (hu) => (hu >= 101 ? 1 : 0));
}

export function dice(a: Uint8Array, b: Uint8Array): number {
  let na = 0;
  let nb = 0;
  let both = 0;
  for (let i = 0; i < a.length; i++) {
    na += a[i]! ? 1 : 0;
    nb += b[i]! ? 1 : 0;
    both += a[i]! && b[i]! ? 1 : 0;
  }
  return (2 * both) / (na + nb);
}

/** The same voxels with an oblique direction: rotated 20° about z then 10° about x in LPS. */
export function obliqueCopy(v: Volume): Volume {
  const a = (20 * Math.PI) / 180;
  const b = (10 * Math.PI) / 180;
  const rz = [Math.cos(a), -Math.sin(a), 0, Math.sin(a), Math.cos(a), 0, 0, 0, 1];
  const rx = [1, 0, 0, 0, Math.cos(b), -Math.sin(b), 0, Math.sin(b), Math.cos(b)];
  const mul = (p: number[], q: readonly number[]) =>
    [0, 1, 2].flatMap((r) => [0, 1, 2].map((c) => p[3 * r]! * q[c]! + p[3 * r + 1]! * q[3 + c]! + p[3 * r + 2]! * q[6 + c]!));
  return { ...v, direction: mul(mul(rz, rx), v.direction) as Mat3 };
}
