import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The project's shared real cases live beside the checkout, never inside it. */
export const SHARED_DATA = process.env.LOBUS_SHARED_DATA ?? path.resolve(REPO_ROOT, '..', 'shared', 'data');
export const HAVE_SHARED_DATA = existsSync(path.join(SHARED_DATA, 'cases.json'));

export function caseFile(caseName: string, ...parts: string[]): string {
  return path.join(SHARED_DATA, caseName, ...parts);
}
