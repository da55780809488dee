export type VolumeReadErrorCode =
  | 'not-found'
  | 'not-an-image'
  | 'truncated'
  | 'unsupported-compression'
  | 'unsupported-format'
  | 'too-large'
  | 'empty-folder'
  | 'multiple-series'
  | 'series-not-found'
  | 'inconsistent-geometry'
  | 'grid-mismatch'
  | 'read-failed';

/** A reading problem the user can act on; `message` is written for a person, `detail` for the log. */
export class VolumeReadError extends Error {
  constructor(
    readonly code: VolumeReadErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'VolumeReadError';
  }
}

export function isVolumeReadError(e: unknown): e is VolumeReadError {
  return e instanceof VolumeReadError;
}

/** Default ceiling on one volume's voxel bytes: big enough for a 1024×1024×2000 int16 study. */
export const DEFAULT_MAX_BYTES = 4 * 1024 ** 3;

export function checkVoxelBytes(dims: readonly number[], bytesPerVoxel: number, maxBytes: number, what: string): void {
  const voxels = dims.reduce((a, b) => a * b, 1);
  const bytes = voxels * bytesPerVoxel;
  if (!Number.isFinite(bytes) || bytes > maxBytes || bytes > 2 ** 53) {
    const gib = (bytes / 1024 ** 3).toFixed(1);
    throw new VolumeReadError(
      'too-large',
      `${what} is too large to open: ${dims.join('×')} voxels would need ${gib} GiB of memory (limit ${(maxBytes / 1024 ** 3).toFixed(1)} GiB).`,
    );
  }
}
