import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { labelInfo, type BinaryPayload, type LabelMapHeader } from '../api/contract.js';
import { arrayOf, ValidationError } from '../api/validate.js';
import { readLabelMap } from '../volume/index.js';
import { voxelCount, type LabelInfo, type LabelMap, type Volume } from '../volume/types.js';
import type { ReadOutcome } from './lobusService.js';
import { checkUploadName, UploadError, type UploadArea } from './uploads.js';

/**
 * Reads an upload through the same reader as a path (a file, or a DICOM folder with series grouping).
 * The files are removed once a study was read or the read failed; a series choice keeps them for the next call.
 */
export async function readUpload(
  area: UploadArea,
  readStudy: (path: string, seriesUid?: string) => Promise<ReadOutcome>,
  uploadId: string,
  seriesUid?: string,
): Promise<ReadOutcome> {
  const target = area.target(uploadId);
  let outcome: ReadOutcome;
  try {
    outcome = await readStudy(target.path, seriesUid);
  } catch (err) {
    await area.discard(uploadId);
    throw err;
  }
  if (outcome.kind === 'choose-series') return outcome;
  await area.discard(uploadId);
  // The server's temporary file is gone: name the study after what the user picked.
  outcome.volume.meta.sourcePath = target.displayName;
  return outcome;
}

const sidecarLabels = arrayOf(labelInfo, 255);

/** The label table from Lobus's `<stem>.labels.json` sidecar ({ labels: [{ value, name, color }] }). */
export function parseLabelsSidecar(json: string): LabelInfo[] {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    throw new UploadError('The .labels.json file is not valid JSON.');
  }
  try {
    return sidecarLabels((doc as { labels?: unknown } | null)?.labels, 'labels');
  } catch (err) {
    throw new UploadError(`The .labels.json file is not a Lobus label table: ${err instanceof ValidationError ? err.message : String(err)}`);
  }
}

/** Labels for every value in the mask: the sidecar's where it names them, else named after the file. */
function labelsFor(map: LabelMap, fileName: string, sidecar: LabelInfo[] | undefined): LabelInfo[] {
  const stem = fileName.replace(/\.nii(\.gz)?$/i, '') || 'Mask';
  const single = map.labels.length === 1;
  return map.labels.map((found) => sidecar?.find((l) => l.value === found.value) ?? { ...found, name: single ? stem : `${stem} ${found.value}` });
}

/**
 * A label map file for the open study: read with the study's grid as reference (the same voxels with
 * flipped or permuted axes are re-indexed exactly; any other grid is refused naming what differs).
 */
export async function readUploadedMask(
  studyId: string,
  reference: Volume,
  upload: { fileName: string; labelsJson?: string; data: ArrayBuffer },
): Promise<BinaryPayload<LabelMapHeader>> {
  const fileName = checkUploadName(upload.fileName);
  if (!/\.nii(\.gz)?$/i.test(fileName)) throw new UploadError(`${fileName} is not a NIfTI label map (.nii or .nii.gz).`);
  const sidecar = upload.labelsJson === undefined ? undefined : parseLabelsSidecar(upload.labelsJson);
  const dir = await mkdtemp(path.join(tmpdir(), 'lobus-mask-'));
  try {
    const file = path.join(dir, fileName);
    await writeFile(file, new Uint8Array(upload.data), { flag: 'wx' });
    // A mask on the study's grid never needs more than 8 bytes per image voxel; anything larger is refused unread.
    const map = await readLabelMap(file, reference, { maxBytes: voxelCount(reference.dims) * 8 });
    const data = map.data;
    return {
      header: { studyId, labels: labelsFor(map, fileName, sidecar), provenance: [] },
      data: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
