// The musical controls live: a `set` command or a learned knob reaches the next generation request.
import { describe, expect, it } from 'vitest';
import { loadPreset } from '../../src/sampling/presets.ts';
import { rig } from './rig.ts';

const BAR = 96;

/** Presets load from disk (real time): wait until `done`, up to 5 s. */
async function loaded(done: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('musical controls in the live engine', () => {
  it('key lock, density, register, motif and transpose set live go out with the next request', async () => {
    const r = rig();
    r.daw.start();
    r.playDemoSeed(0);
    await r.runToTick(3 * BAR + 30);
    expect(r.generator.requests[0].sampler).toMatchObject({ keyStrength: 0, transpose: 0, density: 0, register: -1, motif: 0 }); // all off
    r.engine.send({ type: 'set', key: 'keyStrength', value: 0.7 });
    r.engine.send({ type: 'set', key: 'density', value: 1.5 });
    r.engine.send({ type: 'set', key: 'register', value: 5 });
    r.engine.send({ type: 'set', key: 'motif', value: 3 });
    r.engine.send({ type: 'set', key: 'transpose', value: -3 });
    r.engine.send({ type: 'set', key: 'motif', value: 99 }); // clamped to its row
    r.engine.send({ type: 'regenerate' });
    await r.runFor(1);
    expect(r.generator.requests.at(-1)!.sampler).toMatchObject({ keyStrength: 0.7, density: 1.5, register: 5, motif: 8, transpose: -3 });
    await r.engine.quit();
  });

  it('a knob MIDI-learned to each musical control moves it across its range and reaches the next request', async () => {
    const r = rig();
    r.daw.start();
    r.playDemoSeed(0);
    await r.runToTick(3 * BAR + 30);
    const cases = [['keyStrength', 0, 1], ['transpose', -12, 12], ['density', 0, 2], ['register', -1, 48], ['motif', 0, 8], ['tonal', 0, 4], ['pitchFollow', 0, 4], ['velocityFollow', 0, 4], ['wrap', 0, 8]] as const;
    cases.forEach(([key], i) => {
      r.engine.send({ type: 'learn', target: key });
      r.ports.input.send({ type: 'cc', channel: 0, controller: 30 + i, value: 64 });
    });
    expect(r.engine.snapshot().learn.bindings.map((b) => b.target)).toEqual(cases.map(([key]) => key));
    for (const [i, [key, low, high]] of cases.entries()) {
      r.ports.input.send({ type: 'cc', channel: 0, controller: 30 + i, value: 0 });
      expect(r.engine.settings.sampler[key]).toBe(low);
      r.ports.input.send({ type: 'cc', channel: 0, controller: 30 + i, value: 127 });
      expect(r.engine.settings.sampler[key]).toBe(high);
    }
    r.engine.send({ type: 'regenerate' });
    await r.runFor(1);
    expect(r.generator.requests.at(-1)!.sampler).toMatchObject({ keyStrength: 1, transpose: 12, density: 2, register: 48, motif: 8, tonal: 4, pitchFollow: 4, velocityFollow: 4, wrap: 8 });
    await r.engine.quit();
  });

  it("loading a preset sets its controls and its key; one that leaves a control out turns it off", async () => {
    const r = rig({ presets: { load: (name: string) => loadPreset(name), save: async () => '' } });
    r.daw.start();
    r.engine.send({ type: 'preset', name: 'game' });
    await loaded(() => r.engine.snapshot().settings.preset === 'game');
    expect(r.engine.snapshot().settings.sampler).toMatchObject({ key: 'auto', keyStrength: 0.5, register: 7 });
    r.engine.send({ type: 'preset', name: 'folk' });
    await loaded(() => r.engine.snapshot().settings.preset === 'folk');
    const folk = (await loadPreset('folk')).sampler; // its values, whatever tuning gave them; it has no register
    expect(folk.register).toBeUndefined();
    expect(r.engine.snapshot().settings.sampler).toMatchObject({ keyStrength: folk.keyStrength, motif: folk.motif, register: -1 });
    await r.engine.quit();
  });
});
