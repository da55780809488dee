import type { LabelInfo, LabelMap } from '../volume/types.js';
import { ChangeTally, concatChanges, replayChanges, revertChanges, type ChangeList } from './changeSet.js';
import { EditHistory, type HistoryStep } from './history.js';
import { copyLabel } from './labelTable.js';
import type { EditResult } from './types.js';

export function emptyResult(extra: Partial<EditResult> = {}): EditResult {
  return { changedVoxels: 0, bbox: null, deltaByLabel: {}, ...extra };
}

/**
 * The undo side of LabelEditor: gathers the changes of a stroke into one step, keeps the capped
 * history, and reverts or replays steps into the label map, its provenance map and its label table.
 */
export class EditJournal {
  private readonly history: EditHistory;
  private strokeParts: ChangeList[] | null = null;

  constructor(
    private readonly labelMap: LabelMap,
    private readonly source: Uint8Array,
    maxHistoryBytes: number,
  ) {
    this.history = new EditHistory(maxHistoryBytes);
  }

  /** One edit's changes: part of the open stroke, or a step of its own. */
  record(changes: ChangeList): void {
    if (this.strokeParts) this.strokeParts.push(changes);
    else this.history.push({ changes });
  }

  /** A step that changed the label table (and maybe voxels): `labelsBefore` is a copy taken before, the table is now `labelsAfter`. */
  recordTableStep(changes: ChangeList | null, labelsBefore: LabelInfo[], labelsAfter: readonly LabelInfo[]): void {
    this.history.push({ changes, labelsBefore, labelsAfter: labelsAfter.map(copyLabel) });
  }

  beginStroke(): void {
    this.endStroke();
    this.strokeParts = [];
  }

  /** Closes the open stroke as one step; returns the net result of the whole stroke. */
  endStroke(): EditResult {
    const changes = this.takeStroke();
    if (!changes) return emptyResult();
    this.history.push({ changes });
    const tally = new ChangeTally(this.labelMap.dims);
    for (let n = 0; n < changes.index.length; n++) {
      if (changes.oldLabel[n] !== changes.newLabel[n]) tally.note(changes.index[n]!, changes.oldLabel[n]!, changes.newLabel[n]!);
    }
    return tally.result();
  }

  /** Closes the open stroke without making it a step: its changes, for a caller that records them in its own step. */
  takeStroke(): ChangeList | null {
    const parts = this.strokeParts;
    this.strokeParts = null;
    return parts && parts.length > 0 ? concatChanges(parts) : null;
  }

  get canUndo(): boolean {
    return this.history.canUndo || (this.strokeParts?.length ?? 0) > 0;
  }

  get canRedo(): boolean {
    return this.strokeParts === null && this.history.canRedo;
  }

  get isDirty(): boolean {
    return this.history.isDirty || (this.strokeParts?.length ?? 0) > 0;
  }

  markSaved(): void {
    this.endStroke();
    this.history.markSaved();
  }

  /** Reverts the last step (null when there is nothing to undo); `labelsChanged` when it restored a label table. */
  undo(): EditResult | null {
    this.endStroke();
    const step = this.history.takeUndo();
    return step ? this.applyStep(step, 'undo') : null;
  }

  redo(): EditResult | null {
    this.endStroke();
    const step = this.history.takeRedo();
    return step ? this.applyStep(step, 'redo') : null;
  }

  get bytes(): number {
    return this.history.bytes;
  }

  setMaxBytes(maxBytes: number): void {
    this.history.setMaxBytes(maxBytes);
  }

  private applyStep(step: HistoryStep, direction: 'undo' | 'redo'): EditResult {
    const tally = new ChangeTally(this.labelMap.dims);
    if (step.changes) {
      const apply = direction === 'undo' ? revertChanges : replayChanges;
      apply(step.changes, this.labelMap.data, this.source, tally);
    }
    const table = direction === 'undo' ? step.labelsBefore : step.labelsAfter;
    if (!table) return tally.result();
    this.labelMap.labels = table.map(copyLabel);
    return { ...tally.result(), labelsChanged: true };
  }
}
