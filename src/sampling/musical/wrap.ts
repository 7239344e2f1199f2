// Wrap pull: in the loop's last bar, pitches far from the loop's opening (the pitches of its first onset)
// are biased down, more so the nearer the bar end, so the jump from the last note back to the first is no
// larger than a jump across the loop's own bar lines. Bias: -strength x ramp x (semitones to the nearest
// opening pitch) / 12, capped at two octaves; ramp grows from 0 at the last bar's start to 1 at its end.
import type { Sampler } from '../samplers.ts';
import type { TokenTable } from '../tokenTable.ts';

const CAP = 24;

export interface WrapSampler extends Sampler {
  /** The pitches of the loop's first onset (empty until it is written). */
  opening(): number[];
  /** 1-based bar of the loop being written (0 in the seed). */
  bar(): number;
}

export function wrap(table: TokenTable, bars: number, strength: number): WrapSampler {
  const defaultPpb = Math.max(0, ...table.positionsPerBar.values());
  let seedBars = 0;
  let barsSeen = 0;
  let ppb = defaultPpb;
  let position = -1;
  let firstPosition = -1;
  let opening: number[] = [];
  const loopBar = () => Math.max(0, barsSeen - seedBars);
  return {
    name: 'wrap',
    opening: () => opening,
    bar: loopBar,
    seed(ids) {
      seedBars = ids.filter((id) => table.types[id] === 'Bar').length;
      barsSeen = 0;
      opening = [];
      firstPosition = -1;
    },
    apply({ logits }) {
      if (loopBar() !== bars || opening.length === 0 || ppb <= 0) return;
      const ramp = ((Math.max(position, 0) + 1) / ppb) ** 2;
      for (let id = 0; id < logits.length; id++) {
        if (logits[id] === -Infinity || table.types[id] !== 'Pitch') continue;
        const p = table.values[id];
        const d = Math.min(CAP, ...opening.map((q) => Math.abs(p - q)));
        logits[id] -= (strength * ramp * d) / 12;
      }
    },
    accept(id) {
      const type = table.types[id];
      if (type === 'Bar') {
        barsSeen++;
        position = -1;
      } else if (type === 'TimeSig') ppb = table.positionsPerBar.get(id) ?? defaultPpb;
      else if (type === 'Position') {
        position = table.values[id];
        if (loopBar() === 1 && firstPosition < 0) firstPosition = position;
      } else if (type === 'Pitch' && loopBar() === 1 && position === firstPosition) opening.push(table.values[id]);
    },
  };
}
