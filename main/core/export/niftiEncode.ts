import type { Geometry, Mat3, Vec3 } from '../volume/types.js';
import { flipRasLps, rotationToQuatern } from '../volume/niftiHeader.js';

/** NIfTI-1 header (348 bytes) plus the 4-byte empty extension flag: voxels start at byte 352. */
export const NIFTI1_VOX_OFFSET = 352;

const NIFTI_XFORM_SCANNER_ANAT = 1;
const NIFTI_UNITS_MM = 2;
export const NIFTI_UINT8 = 2;

/** The RAS voxel→world affine (3 rows of 4) of an LPS grid. */
export function rasAffine(g: Pick<Geometry, 'spacing' | 'origin' | 'direction'>): [number[], number[], number[]] {
  const ras = flipRasLps(g.direction, g.origin);
  return [0, 1, 2].map((r) => [...[0, 1, 2].map((c) => ras.direction[r * 3 + c]! * g.spacing[c]!), ras.origin[r]!]) as [number[], number[], number[]];
}

/**
 * Encodes a little-endian NIfTI-1 header for a uint8 volume on the grid `g` with qform and sform both
 * set (code 1, scanner anatomical): what 3D Slicer, ITK-SNAP and nibabel all read the same way.
 */
export function encodeNifti1Header(g: Geometry, opts: { datatype?: number; bitpix?: number; description?: string; calMax?: number } = {}): Uint8Array {
  const buf = new Uint8Array(NIFTI1_VOX_OFFSET);
  const v = new DataView(buf.buffer);
  const le = true;
  v.setInt32(0, 348, le);
  buf[38] = 'r'.charCodeAt(0); // regular = 'r', as nifti_io writes it
  const dim = [3, g.dims[0], g.dims[1], g.dims[2], 1, 1, 1, 1];
  dim.forEach((d, i) => v.setInt16(40 + 2 * i, d, le));
  v.setInt16(70, opts.datatype ?? NIFTI_UINT8, le);
  v.setInt16(72, opts.bitpix ?? 8, le);
  const ras = flipRasLps(g.direction, g.origin);
  const { quatern, qfac } = rotationToQuatern(ras.direction as Mat3);
  const pixdim = [qfac, g.spacing[0], g.spacing[1], g.spacing[2], 1, 1, 1, 1];
  pixdim.forEach((p, i) => v.setFloat32(76 + 4 * i, p, le));
  v.setFloat32(108, NIFTI1_VOX_OFFSET, le);
  v.setFloat32(112, 1, le); // scl_slope
  v.setFloat32(116, 0, le); // scl_inter
  buf[123] = NIFTI_UNITS_MM;
  v.setFloat32(124, opts.calMax ?? 0, le);
  v.setFloat32(128, 0, le);
  const descrip = Buffer.from((opts.description ?? 'Lobus label map').slice(0, 79), 'latin1');
  buf.set(descrip, 148);
  v.setInt16(252, NIFTI_XFORM_SCANNER_ANAT, le);
  v.setInt16(254, NIFTI_XFORM_SCANNER_ANAT, le);
  const origin: Vec3 = ras.origin;
  [...quatern, ...origin].forEach((q, i) => v.setFloat32(256 + 4 * i, q, le));
  rasAffine(g).forEach((row, r) => row.forEach((x, c) => v.setFloat32(280 + 16 * r + 4 * c, x, le)));
  buf.set(Buffer.from('n+1\0', 'latin1'), 344);
  return buf;
}
