// The live test, in virtual time: a swung seed with notes late by known amounts is played into
// the engine; the loop that comes out carries the seed's swing ratio and accents at groove 100%, and
// sits on the grid at 0%. The generator echoes the seed's bars at a flat velocity, with the second
// bar's swung offbeats put back on the straight 8th (as a model may write them).
import { describe, expect, it } from 'vitest';
import { playSeed, type SeedNote } from '../../src/harness/sim.ts';
import type { LoopGenerator } from '../../src/live/generation.ts';
import { runNoteLoop } from '../../src/model/noteLoop.ts';
import type { GenerateEvent, GenerateRequest, GenerateResult, LoopEvent, LoopRequest } from '../../src/model/types.ts';
import { ToyTokenizer } from '../live/doubles.ts';
import { rig } from '../live/rig.ts';

const POS = 4, VEL = 180, DUR = 307; // the toy tokenizer's id bases
const MS_PER_BEAT = 500; // 120 bpm
const SWUNG = 9 / 14; // 1.8:1; the tokenizer rounds it to 2/3
/** Within the beat: [where it is played, velocity]: downbeat 10 ms late, a 16th a little late, the swung 8th, a late 16th. */
const BEAT: [number, number][] = [[10 / MS_PER_BEAT, 100], [0.26, 50], [SWUNG, 76], [0.81, 40]];
const SEED: SeedNote[] = Array.from({ length: 8 }, (_, b) => BEAT.map(([at, velocity], i) => ({ pitch: 60 + i * 2 + (b % 2), velocity: velocity + ((b * 3) % 5) - 2, beat: b + at, beats: 0.1 }))).flat();

class EchoGenerator implements LoopGenerator {
  readonly provider = 'echo';
  readonly gridPerBeat = 12;
  readonly tokenizer = new ToyTokenizer();
  loop(req: LoopRequest, onEvent?: (e: LoopEvent) => void) {
    return runNoteLoop((r, e) => this.generate(r, e), this.tokenizer, req, onEvent ?? (() => {}));
  }
  private async generate(req: GenerateRequest, onEvent?: (e: GenerateEvent) => void): Promise<GenerateResult> {
    const bars: number[][] = [];
    for (const id of req.seedIds) if (id === 3) bars.push([3]); else bars.at(-1)?.push(id);
    const loop = bars.slice(-req.bars).map((bar, b) =>
      bar.map((id) => {
        if (id >= VEL && id < DUR) return VEL + 80 - 1; // flat velocity: accents can only come from the groove
        if (b === 1 && id >= POS && id < POS + 48 && (id - POS) % 12 === 8) return id - 2; // 2/3 -> 1/2
        return id;
      }),
    );
    loop.forEach((ids, index) => onEvent?.({ type: 'bar', index, ids }));
    const ids = loop.flat();
    return { ids, bars: loop.length, tokens: ids.length, ms: 1, loopScore: -1, candidates: [], provider: this.provider };
  }
  cancel(): void {}
  close(): void {}
}

/** Note-ons of the first loop pass, as beats from its start. */
async function loopOut(grooveAmount: number): Promise<{ beat: number; velocity: number; pitch: number }[]> {
  const r = rig({ generator: new EchoGenerator(), groove: { source: 'seed', template: null }, settings: { seedBars: 2, loopBars: 2, grooveAmount } });
  r.daw.start();
  playSeed(r.scheduler, r.ports.input, (t) => r.daw.gridTime(t), SEED, 96, 1.5); // from bar 2, 1.5 ms of human jitter on top
  await r.runToTick(96 + 192 * 4 + 30);
  // the loop starts on a bar line after the seed (once its first bar is ready): the one before its first note
  const first = r.recorder.events.find((e) => e.message.type === 'noteOn')!;
  const firstTick = (first.time - r.daw.gridTime(0)) / r.daw.msPerTick();
  const loopStart = r.daw.gridTime(Math.round(firstTick / 96) * 96);
  return r.recorder.events
    .filter((e) => e.message.type === 'noteOn' && e.time >= loopStart - 100 && e.time < loopStart + 8 * MS_PER_BEAT - 25)
    .map((e) => ({ beat: (e.time - loopStart) / MS_PER_BEAT, velocity: (e.message as { velocity: number }).velocity, pitch: (e.message as { note: number }).note }));
}

const phase = (beat: number) => beat - Math.round(beat - 0.4); // swung offbeats in 0.4..1.4 of their beat
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
function pearson(a: number[], b: number[]): number {
  const ma = mean(a), mb = mean(b);
  const cov = a.reduce((s, x, i) => s + (x - ma) * (b[i] - mb), 0);
  return cov / Math.sqrt(a.reduce((s, x) => s + (x - ma) ** 2, 0) * b.reduce((s, x) => s + (x - mb) ** 2, 0));
}

describe('live groove, end to end in virtual time', () => {
  it("at 100%: the loop's offbeats carry the seed's 1.8:1 swing within 3%, its accents correlate r >= 0.8", async () => {
    const out = await loopOut(100);
    expect(out).toHaveLength(SEED.length);
    // the 8th offbeats: played at 9/14; in the loop at 2/3 (bar 1) and 1/2 (bar 2) before the groove
    const offbeats = out.filter((n) => (n.pitch - 60) >> 1 === 2).map((n) => phase(n.beat) - Math.floor(phase(n.beat)));
    expect(offbeats).toHaveLength(8);
    const p = mean(offbeats);
    const ratio = p / (1 - p);
    expect(Math.abs(ratio / 1.8 - 1)).toBeLessThan(0.03);
    // accents per position within the beat: the seed's played velocities against the loop's
    const byPos = (notes: { pitch: number; velocity: number }[]) => [0, 1, 2, 3].map((i) => mean(notes.filter((n) => (n.pitch - 60) >> 1 === i).map((n) => n.velocity)));
    const r = pearson(byPos(SEED), byPos(out));
    expect(r).toBeGreaterThanOrEqual(0.8);
    // the late downbeats come out late by the seed's 10 ms (the loop's first note cannot, but it is not early either)
    const downbeats = out.filter((n) => (n.pitch - 60) >> 1 === 0).map((n) => (n.beat - Math.round(n.beat)) * MS_PER_BEAT);
    expect(mean(downbeats.slice(1))).toBeGreaterThan(8);
    expect(mean(downbeats.slice(1))).toBeLessThan(12);
  });

  it('at 0%: every note of the loop on the 12-per-beat grid, velocities flat', async () => {
    const out = await loopOut(0);
    expect(out).toHaveLength(SEED.length);
    for (const n of out) expect(Math.abs(n.beat * 12 - Math.round(n.beat * 12))).toBeLessThan(0.02); // 0.8 ms
    expect(new Set(out.map((n) => n.velocity))).toEqual(new Set([80]));
  });
});
