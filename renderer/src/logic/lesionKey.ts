/** How the lesion table names and identifies a lesion across re-measurements. Pure. */
import type { LesionStats } from '../../../main/core/analysis/types.js';

/**
 * A key that survives re-measuring: the label value and the lesion's anchor voxel (its voxel nearest
 * the centroid). Edits to other lesions, and undo of a deletion, give the same key back.
 */
export const lesionKey = (lesion: Pick<LesionStats, 'label' | 'anchorIjk'>): string => `${lesion.label}@${lesion.anchorIjk.join(',')}`;

/** The name a row shows: the user's name for the lesion, else its label's name. */
export const lesionName = (lesion: LesionStats, names: Readonly<Record<string, string>>): string => names[lesionKey(lesion)] ?? lesion.labelName;
