// The one safety pass every timing change goes through (groove, swing, humanize): nothing crosses
// the loop start or end, a same-pitch pair keeps its order and never overlaps, and every note ends
// after it starts. Notes are in beats from the loop start.

export interface TimedNote {
  pitch: number;
  velocity: number;
  start: number; // beats
  end: number; // beats, > start
}

export interface SafetyOptions {
  loopBeats: number;
  /** The shortest note kept and the least gap between two same-pitch onsets, beats. */
  minBeats: number;
}

/**
 * `moved[i]` is `grid[i]` after timing changes. Same-pitch notes keep the order they had on the grid
 * (ties keep the first); a note that cannot fit before the loop end is dropped rather than left hanging.
 */
export function makeSafe(grid: TimedNote[], moved: TimedNote[], { loopBeats, minBeats }: SafetyOptions): TimedNote[] {
  const byPitch = new Map<number, number[]>();
  grid.forEach((n, i) => {
    const list = byPitch.get(n.pitch);
    if (list) list.push(i);
    else byPitch.set(n.pitch, [i]);
  });
  const out: TimedNote[] = [];
  for (const idx of byPitch.values()) {
    idx.sort((a, b) => grid[a].start - grid[b].start || a - b);
    let prev: TimedNote | null = null;
    let prevGrid = -Infinity;
    for (const i of idx) {
      if (grid[i].start === prevGrid) continue; // two onsets of one pitch at one time: keep the first
      prevGrid = grid[i].start;
      const m = moved[i];
      const start = Math.max(0, m.start, prev ? prev.start + minBeats : 0);
      if (start + minBeats > loopBeats) continue;
      const end = Math.min(loopBeats, Math.max(m.end, start + minBeats));
      if (prev) prev.end = Math.min(prev.end, start);
      prev = { pitch: m.pitch, velocity: clampVelocity(m.velocity), start, end };
      out.push(prev);
    }
  }
  return out.sort((a, b) => a.start - b.start || a.pitch - b.pitch);
}

export const clampVelocity = (v: number) => Math.max(1, Math.min(127, Math.round(v)));
