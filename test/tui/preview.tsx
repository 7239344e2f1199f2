// See the TUI without MIDI or a model: `npx tsx test/tui/preview.tsx` draws a scripted engine
// that walks through armed, capturing, generating and playing. Not a test; a look for humans.
import { runTui } from '../../src/tui/index.tsx';
import { ScriptedEngine, scale } from './scriptedEngine.ts';

const engine = new ScriptedEngine({ state: { kind: 'stopped' } });
const seedNotes = scale(2, 62).map((n, i) => ({ ...n, duration: i % 3 === 0 ? 1.5 : 0.5 }));
const loopNotes = [...scale(8, 55), ...scale(8, 67).map((n) => ({ ...n, start: n.start + 0.5, duration: 0.25 }))];
let step = 0;
const timer = setInterval(() => {
  step += 1;
  const bar = Math.floor(step / 8) + 1;
  const clock = { ...engine.snapshot().clock, bar, beat: Math.floor(step / 2) % 4 + 1 };
  if (step < 8) engine.push({ clock, state: { kind: 'armed' } });
  else if (step < 24) engine.push({ clock, state: { kind: 'capturing', bar: bar - 1, of: 2 }, seed: { bars: 2, notes: seedNotes.filter((n) => n.start < (step - 8) / 2) } });
  else if (step < 56) engine.push({ clock, state: { kind: 'generating', tokens: (step - 24) * 12, bar: Math.floor((step - 24) / 4) + 1, of: 8 } });
  else
    engine.push({
      clock,
      state: { kind: 'playing', variant: 1 + Math.floor((step - 56) / 64) },
      loop: { variant: 1, bars: 8, notes: loopNotes, loopScore: -1.37, position: ((step - 56) / 2) % 32 },
      next: { mode: 'regenerate', tokens: (step % 64) * 6, bar: Math.floor((step % 64) / 8) + 1, of: 8, ready: step % 64 > 56 },
      stats: { notesOut: step * 3, hangingNotes: 0, loopsPlayed: Math.floor((step - 56) / 64) },
    });
}, 125);

await runTui(engine, { title: 'seedloop preview' });
clearInterval(timer);
