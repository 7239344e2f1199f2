// seedloop groove FILE.mid: print the file's groove template (timing and accents per position within
// the beat, swing of 8ths and 16ths), and with --save NAME keep it in presets/grooves/ for --groove NAME.
import type { CommandModule } from 'yargs';
import { UserError } from '../errors.ts';
import { extractGroove } from '../feel/extract.ts';
import { playedNotes } from '../feel/offline.ts';
import { saveGroove } from '../feel/store.ts';
import { describe, mainSlots, resolve } from '../feel/template.ts';
import { readMidi } from '../midi/file.ts';
import { readInput } from '../io/files.ts';

interface Args { file: string; save?: string; grid: number; bpm?: number; json: boolean }

export const grooveCommand: CommandModule<object, Args> = {
  command: 'groove <file>',
  describe: "Print a MIDI file's groove template (timing and accents per position, swing); --save keeps it",
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'a .mid file (drums are ignored)' })
      .option('save', { type: 'string', describe: 'save the template under this name (presets/grooves/), for --groove NAME' })
      .option('grid', { type: 'number', default: 12, describe: "positions per beat (the tokenizer's grid: 12)" })
      .option('bpm', { type: 'number', describe: "tempo for the ms column (default: the file's first tempo, else 120)" })
      .option('json', { type: 'boolean', default: false, describe: 'print the template as JSON' }) as never,
  handler: async (args) => {
    if (!Number.isInteger(args.grid) || args.grid < 1 || args.grid > 48) throw new UserError(`--grid: must be a whole number 1-48 (got ${args.grid})`);
    if (args.bpm !== undefined && !(args.bpm > 0 && args.bpm <= 999)) throw new UserError(`--bpm: must be above 0 and at most 999 (got ${args.bpm})`);
    const bytes = readInput(args.file, 'file');
    let score;
    try {
      score = readMidi(bytes);
    } catch (e) {
      if (e instanceof UserError) throw new UserError(`${args.file}: ${e.message}`);
      throw e;
    }
    const notes = playedNotes(score);
    if (!notes.length) throw new UserError(`${args.file}: no notes to measure (drums are ignored)`);
    const template = extractGroove(notes, args.grid);
    const bpm = args.bpm ?? score.tempos[0]?.bpm ?? 120;
    if (args.json) process.stdout.write(`${JSON.stringify(template)}\n`);
    else process.stdout.write(table(template, bpm, notes.length));
    if (args.save !== undefined) {
      const path = await saveGroove(args.save, template);
      process.stderr.write(`saved as "${args.save}": ${path}\n`);
    }
  },
};

function table(t: ReturnType<typeof extractGroove>, bpm: number, notes: number): string {
  const ms = 60_000 / bpm;
  const r = resolve(t);
  const rows = mainSlots(t.grid).map(({ k, label }) => {
    const s = t.slots[k];
    const measured = s.count >= 2 ? '' : ' (too few notes: borrowed)';
    const cells = [label.padEnd(3), `${k}/${t.grid}`.padEnd(6), String(s.count).padStart(5), (r.offset[k] * ms).toFixed(1).padStart(9), (s.spread * ms).toFixed(1).padStart(9), r.accent[k].toFixed(2).padStart(7)];
    return `${cells.join(' ')}${measured}`;
  });
  return [
    `${notes} notes; ${describe(t, bpm)}`,
    `pos where  notes offset ms spread ms  accent`,
    ...rows,
    '',
  ].join('\n');
}
