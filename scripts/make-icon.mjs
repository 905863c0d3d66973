// Draws media/icon.png (128×128): a small scored reasoning tree, its chosen path in green, on a dark tile.
// Plain pixels written as a PNG with node:zlib, so the icon is reproducible without an image tool:
// `node scripts/make-icon.mjs`.
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { URL } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SS = 4; // supersampling per axis, for smooth edges

const BACKGROUND_TOP = [0x24, 0x33, 0x4a];
const BACKGROUND_BOTTOM = [0x14, 0x1c, 0x2a];
const EDGE = [0x6b, 0x7a, 0x90];
const NODE = [0xc9, 0xd3, 0xe0];
const CHOSEN = [0x4c, 0xd1, 0x7a];

// Tree in 128-unit coordinates: root, three children, grandchildren; the chosen path is marked.
const nodes = {
  root: [64, 26, 10, true],
  a: [30, 62, 8, false],
  b: [64, 62, 8, true],
  c: [98, 62, 8, false],
  a1: [22, 98, 6, false],
  b1: [52, 100, 7, false],
  b2: [78, 100, 9, true],
  c1: [106, 98, 6, false],
};
const edges = [
  ['root', 'a'], ['root', 'b'], ['root', 'c'], ['a', 'a1'], ['b', 'b1'], ['b', 'b2'], ['c', 'c1'],
];

function insideRoundedSquare(x, y) {
  const r = 22;
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Colour and coverage of one sample point. */
function sample(x, y) {
  if (!insideRoundedSquare(x, y)) return null;
  const t = y / SIZE;
  let colour = BACKGROUND_TOP.map((c, i) => c + (BACKGROUND_BOTTOM[i] - c) * t);
  for (const [from, to] of edges) {
    const chosen = nodes[from][3] && nodes[to][3];
    if (distanceToSegment(x, y, nodes[from], nodes[to]) <= (chosen ? 3.2 : 2.2)) colour = chosen ? CHOSEN : EDGE;
  }
  for (const [nx, ny, r, chosen] of Object.values(nodes)) {
    if ((x - nx) ** 2 + (y - ny) ** 2 <= r * r) colour = chosen ? CHOSEN : NODE;
  }
  return colour;
}

const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    const sum = [0, 0, 0];
    let covered = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const colour = sample(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS);
        if (!colour) continue;
        covered += 1;
        colour.forEach((c, i) => (sum[i] += c));
      }
    }
    const offset = y * (SIZE * 4 + 1) + 1 + x * 4;
    for (let i = 0; i < 3; i++) raw[offset + i] = covered ? Math.round(sum[i] / covered) : 0;
    raw[offset + 3] = Math.round((covered / (SS * SS)) * 255);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../media/icon.png', import.meta.url), png);
console.log(`wrote media/icon.png (${png.length} bytes)`);
