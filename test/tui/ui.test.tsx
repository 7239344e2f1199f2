import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { KEY, mount } from './frames.ts';
import { baseSnapshot, scale } from './scriptedEngine.ts';
import { CONTROLS, settingValue } from '../../src/tui/settingControls.ts';
import { settingRow } from '../../src/settings/table.ts';

afterEach(() => cleanup());

describe('header', () => {
  it('shows ports, clock, transport, position, model and provider', async () => {
    const { waitFor, frame } = mount({
      ports: { input: 'Keystep 37', output: 'IAC Bus 2' },
      clock: { source: 'internal', bpm: 97.5, running: true, bar: 12, beat: 4, tick: 0 },
      model: { name: 'seedloop-small', provider: 'webgpu' },
    });
    await waitFor('Keystep 37');
    const [line1, line2] = frame().split('\n');
    expect(line1).toMatch(/in Keystep 37 +out IAC Bus 2 +model seedloop-small on webgpu/);
    expect(line2).toMatch(/▶ running +clock internal +97\.5 BPM +bar 12:4/);
  });

  it('shows the meter next to the tempo', async () => {
    const { waitFor } = mount({ clock: { source: 'external', bpm: 120, running: true, bar: 3, beat: 6, tick: 0, beatsPerBar: 6, meter: '6/8' } });
    await waitFor(/120\.0 BPM +6\/8 +bar 3:6/);
  });

  it('shows a stopped transport', async () => {
    const { waitFor } = mount({ clock: { source: 'external', bpm: 0, running: false, bar: 1, beat: 1, tick: 0 } });
    await waitFor(/■ stopped +clock external +— BPM/);
  });
});

describe('bridge state', () => {
  it('follows the engine through every state', async () => {
    const { engine, waitFor } = mount({ state: { kind: 'stopped' } });
    await waitFor('waiting for Start');
    engine.push({ state: { kind: 'armed' } });
    await waitFor('◌ armed · play a seed of 2 bars');
    engine.push({ state: { kind: 'capturing', bar: 1, of: 2 } });
    await waitFor('● capturing seed bar 1 of 2');
    engine.push({ state: { kind: 'generating', tokens: 123, bar: 3, of: 8 } });
    await waitFor(/◐ generating 3\/8 bars ▰▰▰▱▱▱▱▱ 123 tokens/);
    engine.push({ state: { kind: 'playing', variant: 4 }, loop: { variant: 4, bars: 8, notes: [], loopScore: -1.5 } });
    await waitFor('▶ playing variant 4 · loop score -1.50');
  });

  it('shows the next variant on its way, then ready, and hold', async () => {
    const playing = { state: { kind: 'playing' as const, variant: 2 } };
    const { engine, waitFor } = mount({ ...playing, next: { mode: 'mutate', tokens: 40, bar: 2, of: 8, ready: false } });
    await waitFor(/next: mutate ▰▰▱▱▱▱▱▱ 2\/8 bars · 40 tok/);
    engine.push({ next: { mode: 'mutate', tokens: 300, bar: 8, of: 8, ready: true } });
    await waitFor('next: mutate ready ✓');
    engine.push({ settings: { ...engine.snapshot().settings, hold: true } });
    await waitFor(/variant 2.*HOLD/);
    await waitFor('next: held, this loop repeats');
  });
});

describe('piano rolls', () => {
  it('draws the seed and the loop with notes in their bars', async () => {
    const { engine, waitFor, frame } = mount();
    engine.push({
      seed: { bars: 2, notes: [{ pitch: 60, start: 4, duration: 1, velocity: 80 }] }, // bar 2, beat 1
      loop: { variant: 1, bars: 8, notes: [{ pitch: 72, start: 28, duration: 4, velocity: 80 }], loopScore: null }, // bar 8
    });
    await waitFor('loop · variant 1 · 8 bars');
    const lines = frame().split('\n');
    const seedRow = lines.find((l) => l.includes('▄') || l.includes('▀'))!;
    const bars = seedRow.slice(4).split('│').slice(1, 9);
    expect(bars[1].slice(0, 2)).toMatch(/^[▀▄]{2}$/);
    expect(bars.filter((b) => b.trim()).length).toBe(1);
    const loopStart = lines.findIndex((l) => l.startsWith('loop'));
    const loopRow = lines.slice(loopStart).find((l) => /[▀▄█]/.test(l))!;
    const loopBars = loopRow.slice(4).split('│').slice(1, 9);
    expect(loopBars[7]).toMatch(/^[▀▄]{8}$/);
    expect(loopBars.slice(0, 7).every((b) => b.trim() === '')).toBe(true);
  });

  it('labels the pitch range and says when nothing is there yet', async () => {
    const { engine, waitFor } = mount();
    await waitFor('seed  none yet');
    engine.push({ loop: { variant: 1, bars: 8, notes: scale(8, 48), loopScore: null } });
    await waitFor(/^B3 /m);
    await waitFor(/^C3 /m);
  });
});

