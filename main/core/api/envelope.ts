/**
 * Binary responses over HTTP: [u32 LE header length][UTF-8 JSON header][padding to 8 bytes][payload].
 * Padding keeps the payload aligned so a Float64Array view needs no copy.
 */
export function encodeEnvelope(header: unknown, payload: ArrayBufferView): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerEnd = 4 + json.byteLength;
  const dataStart = Math.ceil(headerEnd / 8) * 8;
  const out = new Uint8Array(dataStart + payload.byteLength);
  new DataView(out.buffer).setUint32(0, json.byteLength, true);
  out.set(json, 4);
  out.set(new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength), dataStart);
  return out;
}

export function decodeEnvelope<H>(buffer: ArrayBuffer): { header: H; data: ArrayBuffer } {
  if (buffer.byteLength < 4) throw new Error('Binary response is truncated.');
  const length = new DataView(buffer).getUint32(0, true);
  if (4 + length > buffer.byteLength) throw new Error('Binary response header is truncated.');
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 4, length))) as H;
  const dataStart = Math.ceil((4 + length) / 8) * 8;
  return { header, data: buffer.slice(dataStart) };
}
