import { binaryRequestMethods, type MethodName } from '../../../main/core/api/contract.js';
import { encodeEnvelope } from '../../../main/core/api/envelope.js';

/**
 * An API request as an HTTP body: JSON, or for methods that upload bytes (putLabelMap) a binary
 * envelope whose header is the request without `data` and whose payload is `data`.
 */
export function encodeRequestBody(method: MethodName, request: unknown): { type: string; body: string | Uint8Array<ArrayBuffer> } {
  if (binaryRequestMethods.has(method)) {
    const { data, ...header } = request as { data: ArrayBuffer | ArrayBufferView };
    const payload = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
    return { type: 'application/octet-stream', body: encodeEnvelope(header, payload) as Uint8Array<ArrayBuffer> };
  }
  return { type: 'application/json', body: JSON.stringify(request ?? {}) };
}
