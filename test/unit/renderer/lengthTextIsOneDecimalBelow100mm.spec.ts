import { describe, expect, it } from 'vitest';
import { formatLengthMm } from '../../../renderer/src/logic/lengthText.js';

describe('formatLengthMm (lesion table and RECIST overlay)', () => {
  it('keeps one decimal below 100 mm and whole mm from 100 mm, with no "100.0" at the boundary', () => {
    expect(formatLengthMm(4.96)).toBe('5.0');
    expect(formatLengthMm(17.64)).toBe('17.6');
    expect(formatLengthMm(99.94)).toBe('99.9');
    expect(formatLengthMm(99.96)).toBe('100');
    expect(formatLengthMm(235.94)).toBe('236');
  });
});
