import { describe, expect, it } from 'vitest';
import { isMethodName, validateRequest } from '../../../main/core/api/contract.js';
import { decodeEnvelope, encodeEnvelope } from '../../../main/core/api/envelope.js';
import { ValidationError } from '../../../main/core/api/validate.js';

describe('LobusApi request validation', () => {
  it('accepts well-formed requests', () => {
    expect(validateRequest('getVolume', { studyId: 's1' })).toEqual({ studyId: 's1' });
    expect(validateRequest('startSegmentation', { studyId: 's1', modelId: 'liver-u2net', provider: 'auto', seedLps: [1, 2, -3] })).toMatchObject({
      seedLps: [1, 2, -3],
    });
  });

  it.each([
    ['getVolume', null, /object/],
    ['getVolume', {}, /studyId/],
    ['getVolume', { studyId: 7 }, /studyId/],
    ['getVolume', { studyId: 's1', extra: true }, /extra.*unknown field/],
    ['getVolume', { studyId: 'a/../b' }, /studyId/],
    ['startSegmentation', { studyId: 's1', modelId: 'liver', provider: 'gpu' }, /provider/],
    ['startSegmentation', { studyId: 's1', modelId: 'liver', provider: 'cpu', seedLps: [1, 2] }, /seedLps/],
    ['startSegmentation', { studyId: 's1', modelId: 'liver', provider: 'cpu', seedLps: [1, 2, Number.NaN] }, /seedLps\[2\]/],
    ['startSegmentation', { studyId: 's1', modelId: '../x', provider: 'cpu' }, /modelId/],
    ['cancelJob', { jobId: 'rm -rf' }, /jobId/],
    ['openLibraryItem', { itemId: 'a\0b' }, /itemId/],
  ] as const)('rejects %s(%j)', (method, request, message) => {
    expect(() => validateRequest(method, request)).toThrow(ValidationError);
    expect(() => validateRequest(method, request)).toThrow(message);
  });

  it('knows only its own method names', () => {
    expect(isMethodName('getVolume')).toBe(true);
    expect(isMethodName('constructor')).toBe(false);
    expect(isMethodName('__proto__')).toBe(false);
  });

  it('round-trips binary payloads with an aligned data section', () => {
    const data = new Float64Array([1.5, -2, 3]);
    const packed = encodeEnvelope({ dims: [3, 1, 1] }, data);
    const { header, data: out } = decodeEnvelope<{ dims: number[] }>(packed.buffer as ArrayBuffer);
    expect(header.dims).toEqual([3, 1, 1]);
    expect(Array.from(new Float64Array(out))).toEqual([1.5, -2, 3]);
    expect(() => decodeEnvelope(new Uint8Array([255, 255, 0, 0]).buffer)).toThrow(/truncated/);
  });
});
