import type { Vec3 } from '../volume/types.js';

/**
 * Foreground of a label map as runs along i (one row = fixed j, k). Every later step (components,
 * moments, hulls) works on runs, so a 512×512×300 mask is scanned once and a lesion's voxels are
 * reached without touching the whole grid again.
 */
export interface RunTable {
  dims: Vec3;
  count: number;
  /** i of the first voxel of each run. */
  i0: Int32Array;
  /** i of the last voxel of each run (inclusive). */
  i1: Int32Array;
  /** Row of each run: j + ny·k. */
  row: Int32Array;
  value: Uint8Array;
  /** Runs of row r are rowStart[r] … rowStart[r + 1] − 1, ordered by i. */
  rowStart: Int32Array;
}

class GrowableInt32 {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  trimmed(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** Runs of voxels equal to `label`, or of equal non-zero values when `label` is undefined. */
export function extractRuns(mask: Uint8Array, dims: Vec3, label?: number): RunTable {
  const [nx, ny, nz] = dims;
  if (mask.length !== nx * ny * nz) throw new Error(`Mask has ${mask.length} voxels, dims say ${nx * ny * nz}.`);
  const rows = ny * nz;
  const rowStart = new Int32Array(rows + 1);
  const i0 = new GrowableInt32(4096);
  const i1 = new GrowableInt32(4096);
  const rowOf = new GrowableInt32(4096);
  const values = new GrowableInt32(4096);
  const wanted = label ?? -1;
  // Masks are mostly background: where rows are 4-byte aligned, skip zero words four voxels at a time.
  const words = mask.byteOffset % 4 === 0 && nx % 4 === 0 ? new Uint32Array(mask.buffer, mask.byteOffset, mask.length >> 2) : undefined;
  for (let r = 0; r < rows; r++) {
    rowStart[r] = i0.length;
    const base = r * nx;
    let i = 0;
    while (i < nx) {
      if (words !== undefined && (i & 3) === 0 && words[(base + i) >> 2] === 0) {
        i += 4;
        continue;
      }
      const v = mask[base + i]!;
      if (v === 0 || (wanted >= 0 && v !== wanted)) {
        i++;
        continue;
      }
      const start = i;
      while (i < nx && mask[base + i] === v) i++;
      i0.push(start);
      i1.push(i - 1);
      rowOf.push(r);
      values.push(v);
    }
  }
  rowStart[rows] = i0.length;
  return {
    dims,
    count: i0.length,
    i0: i0.trimmed(),
    i1: i1.trimmed(),
    row: rowOf.trimmed(),
    value: Uint8Array.from(values.data.subarray(0, values.length)),
    rowStart,
  };
}
