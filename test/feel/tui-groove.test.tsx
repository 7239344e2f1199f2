// The TUI shows the groove in one line (on the seed roll's title) and the groove amount as a control.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { mount } from '../tui/frames.ts';
import { scale } from '../tui/scriptedEngine.ts';

afterEach(() => cleanup());

describe('TUI groove', () => {
  it('the seed roll carries the swing ratio and the offset per position', async () => {
    const { waitFor, frame } = mount({ seed: { bars: 2, notes: scale(2) }, groove: 'groove swing 1.80 16ths - · ms 1+10 e+0 t+0 &+71 l-12 a-12' });
    await waitFor('seed · 2 bars · groove swing 1.80 16ths - · ms 1+10 e+0 t+0 &+71 l-12 a-12');
    expect(frame().split('\n').every((l) => l.length <= 80)).toBe(true);
  });

  it('groove amount is a control: g/G step it by 5 within 0-100', async () => {
    const { engine, press, waitFor } = mount();
    await waitFor('temperature'); // the feel controls are on the second page: G turns to it
    await press('G');
    expect(engine.commands.at(-1)).toEqual({ type: 'set', key: 'grooveAmount', value: 55 });
    await waitFor(/groove % +55 +g\/G/);
  });
});
