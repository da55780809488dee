import { describe, expect, it } from 'vitest';
import { fromFileList, maskFiles } from '../../../renderer/src/logic/pickedFiles.js';

function file(name: string, relativePath = ''): File {
  const f = new File([new Uint8Array(4)], name);
  if (relativePath) Object.defineProperty(f, 'webkitRelativePath', { value: relativePath });
  return f;
}

describe('picked files: what they are called and whether they are a mask', () => {
  it('a folder pick is named after the folder and leaves hidden files out; a single file by its name', () => {
    const picked = fromFileList([file('IM1', 'CT_series/IM1'), file('.DS_Store', 'CT_series/.DS_Store'), file('IM2', 'CT_series/sub/IM2')]);
    expect(picked?.displayName).toBe('CT_series');
    expect(picked?.files.map((f) => f.name)).toEqual(['IM1', 'IM2']);
    expect(fromFileList([file('image.nii.gz')])?.displayName).toBe('image.nii.gz');
    expect(fromFileList([file('a.dcm'), file('b.dcm')])?.displayName).toBe('2 files');
    expect(fromFileList([file('.hidden')])).toBeNull();
  });

  it('a mask is one .nii/.nii.gz, optionally with its .labels.json; anything else is a study', () => {
    const one = (...names: string[]) => maskFiles({ displayName: 'x', files: names.map((n) => file(n)) });
    expect(one('liver.nii.gz')?.mask.name).toBe('liver.nii.gz');
    const withSidecar = one('liver_mask.nii.gz', 'liver_mask.labels.json');
    expect([withSidecar?.mask.name, withSidecar?.sidecar?.name]).toEqual(['liver_mask.nii.gz', 'liver_mask.labels.json']);
    expect(one('a.nii', 'b.nii')).toBeNull();
    expect(one('IM1.dcm')).toBeNull();
    expect(one('liver.nii.gz', 'IM1.dcm')).toBeNull();
  });
});
