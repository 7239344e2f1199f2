// Piano rolls as SVG, zoomed in enough to see timing: beat lines, faint straight-8th lines, a note's
// shade follows its velocity. Used for the groove before/after picture in docs/.

export interface SvgNote {
  pitch: number;
  start: number; // beats from the panel start
  duration: number; // beats
  velocity: number;
}

export interface SvgPanel {
  title: string;
  notes: SvgNote[];
  beats: number;
  beatsPerBar: number;
  color?: string; // CSS colour of a note at full velocity
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Panels stacked vertically, sharing one time scale and one pitch range. */
export function rollSvg(panels: SvgPanel[], pxPerBeat = 120, rowPx = 7): string {
  const pitches = panels.flatMap((p) => p.notes.map((n) => n.pitch));
  const lo = Math.min(...pitches, 60) - 1;
  const hi = Math.max(...pitches, 60) + 1;
  const left = 8;
  const titleH = 18;
  const h = (hi - lo + 1) * rowPx;
  const width = left * 2 + Math.max(...panels.map((p) => p.beats)) * pxPerBeat;
  const out: string[] = [];
  let y = 4;
  for (const p of panels) {
    const w = p.beats * pxPerBeat;
    out.push(`<text x="${left}" y="${y + 13}" font-family="sans-serif" font-size="12">${esc(p.title)}</text>`);
    y += titleH;
    out.push(`<rect x="${left}" y="${y}" width="${w}" height="${h}" fill="#fafafa" stroke="#999"/>`);
    for (let b = 0; b <= p.beats * 2; b++) {
      const x = left + (b / 2) * pxPerBeat;
      const bar = b % (2 * p.beatsPerBar) === 0;
      const stroke = bar ? '#888' : b % 2 === 0 ? '#ccc' : '#eee';
      out.push(`<line x1="${x}" y1="${y}" x2="${x}" y2="${y + h}" stroke="${stroke}"/>`);
    }
    for (const n of p.notes) {
      const x = left + n.start * pxPerBeat;
      const nw = Math.max(1, n.duration * pxPerBeat - 1);
      const ny = y + (hi - n.pitch) * rowPx;
      const opacity = (0.3 + 0.7 * (n.velocity / 127)).toFixed(2);
      out.push(`<rect x="${x.toFixed(1)}" y="${ny}" width="${nw.toFixed(1)}" height="${rowPx - 1}" fill="${p.color ?? '#1e5ac8'}" fill-opacity="${opacity}"/>`);
    }
    y += h + 10;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}">\n<rect width="100%" height="100%" fill="white"/>\n${out.join('\n')}\n</svg>\n`;
}
