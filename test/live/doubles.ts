// Test doubles for the live engine's unit tests (the real tokenizer and model have their own
// integration test). ToyTokenizer: Bar / Position / Pitch / Velocity / Duration ids on a 12-per-beat
// grid. ScriptedGenerator: deterministic bars from the rng seed, released when the test says so;
// as the engine's LoopGenerator it runs the real loop codec (src/model/noteLoop.ts) in this thread.
import type { Score } from '../../src/types.ts';
import type { GenerateEvent, GenerateRequest, GenerateResult, LoopEvent, LoopRequest, LoopResult } from '../../src/model/types.ts';
import type { LoopGenerator } from '../../src/live/generation.ts';
import type { LoopTokenizer } from '../../src/model/loopCodec.ts';
import { runNoteLoop } from '../../src/model/noteLoop.ts';
import { mulberry32 } from '../../src/sampling/rng.ts';

// ids: 0 PAD, 1 BOS, 2 EOS, 3 Bar, 4.. Position_0..47, 52.. Pitch_0..127, 180.. Velocity_1..127, 307.. Duration_1..96
const POS = 4, PITCH = 52, VEL = 180, DUR = 307;

export class ToyTokenizer implements LoopTokenizer {
  readonly ticksPerBeatGrid = 12;
  encodeScore(score: Score): number[][] {
    const ts = score.timeSignatures[0] ?? { numerator: 4, denominator: 4 };
    const perBar = (score.ticksPerQuarter * 4 * ts.numerator) / ts.denominator; // bars of the seed's meter
    const notes = score.tracks.flatMap((t) => t.notes).sort((a, b) => a.start - b.start);
    const bars = notes.length ? Math.floor(notes[notes.length - 1].start / perBar) + 1 : 0;
    const ids: number[] = [];
    for (let b = 0; b < bars; b++) {
      ids.push(3);
      for (const n of notes.filter((n) => Math.floor(n.start / perBar) === b)) {
        const pos = Math.round(((n.start % perBar) * 12) / score.ticksPerQuarter);
        ids.push(POS + pos, PITCH + n.pitch, VEL + n.velocity - 1, DUR + Math.min(96, Math.max(1, Math.round((n.duration * 12) / score.ticksPerQuarter))) - 1);
      }
    }
    return [ids];
  }
  decodeIds(seqs: number[][]): Score {
    const notes = [];
    let bar = -1, pos = 0, pitch = 60, vel = 64;
    for (const id of seqs[0]) {
      if (id === 3) bar++;
      else if (id >= DUR) notes.push({ pitch, velocity: vel, start: Math.max(0, bar) * 48 + pos, duration: id - DUR + 1 });
      else if (id >= VEL) vel = id - VEL + 1;
      else if (id >= PITCH) pitch = id - PITCH;
      else if (id >= POS) pos = id - POS;
    }
    return { ticksPerQuarter: 12, tempos: [], timeSignatures: [{ tick: 0, numerator: 4, denominator: 4 }], tracks: [{ program: 0, isDrum: false, notes }] };
  }
  typeOf(id: number): string {
    if (id < 3) return ['PAD', 'BOS', 'EOS'][id];
    if (id === 3) return 'Bar';
    if (id < PITCH) return 'Position';
    if (id < VEL) return 'Pitch';
    if (id < DUR) return 'Velocity';
    return 'Duration';
  }
  tokenId(token: string): number | undefined {
    return token === 'Bar_None' ? 3 : undefined;
  }
  specialId(name: 'PAD' | 'BOS' | 'EOS'): number {
    return { PAD: 0, BOS: 1, EOS: 2 }[name];
  }
}

/** One bar: a note per quarter, pitches and lengths from the rng; the last may ring past the bar line. */
export function scriptedBar(rand: () => number, quarters = 4): number[] {
  const ids = [3];
  for (let beat = 0; beat < quarters; beat++) {
    const pitch = 48 + Math.floor(rand() * 24);
    const len = 6 + Math.floor(rand() * 18); // up to 2 beats: overlaps the next bar sometimes
    ids.push(POS + beat * 12, PITCH + pitch, VEL + 80, DUR + len - 1);
  }
  return ids;
}

export class ScriptedGenerator implements LoopGenerator {
  readonly provider = 'test-double';
  readonly manifest = { name: 'scripted' };
  readonly gridPerBeat = 12;
  readonly tokenizer = new ToyTokenizer();
  requests: GenerateRequest[] = [];
  /** What each request produced (ids of the generated bars), in request order. */
  results: GenerateResult[] = [];
  closed = false;
  private jobs: { req: GenerateRequest; onEvent?: (e: GenerateEvent) => void; bars: number[][]; sent: number; resolve: (r: GenerateResult) => void; reject: (e: Error) => void }[] = [];

  /** `auto`: stream every bar at once (on the next microtask); otherwise the test calls release().
   * `quartersPerBar`: the session meter's bar (3 for 3/4 and 6/8). */
  constructor(
    private auto = true,
    private quartersPerBar = 4,
  ) {}

  /** The engine's side: a seed in, notes per bar out, through the real codec and the toy tokenizer. */
  loop(req: LoopRequest, onEvent?: (e: LoopEvent) => void): Promise<LoopResult> {
    return runNoteLoop((r, e) => this.generate(r, e), this.tokenizer, req, onEvent ?? (() => {}));
  }

  generate(req: GenerateRequest, onEvent?: (e: GenerateEvent) => void): Promise<GenerateResult> {
    this.requests.push(req);
    const rand = mulberry32(req.rngSeed);
    const bars = Array.from({ length: req.bars }, () => scriptedBar(rand, this.quartersPerBar));
    return new Promise((resolve, reject) => {
      this.jobs.push({ req, onEvent, bars, sent: 0, resolve, reject });
      if (this.auto) queueMicrotask(() => this.release(this.jobs[0]?.bars.length ?? 0));
    });
  }

  /** Stream `n` more bars of the running job, the oldest (the real worker runs requests in order). */
  release(n = 1): void {
    const job = this.jobs[0];
    if (!job) return;
    for (let i = 0; i < n && job.sent < job.bars.length; i++, job.sent++) {
      job.onEvent?.({ type: 'token', id: 3, count: (job.sent + 1) * 13 });
      job.onEvent?.({ type: 'bar', index: job.sent, ids: job.bars[job.sent] });
    }
    if (job.sent === job.bars.length) {
      this.jobs.shift();
      const ids = job.bars.flat();
      this.results[this.requests.indexOf(job.req)] = { ids, bars: job.bars.length, tokens: ids.length, ms: 1, loopScore: -1, candidates: [], provider: this.provider };
      job.resolve({ ids, bars: job.bars.length, tokens: ids.length, ms: 1, loopScore: -1, candidates: [], provider: this.provider });
    }
  }

  get pending(): number {
    return this.jobs.length;
  }

  /** Like the real worker: stops the running request only. */
  cancel(): void {
    const job = this.jobs.shift();
    job?.reject(new Error('cancelled'));
  }

  close(): void {
    this.closed = true;
  }
}
