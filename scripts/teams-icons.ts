/**
 * Draws the Teams app icons into manifests/teams: `color.png` (192×192, a white clock on the
 * accent color) and `outline.png` (32×32, the same clock in white on a transparent background,
 * as Teams requires). Run `npx tsx scripts/teams-icons.ts` after changing the drawing; the PNGs
 * are committed so packaging needs no drawing step.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { PNG } from "pngjs";

type Rgb = readonly [number, number, number];

/** The manifest's `accentColor`, #1D4E89. */
const accent: Rgb = [0x1d, 0x4e, 0x89];
const white: Rgb = [255, 255, 255];

/** One stroke of the clock, in units of the icon's width (0..1). */
type Shape =
  | { kind: "ring"; cx: number; cy: number; radius: number; width: number }
  | { kind: "segment"; x1: number; y1: number; x2: number; y2: number; width: number };

/** A clock face with hands at ten past ten, leaving a margin for Teams' rounded mask. */
const clock: Shape[] = [
  { kind: "ring", cx: 0.5, cy: 0.5, radius: 0.3, width: 0.07 },
  { kind: "segment", x1: 0.5, y1: 0.5, x2: 0.5, y2: 0.3, width: 0.07 },
  { kind: "segment", x1: 0.5, y1: 0.5, x2: 0.64, y2: 0.58, width: 0.07 },
];

/** Samples per pixel side; 4 gives 16 samples, enough for smooth edges at 32 px. */
const supersampling = 4;

function distanceToShape(shape: Shape, x: number, y: number): number {
  if (shape.kind === "ring") {
    return Math.abs(Math.hypot(x - shape.cx, y - shape.cy) - shape.radius) - shape.width / 2;
  }
  const dx = shape.x2 - shape.x1;
  const dy = shape.y2 - shape.y1;
  const t = Math.max(
    0,
    Math.min(1, ((x - shape.x1) * dx + (y - shape.y1) * dy) / (dx * dx + dy * dy)),
  );
  return Math.hypot(x - (shape.x1 + t * dx), y - (shape.y1 + t * dy)) - shape.width / 2;
}

/** Measures the share of a pixel that the clock covers, from 0 to 1. */
function coverage(size: number, px: number, py: number): number {
  let inside = 0;
  for (let sy = 0; sy < supersampling; sy++) {
    for (let sx = 0; sx < supersampling; sx++) {
      const x = (px + (sx + 0.5) / supersampling) / size;
      const y = (py + (sy + 0.5) / supersampling) / size;
      if (clock.some((shape) => distanceToShape(shape, x, y) <= 0)) inside += 1;
    }
  }
  return inside / (supersampling * supersampling);
}

/** Draws the clock; with a background the icon is opaque, without one the clock is alpha only. */
function drawIcon(size: number, background?: Rgb): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const share = coverage(size, px, py);
      const offset = (py * size + px) * 4;
      const color = background
        ? background.map((channel, index) =>
            Math.round(channel + ((white[index] ?? 0) - channel) * share),
          )
        : white;
      png.data[offset] = color[0] ?? 0;
      png.data[offset + 1] = color[1] ?? 0;
      png.data[offset + 2] = color[2] ?? 0;
      png.data[offset + 3] = background ? 255 : Math.round(255 * share);
    }
  }
  return PNG.sync.write(png);
}

const folder = fileURLToPath(new URL("../manifests/teams/", import.meta.url));
writeFileSync(`${folder}color.png`, drawIcon(192, accent));
writeFileSync(`${folder}outline.png`, drawIcon(32));
console.log(`wrote ${folder}color.png and ${folder}outline.png`);
