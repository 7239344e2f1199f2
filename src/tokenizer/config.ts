// A MidiTok 3.1 `tokenizer.json` config, parsed and checked. Unknown or unsupported options are
// refused with one clear UserError rather than silently producing different ids.
import { UserError } from '../errors.ts';

export interface RemiConfig {
  pitchRange: [number, number];
  /** [[startBeat, endBeat, resolution]] in the JSON's order. */
  beatRes: [number, number, number][];
  numVelocities: number;
  specialTokens: string[];
  encodeIdsSplit: 'bar' | 'beat' | 'no';
  useVelocities: boolean;
  useNoteDurationPrograms: Set<number>;
  useChords: boolean;
  useRests: boolean;
  useTempos: boolean;
  useTimeSignatures: boolean;
  useSustainPedals: boolean;
  usePrograms: boolean;
  usePitchdrumTokens: boolean;
  defaultNoteDuration: number;
  /** Program order as stored (MidiTok iterates a Python set; the JSON keeps that order). */
  programs: number[];
  oneTokenStreamForPrograms: boolean;
  beatResRest: [number, number, number][];
  chordMaps: [string, number[]][];
  chordTokensWithRootNote: boolean;
  chordUnknown: [number, number] | null;
  numTempos: number;
  tempoRange: [number, number];
  logTempos: boolean;
  removeDuplicatedNotes: boolean;
  deleteEqualSuccessiveTempoChanges: boolean;
  /** [[denominator, numerators]] in the JSON's order. */
  timeSignatureRange: [number, number[]][];
  deleteEqualSuccessiveTimeSigChanges: boolean;
  sustainPedalDuration: boolean;
  drumsPitchRange: [number, number];
}

// Options that change the token stream and that this port does not implement: refuse if enabled.
const UNSUPPORTED_FLAGS = [
  'use_key_signatures', 'use_pitch_bends', 'use_control_changes', 'use_pitch_intervals', 'program_changes',
  'ac_polyphony_track', 'ac_polyphony_bar', 'ac_pitch_class_bar', 'ac_note_density_track',
  'ac_note_density_bar', 'ac_note_duration_bar', 'ac_note_duration_track', 'ac_repetition_track',
];
// Options read only when an unsupported feature is on, or that do not affect REMI: accepted as is.
const INERT_KEYS = [
  'control_change_numbers', 'control_change_n_bins', 'pitch_bend_range', 'max_pitch_interval',
  'pitch_intervals_max_time_dist', 'ac_polyphony_min', 'ac_polyphony_max', 'ac_note_density_track_min',
  'ac_note_density_track_max', 'ac_note_density_bar_max', 'ac_repetition_track_num_bins',
  'ac_repetition_track_num_consec_bars',
];
const KNOWN_KEYS = new Set([
  ...UNSUPPORTED_FLAGS, ...INERT_KEYS, 'pitch_range', 'beat_res', 'num_velocities', 'special_tokens',
  'encode_ids_split', 'use_velocities', 'use_note_duration_programs', 'use_chords', 'use_rests', 'use_tempos',
  'use_time_signatures', 'use_sustain_pedals', 'use_programs', 'use_pitchdrum_tokens', 'default_note_duration',
  'programs', 'one_token_stream_for_programs', 'beat_res_rest', 'chord_maps', 'chord_tokens_with_root_note',
  'chord_unknown', 'num_tempos', 'tempo_range', 'log_tempos', 'remove_duplicated_notes',
  'delete_equal_successive_tempo_changes', 'time_signature_range', 'delete_equal_successive_time_sig_changes',
  'sustain_pedal_duration', 'drums_pitch_range', 'additional_params',
]);
const TOP_LEVEL_KEYS = new Set([
  'config', 'tokenization', 'miditok_version', 'symusic_version', 'hf_tokenizers_version',
  '_vocab_base', '_model', '_vocab_base_byte_to_token', 'has_bpe',
]);

function bad(msg: string): never {
  throw new UserError(`tokenizer.json: ${msg}`);
}

