#!/usr/bin/env node
// Generates the Teams app icons deterministically (same bytes on every run), Node built-ins only:
//   manifest/teams/color.png    192×192, full-colour: white speech bubble with a check mark on the accent colour
//   manifest/teams/outline.png   32×32,  white outline of the same glyph on a transparent background
// Usage: node scripts/make-icons.mjs [outDir]   (default: manifest/teams)
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Accent colour, keep in sync with `accentColor` in manifest/teams/manifest.json. */
export const ACCENT = [0x1e, 0x4d, 0x8c];
const WHITE = [255, 255, 255];

// ---------- tiny PNG encoder (8-bit RGBA, no interlace, filter 0) ----------
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** @param {number} width @param {number} height @param {Uint8Array} rgba width*height*4 bytes */
export function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter type None
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------- glyph geometry (unit square 0..1, y down), signed distance functions ----------
function sdRoundRect(px, py, cx, cy, hw, hh, r) {
  const qx = Math.abs(px - cx) - hw + r;
  const qy = Math.abs(py - cy) - hh + r;
  const ox = Math.max(qx, 0);
  const oy = Math.max(qy, 0);
  return Math.hypot(ox, oy) + Math.min(Math.max(qx, qy), 0) - r;
}

function sdSegment(px, py, ax, ay, bx, by) {
  const pax = px - ax;
  const pay = py - ay;
  const bax = bx - ax;
  const bay = by - ay;
  const h = Math.min(Math.max((pax * bax + pay * bay) / (bax * bax + bay * bay), 0), 1);
  return Math.hypot(pax - bax * h, pay - bay * h);
}

/** Signed distance to a triangle (a, b, c). */
function sdTriangle(px, py, a, b, c) {
  const edges = [
    [a, b],
    [b, c],
    [c, a],
  ];
  let d = Infinity;
  let inside = true;
  for (const [[x0, y0], [x1, y1]] of edges) {
    d = Math.min(d, sdSegment(px, py, x0, y0, x1, y1));
    const cross = (x1 - x0) * (py - y0) - (y1 - y0) * (px - x0);
    if (cross < 0) inside = false;
  }
  return inside ? -d : d;
}

// Speech bubble: rounded rectangle plus a tail at the lower left.
const BUBBLE = { cx: 0.5, cy: 0.44, hw: 0.4, hh: 0.3, r: 0.12 };
const TAIL = [
  [0.24, 0.6],
  [0.42, 0.7],
  [0.2, 0.9],
];
// Check mark inside the bubble.
const CHECK = [
  [0.32, 0.45],
  [0.45, 0.57],
  [0.69, 0.31],
];

function sdBubble(x, y) {
  const body = sdRoundRect(x, y, BUBBLE.cx, BUBBLE.cy, BUBBLE.hw, BUBBLE.hh, BUBBLE.r);
  const tail = sdTriangle(x, y, TAIL[0], TAIL[1], TAIL[2]);
  return Math.min(body, tail);
}

function sdCheck(x, y) {
  return Math.min(
    sdSegment(x, y, CHECK[0][0], CHECK[0][1], CHECK[1][0], CHECK[1][1]),
    sdSegment(x, y, CHECK[1][0], CHECK[1][1], CHECK[2][0], CHECK[2][1]),
  );
}

/**
 * Renders with 4×4 supersampling. `shade(x, y)` returns [rgb, alpha 0..1] for a point in unit coordinates,
 * where the glyph occupies `inset..1-inset` of the image.
 */
function render(size, inset, shade) {
  const rgba = new Uint8Array(size * size * 4);
  const S = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const u = (px + (sx + 0.5) / S) / size;
          const v = (py + (sy + 0.5) / S) / size;
          const x = (u - inset) / (1 - 2 * inset);
          const y = (v - inset) / (1 - 2 * inset);
          const [rgb, alpha] = shade(x, y);
          r += rgb[0] * alpha;
          g += rgb[1] * alpha;
          b += rgb[2] * alpha;
          a += alpha;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
      }
      rgba[i + 3] = Math.round((a / (S * S)) * 255);
    }
  }
  return rgba;
}

/** Full-colour 192×192: accent background, white bubble, check mark in the accent colour. */
export function colorIcon(size = 192) {
  const stroke = 0.045;
  return encodePng(
    size,
    size,
    render(size, 0.2, (x, y) => {
      if (sdCheck(x, y) < stroke) return [ACCENT, 1];
      if (sdBubble(x, y) < 0) return [WHITE, 1];
      return [ACCENT, 1];
    }),
  );
}

/** Outline 32×32: white strokes only, transparent everywhere else. */
export function outlineIcon(size = 32) {
  const stroke = 0.045;
  return encodePng(
    size,
    size,
    render(size, 0.02, (x, y) => {
      const onOutline = Math.abs(sdBubble(x, y)) < stroke;
      const onCheck = sdCheck(x, y) < stroke;
      return [WHITE, onOutline || onCheck ? 1 : 0];
    }),
  );
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const outDir = resolve(process.argv[2] ?? join(root, 'manifest', 'teams'));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'color.png'), colorIcon());
  writeFileSync(join(outDir, 'outline.png'), outlineIcon());
  console.log(`wrote ${join(outDir, 'color.png')} and ${join(outDir, 'outline.png')}`);
}