describe('keys', () => {
  it('each direct key moves its setting one step that way, within its range, and shows the value sent (turning to its page)', async () => {
    const { engine, press, waitFor } = mount();
    await waitFor('temperature');
    const direct = CONTROLS.filter((c) => c.lowerKey);
    expect(direct.map((c) => c.key)).toEqual(['temperature', 'topP', 'topK', 'minP', 'loopBars', 'seedBars', 'changeEvery', 'velocity', 'grooveAmount']);
    for (const c of direct) {
      const { min, max } = settingRow(c.key);
      const start = settingValue(engine.snapshot().settings, c.key);
      await press(c.raiseKey);
      const up = engine.commands.at(-1) as { type: string; key: string; value: number };
      expect(up).toMatchObject({ type: 'set', key: c.key });
      expect(up.value).toBeGreaterThan(start); // none of the scripted engine's values is at its top
      expect(up.value).toBeLessThanOrEqual(max);
      await waitFor(new RegExp(`${c.label} +${c.format(up.value).replace('.', '\\.')} `));
      await press(c.lowerKey, c.lowerKey); // one up, two down: one step below the start, or at the floor
      const down = (engine.commands.at(-1) as { value: number }).value;
      if (start === min) expect(down).toBe(min);
      else expect(down).toBeLessThan(start);
      expect(down).toBeGreaterThanOrEqual(min);
      await press(c.raiseKey);
      expect((engine.commands.at(-1) as { value: number }).value).toBe(start === min ? up.value : start); // and one up again
    }
  });

  it('steps along the documented values: temperature by 0.05, top-k and loop bars on their ladders', async () => {
    const { engine, press, waitFor } = mount();
    await waitFor('temperature');
    await press(KEY.right, 'T', 't', KEY.down, KEY.down, '+', 'B', 'b', 'b');
    expect(engine.commands.map((c) => (c.type === 'set' ? [c.key, c.value] : c.type))).toEqual([
      ['temperature', 1.05],
      ['temperature', 1.1],
      ['temperature', 1.05],
      ['topK', 1], // two down from temperature: top-k, off -> 1
      ['loopBars', 16], // loop lengths are 1, 2, 4, 8 or 16 bars
      ['loopBars', 8],
      ['loopBars', 4],
    ]);
    await waitFor(/› top-k +1 /);
    await waitFor(/loop bars +4/);
    await press('B', 'B', 'B');
    expect(engine.commands.at(-1)).toEqual({ type: 'set', key: 'loopBars', value: 16 }); // the top stays the top
  });

  it('shows a sent value even before the engine reflects it', async () => {
    const { engine, press, waitFor } = mount();
    engine.send = (c) => void engine.commands.push(c); // an engine that applies settings later
    await press('T', 'T');
    expect(engine.commands.at(-1)).toEqual({ type: 'set', key: 'temperature', value: 1.1 });
    await waitFor(/temperature +1\.10/);
  });

  it('sends the loop commands', async () => {
    const { engine, press, waitFor } = mount();
    await waitFor('temperature');
    await press('r', 'm', 'h', 'a', 'x');
    expect(engine.commands.map((c) => c.type)).toEqual(['regenerate', 'mutate', 'hold', 'rearm', 'panic']);
    await waitFor('panic: all notes off sent');
  });

  it('MIDI-learns the selected control (l l) and shows bindings', async () => {
    const { engine, press, waitFor } = mount();
    await press(KEY.down, 'l');
    await waitFor('learn: press r m h a x u f [ ] e to bind that action, or l for top-p');
    await press('l');
    expect(engine.commands.at(-1)).toEqual({ type: 'learn', target: 'topP' });
    await waitFor(/top-p .*◉ move a knob/);
    await press('l');
    expect(engine.commands.at(-1)).toEqual({ type: 'learn', target: null });
    await press(KEY.up, 'l', 'l', KEY.escape);
    expect(engine.commands.slice(-2)).toEqual([{ type: 'learn', target: 'temperature' }, { type: 'learn', target: null }]);
    engine.push({ learn: { armedFor: null, bindings: [{ cc: 74, channel: 1, target: 'temperature' }] } });
    await waitFor(/temperature +1\.00 +t\/T +cc74\/ch1/);
  });

  it('tab pages the controls (sampler+loop, output+feel, musical+follow) so every control fits 80x24; ↑↓ walk across pages; l l learns there too', async () => {
    const { engine, press, waitFor, frame } = mount();
    await waitFor(/sampler +loop +· page 1\/3/);
    expect(frame()).not.toContain('groove %');
    await press('\t');
    await waitFor(/output +feel +· page 2\/3/);
    expect(frame()).toMatch(/› out channel/);
    for (const label of ['latency ms', 'velocity %', 'groove %', 'swing %', 'humanize time', 'humanize vel.']) expect(frame()).toContain(label);
    expect(frame()).not.toContain('temperature');
    await press('\t');
    await waitFor(/musical +follow +· page 3\/3/);
    for (const label of ['key lock', 'transpose', 'density', 'register', 'motif', 'tonal pull', 'pc follow', 'vel. follow', 'wrap pull']) expect(frame()).toContain(label);
    await press(KEY.down, 'l', 'l');
    expect(engine.commands.at(-1)).toEqual({ type: 'learn', target: 'transpose' });
    await press(KEY.escape, '\t');
    await waitFor(/› temperature/);
    await press(KEY.up); // from the first control back to the last page's last
    await waitFor(/› wrap pull/);
    await press('\u001B[Z'); // shift-tab: the page before
    await waitFor(/› out channel/);
    for (const f of [frame()]) expect(f.split('\n').length).toBeLessThanOrEqual(24);
    // every TUI row is on some page
    const seen = new Set<string>();
    for (let i = 0; i < CONTROLS.length; i++) {
      await press(KEY.down);
      seen.add(CONTROLS.find((c) => new RegExp(`› ${c.label.replace(/[.%]/g, '\\$&')}`).test(frame()))?.key ?? '');
    }
    expect([...seen].sort()).toEqual(CONTROLS.map((c) => c.key).sort());
  });

  it('l then an action key MIDI-learns that action; esc cancels; a key with no action says so', async () => {
    const { engine, press, waitFor } = mount();
    await press('l', 'e');
    expect(engine.commands).toEqual([{ type: 'learnAction', action: 'export' }]);
    await waitFor('MIDI learn: press a pad or button (or send a program change) for export');
    await press(KEY.escape);
    expect(engine.commands.at(-1)).toEqual({ type: 'learnAction', action: null });
    await press('l', '[');
    expect(engine.commands.at(-1)).toEqual({ type: 'learnAction', action: 'previous' });
    await press('l'); // l while armed cancels
    expect(engine.commands.at(-1)).toEqual({ type: 'learnAction', action: null });
    await press('l', 'z');
    await waitFor('nothing to learn on "z"');
    expect(engine.commands).toHaveLength(4);
  });

  it('sends the performing commands and draws the history strip', async () => {
    const history = [1, 2, 3, 4].map((v) => ({ variant: v, loopScore: -1, favourite: v === 2, playing: v === 3, queued: v === 4 }));
    const { engine, press, waitFor } = mount({ perform: { ...baseSnapshot().perform, history, favourite: 2, recording: { path: 's.mid', messages: 3 } } });
    await waitFor(/history 1 2★ \[3\] 4› .*● rec/);
    await press('u', 'f', '[', ']', 'e', 'E');
    expect(engine.commands).toEqual([
      { type: 'mute' },
      { type: 'favourite' },
      { type: 'history', step: -1 },
      { type: 'history', step: 1 },
      { type: 'export' },
      { type: 'export', which: 'favourite' },
    ]);
    engine.push({ state: { kind: 'playing', variant: 3 }, settings: { ...engine.snapshot().settings, muted: true } });
    await waitFor('MUTED (u)');
  });

  it('q and Ctrl-C send quit, and other keys are ignored while stopping', async () => {
    const a = mount();
    a.engine.stopsOnQuit = false;
    await a.press('q');
    await a.waitFor('stopping: sending note-offs');
    await a.press('r', 'T', KEY.ctrlC);
    expect(a.engine.commands).toEqual([{ type: 'quit' }, { type: 'quit' }]); // nothing else once stopping
  });
});

