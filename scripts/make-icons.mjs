/**
 * Draws the add-in's icons: a blue rounded square with five rising bars (the five maturity levels,
 * the top one highlighted as the level to reach), written as PNGs in assets/.
 * Run `npm run icons` after changing the drawing; the PNGs are committed, so builds need no tool.
 * Output is byte-for-byte reproducible: no timestamps, fixed compression settings.
 */
import { Buffer } from "node:buffer";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

const SIZES = [16, 32, 64, 80, 128];
const SUPERSAMPLING = 8; // samples per pixel side: smooth edges even at 16 px

const BACKGROUND = [0x0f, 0x6c, 0xbd]; // Fluent brand blue
const BAR = [0xff, 0xff, 0xff];
const TOP_BAR = [0xff, 0xb9, 0x00]; // amber: the level to reach

// Geometry in unit coordinates (0..1, y downwards).
const CORNER_RADIUS = 0.2;
const BARS = { left: 0.17, right: 0.83, baseline: 0.8, minHeight: 0.14, maxHeight: 0.6, count: 5 };

/** The colour at a point of the unit square, or null where the icon is transparent. */
function colourAt(x, y) {
  if (!insideRoundedSquare(x, y)) return null;
  const gapRatio = 0.45; // gap width relative to bar width
  const barWidth = (BARS.right - BARS.left) / (BARS.count + (BARS.count - 1) * gapRatio);
  for (let i = 0; i < BARS.count; i++) {
    const left = BARS.left + i * barWidth * (1 + gapRatio);
    const height =
      BARS.minHeight + ((BARS.maxHeight - BARS.minHeight) * i) / Math.max(1, BARS.count - 1);
    if (x >= left && x < left + barWidth && y <= BARS.baseline && y >= BARS.baseline - height) {
      return i === BARS.count - 1 ? TOP_BAR : BAR;
    }
  }
  return BACKGROUND;
}

function insideRoundedSquare(x, y) {
  const r = CORNER_RADIUS;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** RGBA pixels of one icon, each pixel the average of SUPERSAMPLING² samples. */
function render(size) {
  const pixels = Buffer.alloc(size * size * 4);
  const n = SUPERSAMPLING;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const colour = colourAt((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          if (colour === null) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          covered++;
        }
      }
      const o = (py * size + px) * 4;
      if (covered > 0) {
        pixels[o] = Math.round(r / covered);
        pixels[o + 1] = Math.round(g / covered);
        pixels[o + 2] = Math.round(b / covered);
        pixels[o + 3] = Math.round((255 * covered) / (n * n));
      }
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, k) => {
  let c = k;
  for (let i = 0; i < 8; i++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const typeAndData = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A PNG file (8-bit RGBA, no filtering) of square RGBA pixels. */
function encodePng(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const rowLength = size * 4;
  const raw = Buffer.alloc(size * (rowLength + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (rowLength + 1)] = 0; // filter: none
    pixels.copy(raw, y * (rowLength + 1) + 1, y * rowLength, (y + 1) * rowLength);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const assets = join(dirname(fileURLToPath(import.meta.url)), "..", "assets");
mkdirSync(assets, { recursive: true });
for (const size of SIZES) {
  const file = join(assets, `icon-${size}.png`);
  writeFileSync(file, encodePng(size, render(size)));
  console.log(`wrote ${file}`);
}
