import { fromFileList, type PickedFiles } from './pickedFiles';

/** More than the server accepts in one study: walking stops here and the server's refusal says why. */
const WALK_LIMIT = 5001;

function entryFile(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(entry: FileSystemEntry, out: File[]): Promise<void> {
  if (out.length >= WALK_LIMIT || entry.name.startsWith('.')) return;
  if (entry.isFile) {
    out.push(await entryFile(entry as FileSystemFileEntry));
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  for (;;) {
    // readEntries returns the folder in batches (about 100 at a time) until an empty batch.
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0 || out.length >= WALK_LIMIT) return;
    for (const child of batch) await walk(child, out);
  }
}

/**
 * A drop's files, folders walked. Call it inside the drop handler: the entries are only readable while
 * the event is dispatched, so they are taken before the first await.
 */
export function fromDrop(transfer: DataTransfer): Promise<PickedFiles | null> {
  const entries = [...transfer.items].map((item) => item.webkitGetAsEntry?.() ?? null).filter((e): e is FileSystemEntry => e !== null);
  if (entries.length === 0) return Promise.resolve(fromFileList(transfer.files));
  return (async () => {
    const files: File[] = [];
    for (const entry of entries) await walk(entry, files);
    if (files.length === 0) return null;
    return { displayName: entries.length === 1 ? entries[0]!.name : `${files.length} files`, files };
  })();
}

