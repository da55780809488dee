import { describe, expect, it } from 'vitest';
import { freeLabelColor, freeLabelName, LABEL_PALETTE, LabelEditor } from '../../../main/core/editing/index.js';
import { emptyLabelMap, obliqueGrid } from './editingFixtures.js';

const YELLOW: [number, number, number] = [255, 200, 40];
const label = (value: number, name: string, color: [number, number, number] = YELLOW) => ({ value, name, color });

describe('a label added beside others with the same name or colour gets its own', () => {
  it('a free name stays; a taken one becomes the next free "<name> N", a trailing number replaced', () => {
    expect(freeLabelName('Nodule', [label(1, 'Liver')])).toBe('Nodule');
    expect(freeLabelName('Nodule', [label(1, 'Nodule')])).toBe('Nodule 2');
    expect(freeLabelName('Nodule', [label(1, 'Nodule'), label(2, 'Nodule 2'), label(3, 'Nodule 4')])).toBe('Nodule 3');
    // An accepted candidate of rank 1 after a clicked "Nodule" and "Nodule 1" the user named.
    expect(freeLabelName('Nodule 1', [label(1, 'Nodule'), label(2, 'Nodule 1')])).toBe('Nodule 2');
    expect(freeLabelName('Nodule 3', [label(1, 'Nodule 1')])).toBe('Nodule 3');
  });

  it('a free colour stays; a taken one becomes the first palette colour no label has', () => {
    expect(freeLabelColor(YELLOW, [label(1, 'Liver', [200, 80, 60])])).toEqual(YELLOW);
    expect(freeLabelColor(YELLOW, [label(1, 'Nodule')])).toEqual(LABEL_PALETTE[0]);
    const first = LABEL_PALETTE[0]!;
    expect(freeLabelColor(YELLOW, [label(1, 'Nodule'), label(2, 'Nodule 2', [first[0], first[1], first[2]])])).toEqual(LABEL_PALETTE[1]);
    // Every palette colour taken: still a valid colour (the palette cycles), never an exception.
    const all = LABEL_PALETTE.map((c, i) => label(i + 1, `L${i}`, [c[0], c[1], c[2]]));
    expect(LABEL_PALETTE).toContainEqual(freeLabelColor(LABEL_PALETTE[0]!, all));
  });

  it('the editor applies both to an accepted candidate', () => {
    const editor = new LabelEditor(emptyLabelMap(obliqueGrid([8, 8, 4]), []));
    const first = editor.addModelLabel('nodule-unetpp', 'Nodule 1', YELLOW, [1, 2]).label;
    const second = editor.addModelLabel('nodule-unetpp', 'Nodule 1', YELLOW, [5, 6]).label;
    expect(first).toEqual({ value: 1, name: 'Nodule 1', color: YELLOW });
    expect(second.name).toBe('Nodule 2');
    expect(second.color).not.toEqual(YELLOW);
  });
});
