/**
 * What an edit may write, as a lookup table over the current voxel value: table[current] is the
 * value the voxel becomes, or -1 when the edit must leave it alone. Locked labels never change;
 * without `overwrite`, paint writes only onto background or its own label and erase removes only
 * its own label, so edits never bleed into other labels.
 */
export type WriteTable = Int16Array;

export function paintTable(label: number, overwrite: boolean, locked: Uint8Array): WriteTable {
  const table = new Int16Array(256).fill(-1);
  if (locked[label]) return table;
  for (let c = 0; c < 256; c++) {
    if (locked[c]) continue;
    if (c === 0 || c === label || overwrite) table[c] = label;
  }
  return table;
}

export function eraseTable(label: number, overwrite: boolean, locked: Uint8Array): WriteTable {
  const table = new Int16Array(256).fill(-1);
  if (locked[label]) return table;
  for (let c = 1; c < 256; c++) {
    if (locked[c]) continue;
    if (c === label || overwrite) table[c] = 0;
  }
  return table;
}
