// Feel in presets: the "feel" block is checked against the settings table, loaded into the live
// controls and saved from them.
import { describe, expect, it } from 'vitest';
import { Controls } from '../../src/live/controls.ts';
import { parsePreset } from '../../src/sampling/presets.ts';
import { bridgeSettings } from '../../src/settings/values.ts';

const base = { sampler: { temperature: 1, topK: 0, topP: 0.95, minP: 0.02, repetitionPenalty: 1 }, bars: 8, seedBars: 4, candidates: 1 };

describe('feel in presets', () => {
  it('a feel block within the table passes; a value off it is named', () => {
    expect(parsePreset({ ...base, feel: { groove: 'my swing', grooveAmount: 80, swing: 58 } }, 'p.json').feel).toEqual({ groove: 'my swing', grooveAmount: 80, swing: 58 });
    expect(() => parsePreset({ ...base, feel: { swing: 90 } }, 'p.json')).toThrow('p.json: bad field "feel.swing": must be 50-75');
    expect(() => parsePreset({ ...base, feel: { swingGrid: 12 } }, 'p.json')).toThrow('p.json: bad field "feel.swingGrid": must be one of 8, 16');
    expect(() => parsePreset({ ...base, feel: { shuffle: 1 } }, 'p.json')).toThrow('p.json: bad field "feel"');
  });

  it('live: loading sets the feel (absent fields back to their defaults), saving writes it', async () => {
    let saved: unknown = null;
    const presets = {
      load: async () => ({ ...base, feel: { grooveAmount: 40, humanizeTiming: 10 } }),
      save: async (_name: string, data: unknown) => (saved = data),
    };
    const controls = new Controls({ settings: bridgeSettings({ swing: 60 }), presets, settingsFile: null }, { onSet: () => {}, status: () => {} });
    await controls.loadPreset('x');
    expect(controls.settings).toMatchObject({ grooveAmount: 40, humanizeTiming: 10, swing: 50 });
    controls.set('swing', 66);
    await controls.savePreset('y');
    expect((saved as { feel: unknown }).feel).toEqual({ grooveAmount: 40, swing: 66, swingGrid: 8, humanizeTiming: 10, humanizeVelocity: 0 });
  });
});
