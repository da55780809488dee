import { writeFileSync } from 'node:fs';
import { encodeNifti1Header } from '../../../main/core/export/index.js';
import type { Volume } from '../../../main/core/volume/types.js';

const NIFTI_INT16 = 4;

/** An int16 volume (e.g. the demo phantom) as an uncompressed .nii, geometry written by the app's own encoder. */
export function writeInt16Nifti(volume: Volume, file: string): void {
  if (!(volume.data instanceof Int16Array)) throw new Error('writeInt16Nifti needs int16 voxels');
  const header = encodeNifti1Header(volume, { datatype: NIFTI_INT16, bitpix: 16, description: 'Lobus test volume' });
  const data = volume.data;
  writeFileSync(file, Buffer.concat([header, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]));
}
