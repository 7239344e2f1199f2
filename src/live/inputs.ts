// The input side as performers wire it: every input port goes through the router (one clock port,
// the channel filter, --thru, echo rejection), and ports opened by name are watched: an unplugged or
// renamed one is reported once (RtMidi itself never says so).
import type { Scheduler } from '../clock/scheduler.ts';
import type { MidiMessage } from '../midi/codec.ts';
import type { MidiInPort, MidiOutPort } from '../midi/transport.ts';
import { EchoFilter } from '../routing/echo.ts';
import { InputRouter, type RouteOptions, type RouteSink, type PlayedMessage } from '../routing/router.ts';

export interface InputSinks extends RouteSink {
  /** --thru: a played note to send out (the engine's output channel, through its NoteOutput). */
  thru(m: PlayedMessage): void;
  /** Thru only while a seed is being played in; the loop has the output after. */
  thruActive(): boolean;
  /** A watched port left the system's list. */
  gone(port: MidiInPort | MidiOutPort, isOutput: boolean): void;
}

export class LiveInputs {
  readonly router: InputRouter;
  private echo = new EchoFilter();
  private reported = new Set<string>();
  private cancelWatch: () => void;

  constructor(
    private scheduler: Scheduler,
    readonly ports: MidiInPort[],
    private output: MidiOutPort,
    routing: Partial<RouteOptions>,
    private sinks: InputSinks,
  ) {
    this.router = new InputRouter(ports, sinks, { inChannel: 'all', thru: false, ...routing }, this.echo, (m) => sinks.thru(m), () => sinks.thruActive());
    this.cancelWatch = this.watch();
  }

  /** Everything seedloop sends passes here, so its echo coming back in is recognised. */
  sent(m: MidiMessage): void {
    this.echo.sentAt(m, this.scheduler.now());
  }

  get names(): string {
    return this.ports.map((p) => p.name).join(' + ');
  }

  /** Once a second: ports opened by name still listed? (Enumerating walks the system's ports.) */
  private watch(): () => void {
    return this.scheduler.at(this.scheduler.now() + 1000, () => {
      this.echo.prune(this.scheduler.now());
      for (const port of [...this.ports, this.output]) {
        if (!port.alive || port.alive() || this.reported.has(port.name)) continue;
        this.reported.add(port.name);
        this.sinks.gone(port, port === this.output);
      }
      this.cancelWatch = this.watch();
    });
  }

  /** Stop listening (exit); the ports themselves are closed by their owner. */
  stop(): void {
    this.cancelWatch();
    this.router.close();
  }
}
