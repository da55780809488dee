import type { BinaryPayload, NoduleCandidatesHeader } from '../api/contract.js';
import type { CandidateSearchOutcome } from '../nodules/candidateSearch.js';

/** A finished candidate search as the API returns it: the ranked list, and their label map as bytes. */
export function candidatesPayload(studyId: string, outcome: CandidateSearchOutcome): BinaryPayload<NoduleCandidatesHeader> {
  const data = outcome.labelMap.data;
  return {
    header: {
      studyId,
      modelId: outcome.modelId,
      provider: outcome.provider,
      ...(outcome.fallbackReason ? { fallbackReason: outcome.fallbackReason } : {}),
      candidates: outcome.candidates,
      lungVolumeMl: outcome.lungVolumeMl,
      seedsTried: outcome.seedsTried,
      seconds: outcome.seconds,
    },
    data: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer,
  };
}
