// Performing on a running engine, in virtual time: learnable actions, history, export vs --record,
// live channel/latency/mute changes.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIONS, type ActionName, type Trigger } from '../../src/live/actions.ts';
import type { MidiMessage } from '../../src/midi/codec.ts';
import { readSmf } from '../midi/smfRead.ts';
import { rig, until } from './rig.ts';

const BAR = 96;
const LOOP = 2 * BAR; // the rig's loops are 2 bars

type Rig = ReturnType<typeof rig>;

/** Play the seed and run until the first loop plays (it starts at 3*BAR) and a second variant is in the history. */
async function playing(r: Rig): Promise<void> {
  r.daw.start();
  r.playDemoSeed(0);
  await r.runToTick(3 * BAR + 10);
  r.engine.send({ type: 'regenerate' });
  await r.runToTick(3 * BAR + LOOP + 10); // variant 2 plays
}

function press(t: Trigger): MidiMessage {
  const channel = t.channel - 1;
  if (t.kind === 'note') return { type: 'noteOn', channel, note: t.number, velocity: 100 };
  if (t.kind === 'cc') return { type: 'cc', channel, controller: t.number, value: 127 };
  return { type: 'programChange', channel, program: t.number };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'seedloop-perform-'));

/** What each action visibly does; `before` is the snapshot just before the trigger. */
const EFFECTS: Record<ActionName, (r: Rig, dir: string) => Promise<void>> = {
  regenerate: async (r) => {
    const asked = r.generator.requests.length;
    r.ports.input.send(press(trig('regenerate')));
    await r.runFor(5);
    expect(r.generator.requests.length).toBe(asked + 1);
    expect(r.generator.requests[asked].seedIds).toEqual(r.generator.requests[0].seedIds);
  },
  mutate: async (r) => {
    const asked = r.generator.requests.length;
    r.ports.input.send(press(trig('mutate')));
    await r.runFor(5);
    expect(r.generator.requests).toHaveLength(asked + 1);
    expect(r.generator.requests[asked].seedIds).not.toEqual(r.generator.requests[0].seedIds); // from the loop, not the seed
  },
  hold: async (r) => {
    const was = r.engine.settings.hold;
    r.ports.input.send(press(trig('hold')));
    expect(r.engine.settings.hold).toBe(!was);
    r.ports.input.send(press(trig('hold')));
    expect(r.engine.settings.hold).toBe(was);
  },
  favourite: async (r) => {
    r.ports.input.send(press(trig('favourite')));
    expect(r.engine.snapshot().perform.favourite).toBe(r.engine.loop.current!.id);
  },
  previous: async (r) => {
    const now = r.engine.loop.current!.id;
    r.ports.input.send(press(trig('previous')));
    expect(r.engine.loop.pending?.id).toBe(now - 1);
  },
  next: async (r) => {
    const queued = r.engine.loop.pending!.id;
    r.ports.input.send(press(trig('next')));
    expect(r.engine.loop.pending?.id ?? r.engine.loop.current!.id).toBe(queued + 1);
  },
  export: async (r, dir) => {
    r.ports.input.send(press(trig('export')));
    await until(() => r.engine.snapshot().perform.lastExport !== null); // the write is real disk I/O
    expect(readdirSync(dir)).toEqual([expect.stringMatching(new RegExp(`-v${r.engine.loop.current!.id}-.*\\.mid$`))]);
  },
  mute: async (r) => {
    r.ports.input.send(press(trig('mute')));
    expect(r.engine.settings.muted).toBe(true);
    r.ports.input.send(press(trig('mute')));
    expect(r.engine.settings.muted).toBe(false);
  },
  panic: async (r) => {
    const cc123 = () => r.recorder.events.filter((e) => e.message.type === 'cc' && e.message.controller === 123).length;
    const before = cc123();
    r.ports.input.send(press(trig('panic')));
    expect(cc123()).toBe(before + 16);
    expect(r.engine.settings.muted).toBe(true);
    expect(r.recorder.stuckNotes).toBe(0);
  },
  rearm: async (r) => {
    r.ports.input.send(press(trig('rearm')));
    expect(r.engine.snapshot().state.kind).toBe('armed');
  },
};