describe('overlays', () => {
  it('? lists every key; the next key only closes it', async () => {
    const { engine, press, waitFor, frame } = mount();
    await press('?');
    const help = await waitFor('any key closes');
    for (const text of ['regenerate from the seed', 'MIDI-learn: then l or a key', 'export the loop as .mid', 'previous variant', 'temperature down / up', 'quit (note-offs first)', 'open a preset']) {
      expect(help).toContain(text);
    }
    await press('r');
    await waitFor('temperature  ');
    expect(frame()).not.toContain('any key closes');
    expect(engine.commands).toEqual([]);
  });

  it('picks a preset from the list', async () => {
    const { engine, press, waitFor } = mount();
    await press('o');
    await waitFor(/› default \(current\)/);
    await press(KEY.down, KEY.enter);
    expect(engine.commands).toEqual([{ type: 'preset', name: 'wild' }]);
    await waitFor('loading preset "wild"');
  });

  it('saves the settings under a typed name, refusing a bad one', async () => {
    const { engine, press, waitFor } = mount();
    await press('w', 'm', 'y', '/', KEY.enter);
    await waitFor('letters, digits, - and _ only');
    expect(engine.commands).toEqual([]);
    await press(KEY.backspace, '-', '2', KEY.enter);
    expect(engine.commands).toEqual([{ type: 'savePreset', name: 'my-2' }]);
    await waitFor('saving preset "my-2"');
  });
});

