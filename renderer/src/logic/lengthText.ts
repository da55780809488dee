/**
 * A length as the lesion table and the RECIST overlay both show it: one decimal below 100 mm, whole mm
 * from 100 mm up (there the decimal is below a voxel's width, and a liver-sized RECIST pair fits its column).
 */
export function formatLengthMm(mm: number): string {
  return mm < 99.95 ? mm.toFixed(1) : mm.toFixed(0);
}
