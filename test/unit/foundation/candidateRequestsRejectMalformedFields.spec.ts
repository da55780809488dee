import { describe, expect, it } from 'vitest';
import { binaryMethods, isMethodName, validateRequest } from '../../../main/core/api/contract.js';
import { ValidationError } from '../../../main/core/api/validate.js';

describe('nodule candidate requests are validated on arrival', () => {
  it('accepts a well-formed search and fetch', () => {
    expect(validateRequest('startCandidateSearch', { studyId: 's1', modelId: 'nodule-unetpp', provider: 'cpu' })).toEqual({
      studyId: 's1',
      modelId: 'nodule-unetpp',
      provider: 'cpu',
    });
    expect(validateRequest('getNoduleCandidates', { studyId: 's2' })).toEqual({ studyId: 's2' });
    expect(isMethodName('startCandidateSearch') && isMethodName('getNoduleCandidates')).toBe(true);
    // The candidates' label map comes back as bytes, never as a JSON array of numbers.
    expect(binaryMethods.has('getNoduleCandidates')).toBe(true);
  });

  it.each([
    ['startCandidateSearch', undefined, /object/],
    ['startCandidateSearch', { studyId: 's1', modelId: 'nodule-unetpp' }, /provider/],
    ['startCandidateSearch', { studyId: 's1', modelId: 'nodule-unetpp', provider: 'gpu' }, /provider/],
    ['startCandidateSearch', { studyId: 's1', modelId: '../../etc/passwd', provider: 'cpu' }, /modelId/],
    ['startCandidateSearch', { studyId: 's1', modelId: '', provider: 'cpu' }, /modelId/],
    ['startCandidateSearch', { studyId: 's1/..', modelId: 'nodule-unetpp', provider: 'cpu' }, /studyId/],
    ['startCandidateSearch', { studyId: 's1', modelId: 'nodule-unetpp', provider: 'cpu', maxSeeds: 1e9 }, /maxSeeds.*unknown field/],
    ['getNoduleCandidates', {}, /studyId/],
    ['getNoduleCandidates', { studyId: 42 }, /studyId/],
    ['getNoduleCandidates', { studyId: 's1', rank: 1 }, /rank.*unknown field/],
    ['getNoduleCandidates', [], /object/],
  ] as const)('rejects %s(%j)', (method, request, message) => {
    expect(() => validateRequest(method, request)).toThrow(ValidationError);
    expect(() => validateRequest(method, request)).toThrow(message);
  });
});
