// `seedloop live --demo` in a real 80x24 terminal (tmux): keys in, screen and recorded MIDI out.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { hasTmux, TmuxTerminal } from './tmux.ts';
import { noteBalance } from './smfNotes.ts';
import { readSmf } from '../midi/smfRead.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SKIP_REASON = 'skipped: tmux is not installed (apt-get install -y tmux)';
if (!hasTmux) console.warn(`test/tui/e2e.test.ts ${SKIP_REASON}`);

const dir = mkdtempSync(join(tmpdir(), 'seedloop-e2e-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const temperatureOn = (screen: string) => Number(/temperature +(\d+\.\d\d)/.exec(screen)?.[1]);
// "playing" shows on the loop's first bar line, a moment before its first note leaves: wait for notes.
const notesOut = (screen: string) => Number(/notes out (\d+)/.exec(screen)?.[1] ?? 0);

function demo(record: string, flags = ''): TmuxTerminal {
  // The shell line outlives seedloop so its exit status and last screen can be read.
  return new TmuxTerminal(`node bin/seedloop.js live --demo --loops 3 --record ${record} ${flags}; echo "[seedloop exit $?]"; sleep 600`, ROOT);
}

describe('seedloop live --demo in tmux', () => {
  it.skipIf(!hasTmux)(`q: raise temperature, regenerate, quit, no hanging notes${hasTmux ? '' : ` (${SKIP_REASON})`}`, async () => {
    const record = join(dir, 'q.mid');
    const term = demo(record);
    try {
      const first = await term.waitFor((s) => /temperature +\d/.test(s), 'the UI');
      expect(first.split('\n')[0]).toMatch(/^seedloop/); // the UI starts at the top of a clean screen
      const before = temperatureOn(first);
      term.keys('T');
      const raised = Number((before + 0.05).toFixed(2));
      await term.waitFor((s) => temperatureOn(s) === raised, 'the raised temperature');
      // The UI shows a sent value for up to a second on its own; after that it is the engine's.
      await new Promise((r) => setTimeout(r, 1500));
      expect(temperatureOn(term.screen())).toBe(raised);
      await term.waitFor((s) => s.includes('▶ playing variant'), 'the loop to play');
      term.keys('r');
      await term.waitFor((s) => s.includes('regenerate: a fresh variant'), 'the regenerate notice');
      await term.waitFor((s) => /next: regenerate/.test(s), 'the next variant on its way');
      const playing = await term.waitFor((s) => notesOut(s) > 0, 'notes to go out');
      // Every control within 80x24: tab turns the controls' pages, the header stays on the top line.
      term.keys('Tab');
      const feel = await term.waitFor((s) => /feel +· page 2\/3/.test(s) && s.includes('groove %'), 'the output and feel page');
      expect(feel.split('\n')[0]).toMatch(/^seedloop/);
      term.keys('Tab');
      const musical = await term.waitFor((s) => /musical +follow +· page 3\/3/.test(s) && s.includes('wrap pull'), 'the musical page');
      expect(musical.split('\n')[0]).toMatch(/^seedloop/);
      term.keys('q');
      const last = await term.waitFor((s) => s.includes('[seedloop exit'), 'seedloop to exit');
      expect(last).toContain('[seedloop exit 0]');
      expect(last).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m); // no stack trace
      // What a musician sees at 80x24: header, state, rolls and controls all on one screen.
      for (const text of ['in ', 'out ', 'BPM', 'bar ', 'seed', 'loop · variant', 'top-p', 'loop bars']) expect(playing).toContain(text);
      const notes = noteBalance(new Uint8Array(readFileSync(record)));
      expect(notes.noteOns).toBeGreaterThan(0);
      expect(notes.hanging).toEqual([]);
      expect(notes.noteOffs).toBe(notes.noteOns);
    } finally {
      term.close();
    }
  }, 180_000);

  it.skipIf(!hasTmux)(`Ctrl-C while playing leaves no note hanging${hasTmux ? '' : ` (${SKIP_REASON})`}`, async () => {
    const record = join(dir, 'ctrl-c.mid');
    const term = demo(record);
    try {
      await term.waitFor((s) => s.includes('▶ playing variant') && notesOut(s) > 0, 'the loop to play');
      term.keys('C-c');
      const last = await term.waitFor((s) => s.includes('[seedloop exit'), 'seedloop to exit');
      expect(last).toContain('[seedloop exit 0]');
      const notes = noteBalance(new Uint8Array(readFileSync(record)));
      expect(notes.noteOns).toBeGreaterThan(0);
      expect(notes.hanging).toEqual([]);
    } finally {
      term.close();
    }
  }, 180_000);

  it.skipIf(!hasTmux)(`e exports the playing loop: 8 bars, the tempo shown, the output channel${hasTmux ? '' : ` (${SKIP_REASON})`}`, async () => {
    const exportDir = mkdtempSync(join(dir, 'export-'));
    const term = demo(join(dir, 'e.mid'), `--channel 3 --export-dir ${exportDir}`);
    try {
      await term.waitFor((s) => s.includes('▶ playing variant') && notesOut(s) > 0, 'the loop to play');
      const variant = Number(/▶ playing variant (\d+)/.exec(term.screen())?.[1]);
      term.keys('e');
      const done = await term.waitFor((s) => /exported variant \d+ at [\d.]+ BPM: /.test(s), 'the export');
      const bpm = Number(/exported variant \d+ at ([\d.]+) BPM/.exec(done)?.[1]);
      term.keys('q');
      await term.waitFor((s) => s.includes('[seedloop exit'), 'seedloop to exit');
      const files = readdirSync(exportDir);
      expect(files).toEqual([expect.stringMatching(new RegExp(`^seedloop-seed[0-9a-f]{6}-v${variant}-\\d{8}-\\d{6}\\.mid$`))]);
      const file = readSmf(new Uint8Array(readFileSync(join(exportDir, files[0]))));
      expect(file.meters).toEqual([{ tick: 0, numerator: 4, denominator: 4 }]);
      expect(file.trackEnds).toEqual([8 * 4 * file.ppq, 8 * 4 * file.ppq]); // exactly 8 bars
      expect(file.tempos).toHaveLength(1);
      // The clock's tempo: the demo's DAW plays 120 BPM, then 124.8 once the loop runs (its tempo-follow check);
      // an export made while the estimate follows that +4% step can sit mid-way or overshoot it a little
      // (seen on the loaded 2-core machine: 121.8 and 126.8), so within 3% of the two tempos.
      expect(file.tempos[0].bpm).toBeGreaterThan(120 * 0.97);
      expect(file.tempos[0].bpm).toBeLessThan(124.8 * 1.03);
      expect(file.tempos[0].bpm).toBeCloseTo(bpm, 1); // the tempo the export line says it wrote (the header's moves on)
      expect(file.notes.length).toBeGreaterThan(0);
      expect(new Set(file.notes.map((n) => n.channel))).toEqual(new Set([2])); // --channel 3
      expect(noteBalance(new Uint8Array(readFileSync(join(exportDir, files[0])))).hanging).toEqual([]);
    } finally {
      term.close();
    }
  }, 180_000);
});
