#!/usr/bin/env node
// Renders the app icon (the same design as public/icon.svg) to PNGs for the PWA manifest,
// with no dependencies: a tiny rasteriser (4× supersampling) and a PNG encoder over zlib.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const nodes = [[16, 18, 5], [16, 32, 5], [16, 46, 5], [32, 32, 6], [48, 22, 5], [48, 42, 5]];
const edges = [[0, 3], [1, 3], [2, 3], [3, 4], [3, 5]];
const lerp = (a, b, t) => a + (b - a) * t;
const grad = (x, y) => { const t = Math.min(1, Math.max(0, (x + y) / 128)); return [lerp(0x7c, 0xb4, t), lerp(0xc4, 0x8c, t), 0xff]; };
function segDist(px, py, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay; const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}
function sample(x, y) { // x, y in the 64-unit design space
  const r = 14, inRect = (() => { const cx = Math.min(Math.max(x, r), 64 - r), cy = Math.min(Math.max(y, r), 64 - r); return Math.hypot(x - cx, y - cy) <= r; })();
  if (!inRect) return null;
  for (const [cx, cy, rr] of nodes) if (Math.hypot(x - cx, y - cy) <= rr) return grad(x, y);
  for (const [a, b] of edges) if (segDist(x, y, nodes[a][0], nodes[a][1], nodes[b][0], nodes[b][1]) <= 1.25) return grad(x, y);
  return [0x12, 0x15, 0x1c];
}
function render(size) {
  const ss = 4, raw = Buffer.alloc(size * (size * 4 + 1));
  for (let j = 0; j < size; j++) {
    raw[j * (size * 4 + 1)] = 0;
    for (let i = 0; i < size; i++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < ss; sy++) for (let sx = 0; sx < ss; sx++) {
        const c = sample(((i + (sx + 0.5) / ss) / size) * 64, ((j + (sy + 0.5) / ss) / size) * 64);
        if (c) { r += c[0]; g += c[1]; b += c[2]; a += 255; }
      }
      const n = ss * ss, o = j * (size * 4 + 1) + 1 + i * 4, cov = a / 255 || 1;
      raw[o] = r / cov; raw[o + 1] = g / cov; raw[o + 2] = b / cov; raw[o + 3] = a / n;
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(size, 0); ihdr.writeUInt32BE(size, 4); ihdr[8] = 8; ihdr[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
const table = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
function crc32(buf) { let c = 0xffffffff; for (const b of buf) c = table[(c ^ b) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; }
for (const s of [192, 512]) writeFileSync(new URL(`../public/icon-${s}.png`, import.meta.url), render(s));
console.log('icons written');
