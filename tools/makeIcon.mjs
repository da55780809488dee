// Writes resources/icon.png (512×512): a lung-lobe glyph drawn in code, so no binary art is needed upstream.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const size = 512;
const rgba = Buffer.alloc(size * size * 4);
const inside = (x, y, cx, cy, rx, ry) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
for (let y = 0; y < size; y++) {
  for (let x = 0; x < size; x++) {
    const o = (y * size + x) * 4;
    const r = Math.hypot(x - 256, y - 256);
    let c = r < 240 ? [16, 22, 30, 255] : [0, 0, 0, 0];
    if (inside(x, y, 180, 250, 70, 150) || inside(x, y, 332, 250, 70, 150)) c = [96, 170, 220, 255];
    if (inside(x, y, 330, 300, 26, 26)) c = [240, 190, 70, 255];
    if (x > 246 && x < 266 && y > 90 && y < 200) c = [96, 170, 220, 255];
    rgba.set(c, o);
  }
}
const raw = Buffer.alloc(size * (size * 4 + 1));
for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc(body));
  return Buffer.concat([len, body, sum]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(size, 0);
ihdr.writeUInt32BE(size, 4);
ihdr.set([8, 6, 0, 0, 0], 8);
const png = Buffer.concat([
  Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw)),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../resources/icon.png', import.meta.url), png);
