import type { Meter } from '../clock/meter.ts';
import type { Scheduler } from '../clock/scheduler.ts';
import type { MidiMessage } from '../midi/codec.ts';
import type { MidiInPort, MidiOutPort } from '../midi/transport.ts';
import type { RouteOptions } from '../routing/router.ts';
import type { SeedEnd } from './capture.ts';
import type { BridgeSettings } from '../settings/values.ts';
import type { PresetStore } from './controls.ts';
import type { LoopGenerator } from './generation.ts';
import type { LiveSettingKey, SettingKey } from '../settings/table.ts';
import type { ActionBinding, ActionName } from './actions.ts';
import type { GrooveChoice } from '../feel/liveGroove.ts';

export type { BridgeSettings, LiveSettingKey, SettingKey };

/** A note in a piano-roll view, in beats of the meter (1/D notes) from the start of the seed or loop. */
export interface RollNote {
  pitch: number;
  start: number; // beats
  duration: number; // beats
  velocity: number;
}

export type BridgeState =
  | { kind: 'stopped' } // transport not running
  | { kind: 'armed'; countIn?: number } // waiting for the first seed note (countIn: beats left to count)
  | { kind: 'capturing'; bar: number; of: number } // bar k of n of the seed
  | { kind: 'generating'; tokens: number; bar: number; of: number } // first variant on its way
  | { kind: 'playing'; variant: number };

/** Everything the TUI (or the JSON status line) shows. Plain data: safe to render or serialize. */
export interface EngineSnapshot {
  ports: { input: string; output: string };
  clock: {
    source: 'external' | 'internal';
    bpm: number;
    running: boolean;
    bar: number;
    beat: number;
    tick: number;
    beatsPerBar?: number; // 4 when absent; the piano roll draws bars of this many beats
    meter?: string; // "3/4", "6/8": what the header shows next to the tempo
  };
  model: { name: string; provider: string };
  state: BridgeState;
  settings: BridgeSettings;
  seed: { bars: number; notes: RollNote[] } | null;
  loop: {
    variant: number;
    bars: number;
    notes: RollNote[];
    loopScore: number | null;
    position?: number; // beats into the loop now playing: the TUI draws a playhead there
  } | null;
  next: { mode: 'regenerate' | 'mutate'; tokens: number; bar: number; of: number; ready: boolean } | null;
  learn: { armedFor: SettingKey | null; bindings: { cc: number; channel: number; target: SettingKey }[] };
  status: { level: 'info' | 'warn' | 'error'; message: string } | null;
  stats: { notesOut: number; hangingNotes: number; loopsPlayed: number };
  perform: PerformSnapshot;
  /** The groove playing: swing ratios and the offset per position (null before a seed gives one). */
  groove?: string | null;
  /** True once the engine has quit: every note-off sent, ports closed. The TUI exits only then. */
  stopped: boolean;
}

export interface PerformOptions {
  exportDir?: string; // default: the current folder
  record?: string | null; // --record: the whole session as a .mid
  program?: number; // 1-128, sent on the output channel at start, after panic and on a channel change
  bank?: number; // 0-16383 (bank select MSB/LSB before the program change)
  historySize?: number;
}

/** Performing: the variant history, exports, the session recording, learnable actions. */
export interface PerformSnapshot {
  history: { variant: number; loopScore: number | null; favourite: boolean; playing: boolean; queued: boolean }[];
  favourite: number | null;
  lastExport: string | null;
  recording: { path: string; messages: number } | null;
  learnAction: ActionName | null;
  actions: ActionBinding[];
  lastAction: { action: ActionName; trigger: string; count: number } | null;
}

export type EngineCommand =
  | { type: 'set'; key: LiveSettingKey; value: number } // any live row of the settings table; clamped to it
  | { type: 'regenerate' } // fresh continuation of the seed, swapped in at the next loop boundary
  | { type: 'mutate' } // continue from the current loop
  | { type: 'hold'; on?: boolean } // toggle or set
  | { type: 'rearm' } // forget the seed, capture a new one
  | { type: 'panic' } // note-offs + CC 123 on all channels, then muted until un-muted
  | { type: 'mute'; on?: boolean } // toggle or set; the loop keeps its place on the grid
  | { type: 'favourite' } // mark (or unmark) the playing variant
  | { type: 'history'; step: -1 | 1 } // the previous / next variant, swapped in at the loop line
  | { type: 'export'; which?: 'playing' | 'favourite' } // write the loop as a .mid into --export-dir
  | { type: 'learnAction'; action: ActionName | null } // next pad, button or program change triggers it
  | { type: 'learn'; target: SettingKey | null } // next CC moved binds to target
  | { type: 'preset'; name: string }
  | { type: 'savePreset'; name: string }
  | { type: 'thru'; on?: boolean } // echo what is played to the output while a seed is played in (toggle or set)
  | { type: 'quit' };

/** What the TUI talks to (the engine in-thread, or its timing thread). It never calls into timing code directly. */
export interface Bridge {
  snapshot(): EngineSnapshot;
  subscribe(listener: (s: EngineSnapshot) => void): () => void;
  send(command: EngineCommand): void;
}

/** What a LiveEngine is built from. */
export interface EngineOptions {
  scheduler: Scheduler;
  input?: MidiInPort; // one input port; `inputs` for several (a keyboard and the DAW's clock port)
  inputs?: MidiInPort[];
  output: MidiOutPort;
  routing?: Partial<RouteOptions>; // --clock-in, --in-channel, --thru
  seedEnd?: SeedEnd; // 'bars' (default): exactly seedBars; 'pedal' or 'silence'
  countIn?: boolean;
  loopStart?: 'seed' | 'ready'; // 'seed' (default): the loop starts right after the seed, seed bars filling in
  generator: LoopGenerator;
  modelName?: string;
  bpm?: number; // internal clock tempo
  meter?: Meter; // the DAW project's meter (MIDI clock carries none); 4/4 when absent
  clockOut?: boolean; // send the internal clock out (clock master)
  internalClock?: boolean; // run the internal clock until an external one arrives (default true)
  settings?: Partial<BridgeSettings>;
  candidates?: number;
  presets?: PresetStore;
  settingsFile?: string | null; // MIDI learn bindings; null = not persisted
  perform?: PerformOptions; // export folder, --record, program change
  rngSeed?: number;
  onSent?: (m: MidiMessage) => void;
  /** Groove source ('seed', 'off' or a saved template's name) and that template (src/feel). */
  groove?: GrooveChoice;
}
