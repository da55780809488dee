/** Sorting the lesion table by one of its columns. Pure, no Vue. */
import type { LesionStats } from '../../../main/core/analysis/types.js';

export type LesionColumn = 'id' | 'name' | 'volume' | 'recist' | 'feret' | 'mean';
export type SortDirection = 'asc' | 'desc';
export interface LesionSort {
  column: LesionColumn;
  direction: SortDirection;
}

export const DEFAULT_LESION_SORT: LesionSort = { column: 'id', direction: 'asc' };

/** The key a lesion sorts by in `column`; null where it has no value (no RECIST slice, no image). */
function sortValue(lesion: LesionStats, column: LesionColumn, name: string): number | string | null {
  switch (column) {
    case 'id': return lesion.id;
    case 'name': return name;
    case 'volume': return lesion.volumeMl;
    case 'recist': return lesion.recist ? lesion.recist.longMm : null;
    case 'feret': return lesion.feretMm;
    case 'mean': return lesion.intensity ? lesion.intensity.mean : null;
  }
}

/**
 * The lesions in the order of `sort` (a new array). Lesions without a value in that column come last
 * in both directions; ties keep the table's own order (by id). `nameOf` gives the name a row shows.
 */
export function sortLesions(lesions: readonly LesionStats[], sort: LesionSort, nameOf: (l: LesionStats) => string = (l) => l.labelName): LesionStats[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const keyed = lesions.map((lesion) => ({ lesion, value: sortValue(lesion, sort.column, nameOf(lesion)) }));
  keyed.sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value !== b.value) return a.value === null ? 1 : -1;
      return a.lesion.id - b.lesion.id;
    }
    const order =
      typeof a.value === 'string' || typeof b.value === 'string'
        ? String(a.value).localeCompare(String(b.value), undefined, { numeric: true, sensitivity: 'base' })
        : a.value - b.value;
    return order !== 0 ? sign * order : a.lesion.id - b.lesion.id;
  });
  return keyed.map((k) => k.lesion);
}

/** A click on a column header: the same column flips direction; another starts ascending (sizes: largest first). */
export function nextSort(current: LesionSort, column: LesionColumn): LesionSort {
  if (current.column === column) return { column, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  const sizeColumn = column === 'volume' || column === 'recist' || column === 'feret';
  return { column, direction: sizeColumn ? 'desc' : 'asc' };
}
