// MidiTok's token-type graph for REMI (REMI._create_token_types_graph + special tokens):
// which token types may follow each type. Data for constrained decoding.
import type { RemiConfig } from './config.ts';

export function tokenTypesGraph(cfg: RemiConfig): Record<string, string[]> {
  const g = new Map<string, Set<string>>();
  const set = (k: string, v: string[]) => g.set(k, new Set(v));
  const add = (k: string, ...v: string[]) => v.forEach((x) => g.get(k)!.add(x));
  const first = cfg.usePrograms ? 'Program' : 'Pitch';
  const durations = cfg.useNoteDurationPrograms.size > 0;
  if (cfg.usePrograms) set('Program', ['Pitch']);
  if (cfg.useVelocities) {
    set('Pitch', ['Velocity']);
    set('Velocity', durations ? ['Duration'] : [first, 'Position', 'Bar']);
  } else if (durations) set('Pitch', ['Duration']);
  else set('Pitch', [first, 'Bar', 'Position']);
  if (durations) set('Duration', [first, 'Position', 'Bar']);
  set('Bar', ['Position', 'Bar']);
  set('Position', [first]);
  if (cfg.useChords) {
    set('Chord', [first]);
    add('Position', 'Chord');
    if (cfg.usePrograms) add('Program', 'Chord');
  }
  if (cfg.useTempos) {
    add('Position', 'Tempo');
    set('Tempo', [first, 'Position', 'Bar']);
    if (cfg.useChords) add('Tempo', 'Chord');
    if (cfg.useRests) add('Tempo', 'Rest');
  }
  if (cfg.useTimeSignatures) {
    set('Bar', ['TimeSig']);
    set('TimeSig', [first, 'Position', 'Bar']);
    if (cfg.useChords) add('TimeSig', 'Chord');
    if (cfg.useRests) add('TimeSig', 'Rest');
    if (cfg.useTempos) add('Tempo', 'TimeSig');
  }
  if (cfg.useSustainPedals) {
    add('Position', 'Pedal');
    if (cfg.sustainPedalDuration) {
      set('Pedal', ['Duration']);
      if (durations) add('Duration', 'Pedal');
      else if (cfg.useVelocities) { set('Duration', [first, 'Bar', 'Position']); add('Velocity', 'Pedal'); }
      else { set('Duration', [first, 'Bar', 'Position']); add('Pitch', 'Pedal'); }
    } else {
      set('PedalOff', ['Pedal', 'PedalOff', first, 'Position', 'Bar']);
      set('Pedal', ['Pedal', first, 'Position', 'Bar']);
      add('Position', 'PedalOff');
    }
    if (cfg.useChords) {
      add('Pedal', 'Chord');
      if (!cfg.sustainPedalDuration) { add('PedalOff', 'Chord'); add('Chord', 'PedalOff'); }
    }
    if (cfg.useRests) { add('Pedal', 'Rest'); if (!cfg.sustainPedalDuration) add('PedalOff', 'Rest'); }
    if (cfg.useTempos) { add('Tempo', 'Pedal'); if (!cfg.sustainPedalDuration) add('Tempo', 'PedalOff'); }
    if (cfg.useTimeSignatures) { add('TimeSig', 'Pedal'); if (!cfg.sustainPedalDuration) add('TimeSig', 'PedalOff'); }
  }
  if (cfg.useRests) {
    set('Rest', ['Rest', first, 'Position', 'Bar']);
    add(durations ? 'Duration' : cfg.useVelocities ? 'Velocity' : first, 'Rest');
    if (cfg.useChords) add('Rest', 'Chord');
    if (cfg.useTempos) add('Rest', 'Tempo');
    if (cfg.useTimeSignatures) add('Rest', 'TimeSig');
    if (cfg.useSustainPedals) {
      add('Rest', 'Pedal');
      if (cfg.sustainPedalDuration) add('Duration', 'Rest');
      else { add('Rest', 'PedalOff'); add('PedalOff', 'Rest'); }
    }
  }
  if (cfg.usePitchdrumTokens) {
    g.set('PitchDrum', g.get('Pitch')!); // the same set object, as in MidiTok
    for (const v of g.values()) if (v.has('Pitch')) v.add('PitchDrum');
  }
  // Special tokens: BOS may start anything, EOS ends everything, others may appear anywhere.
  const original = [...g.keys()];
  for (const special of cfg.specialTokens) {
    const type = special.split('_')[0];
    if (type === 'EOS') g.set('EOS', new Set());
    else g.set(type, new Set([...original, ...cfg.specialTokens]));
    if (type !== 'BOS') for (const k of original) g.get(k)!.add(type);
  }
  return Object.fromEntries([...g].map(([k, v]) => [k, [...v].sort()]));
}
