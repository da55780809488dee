import type { Vec3 } from '../volume/types.js';
import type { EditResult } from './types.js';

/**
 * What one undoable step changed, as sparse lists: voxel index, label and provenance before and after.
 * 8 bytes per changed voxel, so a brush dab costs kilobytes, not a copy of the volume.
 */
export interface ChangeList {
  index: Uint32Array;
  oldLabel: Uint8Array;
  newLabel: Uint8Array;
  oldSource: Uint8Array;
  newSource: Uint8Array;
}

export const BYTES_PER_CHANGE = 8;

/** Accumulates the box of changed voxels and the per-label count deltas of an edit. */
export class ChangeTally {
  changedVoxels = 0;
  private readonly delta = new Int32Array(256);
  private readonly lo: Vec3 = [Infinity, Infinity, Infinity];
  private readonly hi: Vec3 = [-Infinity, -Infinity, -Infinity];

  constructor(private readonly dims: Vec3) {}

  note(v: number, from: number, to: number): void {
    this.changedVoxels++;
    this.delta[from]!--;
    this.delta[to]!++;
    const nx = this.dims[0];
    const ny = this.dims[1];
    const i = v % nx;
    const t = (v - i) / nx;
    const j = t % ny;
    const k = (t - j) / ny;
    const { lo, hi } = this;
    if (i < lo[0]) lo[0] = i;
    if (i > hi[0]) hi[0] = i;
    if (j < lo[1]) lo[1] = j;
    if (j > hi[1]) hi[1] = j;
    if (k < lo[2]) lo[2] = k;
    if (k > hi[2]) hi[2] = k;
  }

  result(): EditResult {
    const deltaByLabel: Record<number, number> = {};
    for (let l = 0; l < 256; l++) if (this.delta[l] !== 0) deltaByLabel[l] = this.delta[l]!;
    const bbox = this.changedVoxels > 0 ? { min: [...this.lo] as Vec3, max: [...this.hi] as Vec3 } : null;
    return { changedVoxels: this.changedVoxels, bbox, deltaByLabel };
  }
}

/**
 * Writes voxels of a label map and its provenance map, remembering every change for undo.
 * Voxels already holding the wanted label and source are skipped.
 */
export class ChangeRecorder {
  readonly tally: ChangeTally;
  private index = new Uint32Array(1024);
  private oldLabel = new Uint8Array(1024);
  private newLabel = new Uint8Array(1024);
  private oldSource = new Uint8Array(1024);
  private newSource = new Uint8Array(1024);
  private n = 0;

  constructor(
    private readonly labels: Uint8Array,
    private readonly source: Uint8Array,
    dims: Vec3,
  ) {
    this.tally = new ChangeTally(dims);
  }

  get size(): number {
    return this.n;
  }

  set(v: number, label: number, src: number): void {
    const ol = this.labels[v]!;
    const os = this.source[v]!;
    if (ol === label && os === src) return;
    if (this.n === this.index.length) this.grow();
    const n = this.n++;
    this.index[n] = v;
    this.oldLabel[n] = ol;
    this.newLabel[n] = label;
    this.oldSource[n] = os;
    this.newSource[n] = src;
    this.labels[v] = label;
    this.source[v] = src;
    if (ol !== label) this.tally.note(v, ol, label);
  }

  /** The recorded changes, trimmed to size (copies, so the recorder's buffers can be dropped). */
  finish(): ChangeList {
    const n = this.n;
    return {
      index: this.index.slice(0, n),
      oldLabel: this.oldLabel.slice(0, n),
      newLabel: this.newLabel.slice(0, n),
      oldSource: this.oldSource.slice(0, n),
      newSource: this.newSource.slice(0, n),
    };
  }

  private grow(): void {
    const size = this.index.length * 2;
    const widen = <T extends Uint8Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.index = widen(this.index, (s) => new Uint32Array(s));
    this.oldLabel = widen(this.oldLabel, (s) => new Uint8Array(s));
    this.newLabel = widen(this.newLabel, (s) => new Uint8Array(s));
    this.oldSource = widen(this.oldSource, (s) => new Uint8Array(s));
    this.newSource = widen(this.newSource, (s) => new Uint8Array(s));
  }
}

/** Concatenates the change lists of consecutive edits into one step (replayed in order, undone in reverse). */
export function concatChanges(parts: ChangeList[]): ChangeList {
  if (parts.length === 1) return parts[0]!;
  const n = parts.reduce((s, p) => s + p.index.length, 0);
  const out: ChangeList = {
    index: new Uint32Array(n),
    oldLabel: new Uint8Array(n),
    newLabel: new Uint8Array(n),
    oldSource: new Uint8Array(n),
    newSource: new Uint8Array(n),
  };
  let at = 0;
  for (const p of parts) {
    out.index.set(p.index, at);
    out.oldLabel.set(p.oldLabel, at);
    out.newLabel.set(p.newLabel, at);
    out.oldSource.set(p.oldSource, at);
    out.newSource.set(p.newSource, at);
    at += p.index.length;
  }
  return out;
}

/** Puts back the state before `c` (reverse order, so a voxel changed twice ends at its first old value). */
export function revertChanges(c: ChangeList, labels: Uint8Array, source: Uint8Array, tally: ChangeTally): void {
  for (let n = c.index.length - 1; n >= 0; n--) {
    const v = c.index[n]!;
    const from = labels[v]!;
    const to = c.oldLabel[n]!;
    labels[v] = to;
    source[v] = c.oldSource[n]!;
    if (from !== to) tally.note(v, from, to);
  }
}

/** Replays `c` forward. */
export function replayChanges(c: ChangeList, labels: Uint8Array, source: Uint8Array, tally: ChangeTally): void {
  for (let n = 0; n < c.index.length; n++) {
    const v = c.index[n]!;
    const from = labels[v]!;
    const to = c.newLabel[n]!;
    labels[v] = to;
    source[v] = c.newSource[n]!;
    if (from !== to) tally.note(v, from, to);
  }
}