describe('status line', () => {
  it('shows engine errors as one line; otherwise the newer of engine status and UI notice', async () => {
    const { engine, press, waitFor, frame } = mount();
    await press('r');
    await waitFor('regenerate: a fresh variant');
    engine.push({ status: { level: 'error', message: 'output port "IAC Bus 2" vanished; notes are off, reconnect it' } });
    await waitFor('✖ output port "IAC Bus 2" vanished; notes are off, reconnect it');
    expect(frame()).not.toMatch(/\bat .*\.ts:\d+/);
    await press('m');
    expect(engine.commands.at(-1)).toEqual({ type: 'mutate' });
    // A frame drawn after the key press (the clock moved) still shows the error, not the key's notice.
    engine.push({ clock: { ...engine.snapshot().clock, bar: 77, beat: 1 } });
    await waitFor('bar 77:1');
    expect(frame()).toContain('✖ output port'); // an error is not pushed aside by a key press
    expect(frame()).not.toContain('mutate: a variant');
    engine.push({ status: { level: 'warn', message: 'MIDI clock stopped arriving' } });
    await waitFor('! MIDI clock stopped arriving'); // newer than the last notice
    await press('r');
    await waitFor('regenerate: a fresh variant'); // and now the notice is newer
    engine.push({ status: null });
    await waitFor('regenerate: a fresh variant');
  });
});

describe('frame rate', () => {
  it('draws the latest snapshot and skips the ones in between', async () => {
    const { engine, ui, waitFor } = mount();
    await waitFor('temperature');
    for (let bar = 1; bar <= 50; bar++) engine.push({ clock: { ...engine.snapshot().clock, bar, beat: 1 } });
    await waitFor('bar 50:1');
    const drawnBars = ui.frames.map((f) => /bar (\d+):1/.exec(f)?.[1]).filter(Boolean);
    expect(drawnBars).not.toContain('25');
    expect(engine.listenerCount()).toBe(1);
  });
});