function intPair(v: unknown, key: string): [number, number] {
  if (!Array.isArray(v) || v.length !== 2 || !v.every(Number.isInteger)) bad(`${key} must be two integers`);
  return [v[0], v[1]];
}

function beatResMap(v: unknown, key: string): [number, number, number][] {
  if (typeof v !== 'object' || v === null) bad(`${key} must be an object like {"0_4": 8}`);
  return Object.entries(v as Record<string, unknown>).map(([range, res]) => {
    const m = /^(\d+)_(\d+)$/.exec(range);
    if (!m || !Number.isInteger(res) || (res as number) <= 0) bad(`${key} has a bad entry "${range}": ${res}`);
    return [Number(m[1]), Number(m[2]), res as number];
  });
}

function formatSpecial(token: string): string {
  const parts = token.split('_');
  if (parts.length === 1) parts.push('None');
  else if (parts.length > 2) return `${parts.slice(0, -1).join('-')}_${parts[parts.length - 1]}`;
  return parts.join('_');
}

/**
 * Key order of time_signature_range in the raw JSON text. JSON.parse puts integer-like keys in
 * ascending order, but MidiTok builds the TimeSig vocabulary in the file's order (default 8 then 4).
 */
export function timeSignatureKeyOrder(text: string): number[] | undefined {
  const m = /"time_signature_range"\s*:\s*\{([^}]*)\}/.exec(text);
  if (!m) return undefined;
  return [...m[1].matchAll(/"(\d+)"\s*:/g)].map((k) => Number(k[1]));
}

/**
 * Validate a whole tokenizer.json object (as MidiTok's `save` writes it) and parse its config.
 * `tsOrder`: denominators in file order (see timeSignatureKeyOrder); without it, descending
 * order is assumed, which is MidiTok's default.
 */
