// Piano rolls as a PNG: a grid of panels (rows of e.g. seed | loop | human), each a few bars of notes.
// Pitch runs up, time right; bar lines are drawn, and a note's shade follows its velocity.
import type { Note } from '../types.ts';
import { blankImage, encodePng, fillRect, type Image } from './png.ts';

export interface RollPanel {
  notes: Note[]; // start relative to the panel start, in the panel's ticks
  ticks: number; // panel length in ticks
  barTicks: number;
  color?: [number, number, number]; // note colour at full velocity
}

export interface RollOptions {
  pxPerBar?: number; // default 48
  rowHeight?: number; // default 96 pixels per panel row
  gap?: number; // pixels between panels; default 6
}

const GRID: [number, number, number] = [225, 225, 225];
const BORDER: [number, number, number] = [150, 150, 150];

function drawPanel(img: Image, p: RollPanel, x: number, y: number, w: number, h: number, lo: number, hi: number): void {
  fillRect(img, x, y, w, h, [250, 250, 250]);
  for (let t = 0; t <= p.ticks; t += p.barTicks) fillRect(img, x + (t / p.ticks) * (w - 1), y, 1, h, GRID);
  const rowH = h / (hi - lo + 1);
  const [r, g, b] = p.color ?? [30, 90, 200];
  for (const n of p.notes) {
    const k = 0.35 + 0.65 * (n.velocity / 127); // quiet notes are paler
    const shade: [number, number, number] = [255 - k * (255 - r), 255 - k * (255 - g), 255 - k * (255 - b)];
    const nx = x + (n.start / p.ticks) * w;
    const nw = Math.max(1, (Math.min(n.duration, p.ticks - n.start) / p.ticks) * w - 1);
    const ny = y + (hi - n.pitch) * rowH;
    fillRect(img, nx, ny, nw, Math.max(1, rowH), shade);
  }
  fillRect(img, x, y, w, 1, BORDER);
  fillRect(img, x, y + h - 1, w, 1, BORDER);
  fillRect(img, x, y, 1, h, BORDER);
  fillRect(img, x + w - 1, y, 1, h, BORDER);
}

/** Draw rows of panels; panel width follows its bar count, each row shares one pitch range. */
export function pianoRollImage(rows: RollPanel[][], o: RollOptions = {}): Image {
  const pxPerBar = o.pxPerBar ?? 48;
  const rowHeight = o.rowHeight ?? 96;
  const gap = o.gap ?? 6;
  const widthOf = (p: RollPanel) => Math.max(8, Math.round((p.ticks / p.barTicks) * pxPerBar));
  const rowWidth = (r: RollPanel[]) => r.reduce((s, p) => s + widthOf(p) + gap, gap);
  const width = Math.max(1, ...rows.map(rowWidth));
  const height = Math.max(1, gap + rows.length * (rowHeight + gap));
  const img = blankImage(width, height);
  rows.forEach((row, ri) => {
    const pitches = row.flatMap((p) => p.notes.map((n) => n.pitch));
    const lo = pitches.length ? Math.min(...pitches) - 1 : 59;
    const hi = pitches.length ? Math.max(...pitches) + 1 : 72;
    let x = gap;
    for (const p of row) {
      drawPanel(img, p, x, gap + ri * (rowHeight + gap), widthOf(p), rowHeight, lo, hi);
      x += widthOf(p) + gap;
    }
  });
  return img;
}

export function pianoRollPng(rows: RollPanel[][], o: RollOptions = {}): Buffer {
  return encodePng(pianoRollImage(rows, o));
}
