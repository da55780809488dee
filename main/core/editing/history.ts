import type { LabelInfo } from '../volume/types.js';
import { BYTES_PER_CHANGE, type ChangeList } from './changeSet.js';

/** One undoable step: voxel changes and/or a label-table change. */
export interface HistoryStep {
  changes: ChangeList | null;
  labelsBefore?: LabelInfo[];
  labelsAfter?: LabelInfo[];
}

interface StoredStep extends HistoryStep {
  /** Identity of the state this step produces; the state before it is `previousState`. */
  state: number;
  previousState: number;
  bytes: number;
}

const LABEL_ENTRY_BYTES = 64;

export function stepBytes(step: HistoryStep): number {
  const voxels = step.changes ? step.changes.index.length * BYTES_PER_CHANGE : 0;
  const table = ((step.labelsBefore?.length ?? 0) + (step.labelsAfter?.length ?? 0)) * LABEL_ENTRY_BYTES;
  return voxels + table + 64;
}

/**
 * Linear undo/redo history with a memory cap. Each state has a unique id, so "unsaved changes" is
 * simply "the current state is not the one that was saved", whichever way undo/redo got there.
 */
export class EditHistory {
  private steps: StoredStep[] = [];
  /** Number of steps currently applied (steps[cursor..] are redoable). */
  private cursor = 0;
  private nextState = 1;
  private currentState = 0;
  private savedState = 0;
  private totalBytes = 0;

  constructor(public maxBytes: number) {}

  get canUndo(): boolean {
    return this.cursor > 0;
  }

  get canRedo(): boolean {
    return this.cursor < this.steps.length;
  }

  get isDirty(): boolean {
    return this.currentState !== this.savedState;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  get undoDepth(): number {
    return this.cursor;
  }

  markSaved(): void {
    this.savedState = this.currentState;
  }

  /** Records an applied step; drops the redo branch, then the oldest steps while over the cap. */
  push(step: HistoryStep): void {
    for (const dropped of this.steps.splice(this.cursor)) this.totalBytes -= dropped.bytes;
    const stored: StoredStep = {
      ...step,
      state: this.nextState++,
      previousState: this.currentState,
      bytes: stepBytes(step),
    };
    this.currentState = stored.state;
    this.steps.push(stored);
    this.cursor = this.steps.length;
    this.totalBytes += stored.bytes;
    this.enforceCap();
  }

  /** The step to revert, moving the cursor back; null when there is none. */
  takeUndo(): HistoryStep | null {
    if (this.cursor === 0) return null;
    const step = this.steps[--this.cursor]!;
    this.currentState = step.previousState;
    return step;
  }

  takeRedo(): HistoryStep | null {
    if (this.cursor >= this.steps.length) return null;
    const step = this.steps[this.cursor++]!;
    this.currentState = step.state;
    return step;
  }

  setMaxBytes(maxBytes: number): void {
    this.maxBytes = maxBytes;
    this.enforceCap();
  }

  clear(): void {
    this.steps = [];
    this.cursor = 0;
    this.totalBytes = 0;
  }

  private enforceCap(): void {
    // Redo steps go first (they are the least likely to be wanted), then the oldest undo steps.
    while (this.totalBytes > this.maxBytes && this.steps.length > this.cursor) {
      this.totalBytes -= this.steps.pop()!.bytes;
    }
    let drop = 0;
    while (this.totalBytes > this.maxBytes && drop < this.steps.length) {
      this.totalBytes -= this.steps[drop]!.bytes;
      drop++;
    }
    if (drop > 0) {
      this.steps.splice(0, drop);
      this.cursor -= drop;
    }
  }
}
