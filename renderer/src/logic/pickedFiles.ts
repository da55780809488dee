/** What the user picked or dropped: one image file, several files, or a DICOM folder's files. */
export interface PickedFiles {
  /** The file's or folder's name (a title for the study). */
  displayName: string;
  files: File[];
}

const MASK_FILE = /\.nii(\.gz)?$/i;
const SIDECAR_FILE = /\.labels\.json$/i;

const visible = (f: File) => !f.name.startsWith('.');

/** From an `<input type="file">` (with `webkitdirectory`, every file of the folder, with relative paths). */
export function fromFileList(list: Iterable<File>): PickedFiles | null {
  const files = [...list].filter(visible);
  if (files.length === 0) return null;
  // Empty outside a folder pick (and absent where File has no such field, as in Node).
  const relative = (files[0] as { webkitRelativePath?: string }).webkitRelativePath ?? '';
  const displayName = relative.includes('/') ? relative.split('/')[0]! : files.length === 1 ? files[0]!.name : `${files.length} files`;
  return { displayName, files };
}

/** A label map (and its Lobus .labels.json sidecar) rather than a study: what "Load mask" accepts. */
export function maskFiles(picked: PickedFiles): { mask: File; sidecar?: File } | null {
  const masks = picked.files.filter((f) => MASK_FILE.test(f.name));
  const rest = picked.files.filter((f) => !MASK_FILE.test(f.name));
  if (masks.length !== 1 || rest.some((f) => !SIDECAR_FILE.test(f.name)) || rest.length > 1) return null;
  return { mask: masks[0]!, ...(rest[0] ? { sidecar: rest[0] } : {}) };
}