// The trigger each action is learned to, per kind (numbers apart from the default pads' 36-45).
let kind: Trigger['kind'] = 'note';
const trig = (action: ActionName): Trigger => ({ kind, channel: 3, number: 70 + ACTIONS.indexOf(action) });

describe('learnable actions', () => {
  for (const k of ['note', 'cc', 'program'] as const) {
    it(`each action learned to a ${k} and triggered by it`, async () => {
      kind = k;
      const dir = tmp();
      const settingsFile = join(dir, 'settings.json');
      const exportDir = tmp();
      const r = rig({ settingsFile, perform: { exportDir } });
      await playing(r);
      for (const action of ACTIONS) {
        r.engine.send({ type: 'learnAction', action });
        expect(r.engine.snapshot().perform.learnAction).toBe(action);
        r.ports.input.send(press(trig(action)));
        expect(r.engine.snapshot().perform.learnAction).toBeNull();
      }
      const saved = JSON.parse(readFileSync(settingsFile, 'utf8')).actions;
      expect(saved).toHaveLength(ACTIONS.length);
      expect(saved.find((b: { action: string }) => b.action === 'export')).toEqual({ action: 'export', ...trig('export') });
      // in an order where each has something to act on (rearm last: it forgets the seed)
      for (const action of ['regenerate', 'mutate', 'hold', 'favourite', 'previous', 'next', 'export', 'mute', 'panic', 'rearm'] as const) {
        await EFFECTS[action](r, exportDir);
        expect(r.engine.snapshot().perform.lastAction).toMatchObject({ action });
      }
      expect(r.engine.snapshot().perform.lastAction?.trigger).toMatch(k === 'note' ? /^note .* ch 3$/ : k === 'cc' ? /^CC 73 ch 3$/ : /^program 73 ch 3$/ /* rearm, the last one */);
      expect(r.recorder.stuckNotes).toBe(0);
    });
  }

  it('the default pads (notes 36-45 on channel 16) work out of the box and never reach the seed', async () => {
    const r = rig();
    r.daw.start();
    r.playDemoSeed(0);
    // pads pressed and released while the seed is played: hold (38) twice, and favourite (42)
    for (const [tick, note] of [[30, 38], [100, 42], [130, 38]]) {
      r.scheduler.at(r.daw.gridTime(tick), () => r.ports.input.send({ type: 'noteOn', channel: 15, note, velocity: 90 }));
      r.scheduler.at(r.daw.gridTime(tick + 6), () => r.ports.input.send({ type: 'noteOff', channel: 15, note, velocity: 0 }));
    }
    await r.runToTick(2 * BAR + 5);
    const seedPitches = r.engine.snapshot().seed!.notes.map((n) => n.pitch);
    expect(seedPitches).not.toContain(38);
    expect(seedPitches).not.toContain(42);
    expect(seedPitches).toHaveLength(12); // the riff, whole
    expect(r.engine.settings.hold).toBe(false); // pressed twice; the releases did nothing
    expect(r.engine.snapshot().perform.lastAction).toEqual({ action: 'hold', trigger: 'note D1 (38) ch 16', count: 1 });
    r.ports.input.send({ type: 'noteOn', channel: 15, note: 36, velocity: 90 });
    expect(r.engine.snapshot().perform.lastAction?.action).toBe('regenerate');
  });

  it('a settings file that does not parse is left alone: the action works this session, the warning names the file', async () => {
    const settingsFile = join(tmp(), 'settings.json');
    writeFileSync(settingsFile, '{"bindings": [');
    const r = rig({ settingsFile });
    r.engine.send({ type: 'learnAction', action: 'hold' });
    r.ports.input.send({ type: 'cc', channel: 0, controller: 30, value: 127 });
    expect(r.engine.snapshot().status?.message).toMatch(/^bindings not saved: ignoring .*settings\.json: not valid JSON/);
    expect(readFileSync(settingsFile, 'utf8')).toBe('{"bindings": [');
    r.ports.input.send({ type: 'cc', channel: 0, controller: 30, value: 127 });
    expect(r.engine.settings.hold).toBe(true);
  });
});
