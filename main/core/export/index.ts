/** Public API of mask export. */
export { writeLabelMapNifti, type WriteLabelMapOptions, type WrittenFiles } from './labelMapNifti.js';
export { assertWriteAllowed, writeFileAtomic, WriteRefusedError, type WritePolicy } from './writePolicy.js';
export { encodeNifti1Header, rasAffine } from './niftiEncode.js';
