// What a seed file loses on its way into the model, said out loud: a meter the vocabulary cannot write
// is refused (it would be re-barred as 4/4), notes outside the pitch range are counted, and a seed
// with nothing left to continue gets its real cause instead of a generic "no notes".
import { UserError } from '../errors.ts';
import { tokenizerMeters } from '../model/meters.ts';
import type { MidiRead } from '../midi/file.ts';
import type { Tokenizer } from '../tokenizer/index.ts';

export interface SeedCheck {
  notes: number; // pitched (non-drum) notes in the file
  droppedOutOfRange: number; // of those, outside the tokenizer's pitch range
  warning: string | null; // one line for the user when notes were dropped
}

/** Check a parsed seed against the model's tokenizer; `where` names the file. */
export function checkSeed(read: MidiRead, tok: Pick<Tokenizer, 'config'>, where: string): SeedCheck {
  const { score } = read;
  const meters = tokenizerMeters(tok);
  for (const ts of score.timeSignatures) {
    const m = `${ts.numerator}/${ts.denominator}`;
    if (!meters.includes(m)) {
      throw new UserError(`${where}: time signature ${m}: the model's tokenizer has no such time signature (it supports ${meters.join(', ')})`);
    }
  }
  const [lo, hi] = tok.config.pitchRange;
  const pitched = score.tracks.filter((t) => !t.isDrum).flatMap((t) => t.notes);
  const drums = score.tracks.filter((t) => t.isDrum).reduce((n, t) => n + t.notes.length, 0);
  const out = pitched.filter((n) => n.pitch < lo || n.pitch > hi).length;
  if (pitched.length === out) throw new UserError(`${where}: no notes to continue: ${noNotesCause(read, pitched.length, drums, lo, hi)}`);
  const warning = out ? `${where}: ${out} of ${pitched.length} notes dropped: pitches outside the model's range ${lo}-${hi}` : null;
  return { notes: pitched.length, droppedOutOfRange: out, warning };
}

function noNotesCause(read: MidiRead, pitched: number, drums: number, lo: number, hi: number): string {
  if (pitched > 0) return `all ${pitched} notes are outside the model's pitch range ${lo}-${hi}`;
  if (read.unclosedNotes > 0) return `${read.unclosedNotes} note-on(s) never end (no note-off), so no note is complete`;
  if (drums > 0) return `only drums (channel 10), which are ignored`;
  if (read.strayNoteOffs > 0) return `only note-offs (or note-ons with velocity 0, which mean note-off)`;
  return 'the file holds no notes';
}
