// Shared shapes that cross module boundaries. Times inside a Score are in the Score's own ticks.

/** One note. `start` and `duration` are in ticks of the owning Score's `ticksPerQuarter`. */
export interface Note {
  pitch: number; // MIDI note number 0-127
  velocity: number; // 1-127
  start: number; // ticks from the start of the score
  duration: number; // ticks, > 0
}

export interface TimeSignature {
  tick: number;
  numerator: number;
  denominator: number;
}

export interface Tempo {
  tick: number;
  bpm: number; // quarter notes per minute
}

export interface Track {
  program: number; // General MIDI program 0-127
  isDrum: boolean;
  name?: string;
  notes: Note[];
  /** Sustain pedal (CC64) spans, used only when the tokenizer has use_sustain_pedals. */
  pedals?: { start: number; duration: number }[];
}

/** An in-memory piece of music: what a MIDI file or a live capture becomes before tokenizing. */
export interface Score {
  ticksPerQuarter: number;
  tempos: Tempo[];
  timeSignatures: TimeSignature[];
  tracks: Track[];
}