export function parseTokenizerJson(obj: unknown, tsOrder?: number[]): RemiConfig {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) bad('not a JSON object');
  const top = obj as Record<string, unknown>;
  if (top.tokenization !== 'REMI') bad(`tokenization is ${JSON.stringify(top.tokenization)}, only "REMI" is supported`);
  for (const key of Object.keys(top)) if (!TOP_LEVEL_KEYS.has(key)) bad(`unknown field "${key}" (newer MidiTok?)`);
  const version = String(top.miditok_version ?? '');
  if (version && !/^3\./.test(version)) bad(`miditok_version ${version} is not 3.x`);
  const c = top.config as Record<string, unknown> | undefined;
  if (typeof c !== 'object' || c === null) bad('missing "config"');
  for (const key of Object.keys(c)) if (!KNOWN_KEYS.has(key)) bad(`unknown config option "${key}" (newer MidiTok?)`);
  for (const flag of UNSUPPORTED_FLAGS) if (c[flag] === true) bad(`option ${flag} is not supported by this REMI port`);
  const extra = (c.additional_params ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(extra)) {
    const neutral = (key === 'max_bar_embedding' && value === null) || (key !== 'max_bar_embedding' && value === false);
    if (!['max_bar_embedding', 'use_bar_end_tokens', 'add_trailing_bars'].includes(key)) bad(`unknown additional_params "${key}"`);
    if (!neutral) bad(`additional_params.${key}=${JSON.stringify(value)} is not supported by this REMI port`);
  }
  const bool = (key: string, dflt: boolean): boolean => {
    const v = c[key] ?? dflt;
    if (typeof v !== 'boolean') bad(`${key} must be true or false`);
    return v;
  };
  const ints = (key: string): number[] => {
    const v = c[key];
    if (!Array.isArray(v) || !v.every(Number.isInteger)) bad(`${key} must be a list of integers`);
    return v as number[];
  };
  const usePrograms = bool('use_programs', false);
  const useSustainPedals = bool('use_sustain_pedals', false);
  const split = c.encode_ids_split ?? 'bar';
  if (split !== 'bar' && split !== 'beat' && split !== 'no') bad(`encode_ids_split ${JSON.stringify(split)}`);
  const pitchRange = intPair(c.pitch_range, 'pitch_range');
  if (!(pitchRange[0] >= 0 && pitchRange[0] < pitchRange[1] && pitchRange[1] <= 127)) bad(`pitch_range ${pitchRange}`);
  const numVelocities = c.num_velocities as number;
  if (!Number.isInteger(numVelocities) || numVelocities < 1 || numVelocities > 127) bad(`num_velocities ${numVelocities}`);
  const tsr = c.time_signature_range as Record<string, unknown>;
  if (typeof tsr !== 'object' || tsr === null) bad('time_signature_range must be an object');
  const timeSignatureRange: [number, number[]][] = Object.entries(tsr).map(([den, nums]) => {
    const d = Number(den);
    if (!Number.isInteger(d) || d <= 0 || (d & (d - 1)) !== 0) bad(`time signature denominator ${den} is not a power of 2`);
    if (!Array.isArray(nums) || !nums.every(Number.isInteger)) bad(`time_signature_range.${den} must list numerators`);
    return [d, nums as number[]];
  });
  const order = tsOrder && tsOrder.length === timeSignatureRange.length ? tsOrder : timeSignatureRange.map(([d]) => d).sort((a, b) => b - a);
  timeSignatureRange.sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]));
  const chordMapsRaw = (c.chord_maps ?? {}) as Record<string, unknown>;
  const chordMaps: [string, number[]][] = Object.entries(chordMapsRaw).map(([q, m]) => {
    if (!Array.isArray(m) || !m.every(Number.isInteger)) bad(`chord_maps.${q} must list intervals`);
    return [q, m as number[]];
  });
  const specialTokens: string[] = [];
  for (const t of (c.special_tokens ?? ['PAD']) as unknown[]) {
    if (typeof t !== 'string') bad('special_tokens must be strings');
    const f = formatSpecial(t);
    if (!specialTokens.includes(f)) specialTokens.push(f);
  }
  if (!specialTokens.includes('PAD_None')) specialTokens.push('PAD_None');
  const chordUnknown = c.chord_unknown == null ? null : intPair(c.chord_unknown, 'chord_unknown');
  const useNoteDurationPrograms = new Set(ints('use_note_duration_programs'));
  const programs = ints('programs');
  let useRests = bool('use_rests', false);
  if (useRests && useNoteDurationPrograms.size < 129) {
    if (!usePrograms || programs.some((p) => !useNoteDurationPrograms.has(p))) useRests = false; // as MidiTok does
  }
  return {
    pitchRange,
    beatRes: beatResMap(c.beat_res, 'beat_res'),
    numVelocities,
    specialTokens,
    encodeIdsSplit: split,
    useVelocities: bool('use_velocities', true),
    useNoteDurationPrograms,
    useChords: bool('use_chords', false),
    useRests,
    useTempos: bool('use_tempos', false),
    useTimeSignatures: bool('use_time_signatures', false),
    useSustainPedals,
    usePrograms,
    usePitchdrumTokens: bool('use_pitchdrum_tokens', true),
    defaultNoteDuration: Number(c.default_note_duration ?? 0.5),
    programs,
    oneTokenStreamForPrograms: bool('one_token_stream_for_programs', true) && usePrograms,
    beatResRest: beatResMap(c.beat_res_rest, 'beat_res_rest'),
    chordMaps,
    chordTokensWithRootNote: bool('chord_tokens_with_root_note', false),
    chordUnknown,
    numTempos: c.num_tempos as number,
    tempoRange: c.tempo_range as [number, number],
    logTempos: bool('log_tempos', false),
    removeDuplicatedNotes: bool('remove_duplicated_notes', false),
    deleteEqualSuccessiveTempoChanges: bool('delete_equal_successive_tempo_changes', false),
    timeSignatureRange,
    deleteEqualSuccessiveTimeSigChanges: bool('delete_equal_successive_time_sig_changes', false),
    sustainPedalDuration: bool('sustain_pedal_duration', false) && useSustainPedals,
    drumsPitchRange: intPair(c.drums_pitch_range, 'drums_pitch_range'),
  };
}
