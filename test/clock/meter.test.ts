import { describe, expect, it } from 'vitest';
import { barBeat, formatMeter, parseMeter, ticksPerBar, ticksPerMeterBeat } from '../../src/clock/meter.ts';

const meter = (text: string) => parseMeter(text)!;

describe('meter', () => {
  it('a bar is 24 * 4 * N / D clock ticks; a beat is a D-th note', () => {
    expect(ticksPerBar()).toBe(96);
    expect(ticksPerBar(meter('3/4'))).toBe(72);
    expect(ticksPerBar(meter('6/8'))).toBe(72);
    expect(ticksPerBar(meter('7/8'))).toBe(84);
    expect(ticksPerBar(meter('5/4'))).toBe(120);
    expect(ticksPerBar(meter('2/2'))).toBe(96);
    expect(ticksPerMeterBeat(meter('6/8'))).toBe(12);
    expect(ticksPerMeterBeat(meter('2/2'))).toBe(48);
  });

  it('barBeat counts bars and beats of the meter', () => {
    const threeFour = meter('3/4');
    expect(barBeat(0, threeFour)).toEqual({ bar: 1, beat: 1 });
    expect(barBeat(71, threeFour)).toEqual({ bar: 1, beat: 3 });
    expect(barBeat(72, threeFour)).toEqual({ bar: 2, beat: 1 });
    expect(barBeat(96, threeFour)).toEqual({ bar: 2, beat: 2 }); // a 4/4 bar line is mid-bar in 3/4
    const sixEight = meter('6/8');
    expect(barBeat(12, sixEight)).toEqual({ bar: 1, beat: 2 });
    expect(barBeat(71, sixEight)).toEqual({ bar: 1, beat: 6 });
    expect(barBeat(72 * 3 + 36, sixEight)).toEqual({ bar: 4, beat: 4 });
    expect(barBeat(-5, sixEight)).toEqual({ bar: 1, beat: 1 });
  });

  it('parses N/D with N 1-12 and D 2, 4 or 8, and nothing else', () => {
    expect(parseMeter('3/4')).toEqual({ beatsPerBar: 3, beatUnit: 4 });
    expect(parseMeter('12/8')).toEqual({ beatsPerBar: 12, beatUnit: 8 });
    expect(formatMeter(meter('6/8'))).toBe('6/8');
    for (const bad of ['4/3', 'x', '', '0/4', '13/8', '3/16', '3/1', '3.5/4', '3/4/4', '-3/4', '3 / 4']) {
      expect(parseMeter(bad), bad).toBeNull();
    }
  });
});
