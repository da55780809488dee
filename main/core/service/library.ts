import { realpath, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { LibraryItem } from '../api/contract.js';

const IMAGE_FILE = /\.(nii|nii\.gz|nrrd|nhdr|mha|mhd)$/i;

/** Studies in the folder `lobus serve` was given: image files and folders (DICOM series) one level down. */
export async function listLibrary(root: string): Promise<LibraryItem[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const items: LibraryItem[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) items.push({ itemId: entry.name, name: entry.name, kind: 'folder' });
    else if (entry.isFile() && IMAGE_FILE.test(entry.name)) items.push({ itemId: entry.name, name: entry.name, kind: 'file' });
  }
  return items.sort((a, b) => a.name.localeCompare(b.name));
}

/** Resolves an item id inside the library root; anything that escapes it (.., links) is refused. */
export async function resolveLibraryItem(root: string, itemId: string): Promise<string> {
  if (path.isAbsolute(itemId) || itemId.split(/[\\/]/).includes('..')) throw new Error('That item is not in the library.');
  const realRoot = await realpath(root);
  let resolved: string;
  try {
    resolved = await realpath(path.join(realRoot, itemId));
  } catch {
    throw new Error(`No such item in the library: ${itemId}`);
  }
  if (resolved !== realRoot && !resolved.startsWith(realRoot + path.sep)) throw new Error('That item is not in the library.');
  return resolved;
}
