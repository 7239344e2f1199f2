import { describe, expect, it } from 'vitest';
import { LoopbackCable } from '../../src/midi/loopback.ts';
import { EchoFilter } from '../../src/routing/echo.ts';
import { InputRouter, type RouteOptions } from '../../src/routing/router.ts';
import type { MidiMessage } from '../../src/midi/codec.ts';

function setup(opts: Partial<RouteOptions> = {}, thruActive = () => true) {
  let now = 0;
  const keys = new LoopbackCable('Keys', () => now);
  const daw = new LoopbackCable('DAW', () => now);
  const echo = new EchoFilter(60);
  const log: string[] = [];
  const thru: MidiMessage[] = [];
  const router = new InputRouter(
    [keys, daw],
    {
      clock: (m, _t, port) => log.push(`clock ${m.type} from ${port}`),
      played: (m) => log.push(m.type === 'cc' ? `pedal ${m.value}` : `${m.type} ${m.note} ch${m.channel + 1}`),
      control: (m) => (log.push(`cc${m.controller} ch${m.channel + 1}`), m.controller === 1), // a learned mod wheel
    },
    { inChannel: 'all', thru: false, ...opts },
    echo,
    (m) => thru.push(m),
    thruActive,
  );
  return { keys, daw, echo, log, thru, router, at: (ms: number) => (now = ms) };
}

const on = (note: number, channel = 0): MidiMessage => ({ type: 'noteOn', channel, note, velocity: 90 });
const off = (note: number, channel = 0): MidiMessage => ({ type: 'noteOff', channel, note, velocity: 0 });

describe('InputRouter', () => {
  it('several inputs: notes from all, clock only from --clock-in', () => {
    const r = setup({ clockIn: 'DAW' });
    r.keys.send({ type: 'clock' }); // a keyboard's own arpeggiator clock
    r.keys.send(on(60));
    r.daw.send({ type: 'start' });
    r.daw.send({ type: 'clock' });
    r.daw.send(on(62));
    expect(r.log).toEqual(['noteOn 60 ch1', 'clock start from DAW', 'clock clock from DAW', 'noteOn 62 ch1']);
  });

  it('without --clock-in the first port to send clock keeps it', () => {
    const r = setup();
    r.daw.send({ type: 'clock' });
    r.keys.send({ type: 'clock' });
    r.keys.send({ type: 'stop' });
    expect(r.log).toEqual(['clock clock from DAW']);
    expect(r.router.clockPort).toBe('DAW');
  });

  it('--in-channel filters played notes and the pedal; every CC still reaches controls (MIDI learn)', () => {
    const r = setup({ inChannel: 2 });
    r.keys.send(on(60, 0));
    r.keys.send(on(64, 1));
    r.keys.send({ type: 'cc', channel: 0, controller: 64, value: 127 });
    r.keys.send({ type: 'cc', channel: 1, controller: 64, value: 127 });
    r.keys.send({ type: 'cc', channel: 1, controller: 1, value: 10 });
    expect(r.log).toEqual(['noteOn 64 ch2', 'cc64 ch1', 'cc64 ch2', 'pedal 127', 'cc1 ch2']);
  });

  it('--thru echoes notes while active; a held note still gets its off after thru ends', () => {
    let active = true;
    const r = setup({ thru: true }, () => active);
    r.keys.send(on(60));
    r.keys.send(on(62));
    r.keys.send(off(62));
    active = false; // the seed is captured: the loop has the output now
    r.keys.send(on(64));
    r.keys.send(off(60));
    r.keys.send(off(64));
    expect(r.thru).toEqual([on(60), on(62), off(62), off(60)]);
  });

  it('rejects the echo of a note we sent, but not the same note played later or earlier', () => {
    const r = setup();
    r.at(100);
    r.keys.send(on(60)); // played before we sent it: the player's
    r.echo.sentAt(on(60, 3), 100);
    r.at(104);
    r.keys.send(on(60, 0)); // comes back on another channel (the DAW rewrote it): still ours
    r.echo.sentAt(off(60, 3), 150);
    r.at(153);
    r.keys.send(off(60));
    r.echo.sentAt(on(67), 200);
    r.at(400);
    r.keys.send(on(67)); // far too late to be the echo
    r.echo.sentAt(on(69), 500);
    r.at(530);
    r.keys.send({ type: 'noteOn', channel: 0, note: 69, velocity: 31 }); // the player repeating it fast, at another velocity: not ours
    expect(r.log).toEqual(['noteOn 60 ch1', 'noteOn 67 ch1', 'noteOn 69 ch1']);
  });

  it('a clock echo is dropped one for one; a clock we did not send gets through', () => {
    const r = setup();
    r.echo.sentAt({ type: 'start' }, 0);
    r.echo.sentAt({ type: 'clock' }, 0);
    r.at(2);
    r.daw.send({ type: 'start' });
    r.daw.send({ type: 'clock' });
    r.daw.send({ type: 'clock' }); // a second pulse: nobody sent it
    expect(r.log).toEqual(['clock clock from DAW']);
  });
});
