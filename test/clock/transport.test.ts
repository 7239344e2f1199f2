// The Transport: one listener hears the active clock only; a DAW clock takes over from the internal
// one (with a source-change event); running / tick / tempo / positionAt follow the active clock.
import { describe, expect, it } from 'vitest';
import { ManualScheduler } from '../../src/clock/scheduler.ts';
import { Transport, type TransportEvents } from '../../src/clock/transport.ts';
import type { MidiMessage } from '../../src/midi/codec.ts';

function rig(bpm = 125) {
  const s = new ManualScheduler(0);
  const log: string[] = [];
  const ticks: number[] = [];
  const sent: string[] = [];
  const events: TransportEvents = {
    onTick: (t) => ticks.push(t),
    onStart: (t, _time, kind) => log.push(`${kind} ${t}`),
    onStop: (_time, reason) => log.push(`stop ${reason}`),
    onPosition: (t) => log.push(`position ${t}`),
    onSourceChange: (source) => log.push(`source ${source}`),
  };
  const transport = new Transport(s, events, { bpm, clockOut: (m: MidiMessage) => sent.push(m.type) });
  return { s, log, ticks, sent, transport };
}

describe('Transport', () => {
  it('runs the internal clock (20 ms a tick at 125 BPM) and knows where it is', () => {
    const { s, log, ticks, sent, transport } = rig();
    transport.startInternal();
    expect(transport.source).toBe('internal');
    expect(transport.running).toBe(true);
    s.advanceTo(20 * 96 + 5); // first tick one pulse after the start, then one bar
    expect(ticks.length).toBe(96);
    expect(transport.tick).toBe(95);
    expect(transport.tickTime).toBe(20 * 96);
    expect(transport.msPerTick()).toBe(20);
    expect(transport.bpm()).toBe(125);
    expect(transport.position()).toEqual({ bar: 1, beat: 4 });
    expect(transport.positionAt(20 * 96 + 10)).toBe(95.5); // half a tick after the last one
    expect(transport.positionAt(20 * 96 + 50)).toBe(96); // never past the next tick
    expect(log).toEqual(['start 0']);
    expect(sent.slice(0, 2)).toEqual(['start', 'clock']); // clock out while master
  });

  it('a DAW clock takes over: the internal clock stops, the source change is told once, its ticks follow', () => {
    const { s, log, ticks, transport } = rig();
    transport.startInternal();
    s.advanceTo(20 * 10 + 1);
    expect(transport.handle({ type: 'noteOn', channel: 0, note: 60, velocity: 90 }, s.now())).toBe(false); // not a clock message
    expect(transport.handle({ type: 'start' }, s.now())).toBe(true);
    expect(transport.source).toBe('external');
    expect(log).toEqual(['start 0', 'source external', 'start 0']); // the internal stop is not the transport's
    const internalTicks = ticks.length;
    for (let i = 0; i < 48; i++) {
      s.advance(10);
      transport.handle({ type: 'clock' }, s.now());
    }
    expect(ticks.slice(internalTicks)).toEqual(Array.from({ length: 48 }, (_, i) => i));
    s.advance(1000); // the internal clock stays silent
    expect(ticks.length).toBe(internalTicks + 48);
    expect(transport.bpm()).toBeCloseTo(250, 6); // 10 ms a pulse
    transport.handle({ type: 'start' }, s.now()); // a second Start is no source change
    expect(log.filter((l) => l.startsWith('source'))).toEqual(['source external']);
  });

  it('Stop, Song Position and a clock that goes silent', () => {
    const { s, log, transport } = rig();
    transport.handle({ type: 'start' }, 0);
    for (let i = 0; i < 24; i++) transport.handle({ type: 'clock' }, (s.advance(20), s.now()));
    transport.handle({ type: 'stop' }, s.now());
    expect(transport.running).toBe(false);
    transport.handle({ type: 'songPosition', sixteenths: 8 }, s.now());
    expect(transport.tick).toBe(47); // the next tick is 48
    transport.handle({ type: 'continue' }, s.now());
    transport.handle({ type: 'clock' }, (s.advance(20), s.now()));
    expect(transport.tick).toBe(48);
    s.advance(2000); // no more pulses: the transport's own check calls it a stop
    expect(transport.running).toBe(false);
    expect(log.slice(-4)).toEqual(['stop stop', 'position 48', 'continue 48', 'stop timeout']);
    transport.stop();
  });
});
