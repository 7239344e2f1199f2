// What a tick source tells the rest of seedloop. Positions are 24-PPQN ticks from the song start,
// counted from the clock itself, so they never drift from the DAW however long it runs.
export interface TransportListener {
  /** Tick `tick` happened at `timeMs` (for the internal clock: its ideal time). */
  onTick(tick: number, timeMs: number): void;
  /** The transport starts (or continues); the next tick will be `tick`. */
  onStart(tick: number, timeMs: number, kind: 'start' | 'continue'): void;
  /** The transport stopped (Stop message, clock lost, or internal stop). */
  onStop(timeMs: number, reason: 'stop' | 'timeout'): void;
  /** Song Position Pointer moved the (stopped) transport: the next tick will be `tick`. */
  onPosition?(tick: number): void;
}
