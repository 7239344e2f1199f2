// Standard MIDI files <-> Score. Reading follows symusic 0.6 (what MidiTok loads files with), in
// stages: the header, the chunk list, then each track's events (src/midi/fileTrack.ts). Writing uses
// @tonejs/midi.
import ToneMidi from '@tonejs/midi';
import type { Score, Track } from '../types.ts';
import { UserError } from '../errors.ts';
import { type FileState, readTrackChunk } from './fileTrack.ts';
import { pdqsort } from './pdqsort.ts';

const { Midi } = ToneMidi;

const u32 = (b: Uint8Array, i: number) => ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3];
const tag = (b: Uint8Array, i: number) => String.fromCharCode(b[i], b[i + 1], b[i + 2], b[i + 3]);

/** A chunk name as the user may read it: printable ASCII as is, any other byte as \xNN. */
export function escapeTag(name: string): string {
  return [...name].map((c) => (c >= ' ' && c <= '~' && c !== '\\' ? c : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)).join('');
}

interface Header { division: number; declaredTracks: number; firstChunk: number }

function readHeader(bytes: Uint8Array): Header {
  if (bytes.length < 14 || tag(bytes, 0) !== 'MThd') throw new UserError('not a MIDI file (no MThd header)');
  const headerLen = u32(bytes, 4);
  if (headerLen < 6 || 8 + headerLen > bytes.length) throw new UserError('corrupt MIDI file: bad header length');
  const division = (bytes[12] << 8) | bytes[13];
  if (division & 0x8000) throw new UserError('MIDI files with SMPTE time division are not supported');
  if (division === 0) throw new UserError('corrupt MIDI file: 0 ticks per quarter');
  return { division, declaredTracks: (bytes[10] << 8) | bytes[11], firstChunk: 8 + headerLen };
}

/** The MTrk chunks' byte ranges. Like symusic, only the declared number: files often carry trailing junk. */
function trackChunks(bytes: Uint8Array, h: Header): { start: number; end: number }[] {
  const chunks: { start: number; end: number }[] = [];
  let pos = h.firstChunk;
  while (pos + 8 <= bytes.length && chunks.length < h.declaredTracks) {
    const id = tag(bytes, pos);
    const start = pos + 8;
    const end = start + u32(bytes, pos + 4);
    if (end > bytes.length) throw new UserError(`corrupt MIDI file: chunk "${escapeTag(id)}" runs past the end of the file`);
    pos = end;
    if (id === 'MTrk') chunks.push({ start, end });
  }
  if (chunks.length < h.declaredTracks && pos < bytes.length) throw new UserError('corrupt MIDI file: truncated chunk header');
  return chunks;
}

/** A parsed file, and how many notes it lost on the way (so "no notes" can name its cause). */
export interface MidiRead {
  score: Score;
  unclosedNotes: number; // note-ons with no note-off: dropped, as symusic drops them
  strayNoteOffs: number; // note-offs (incl. velocity-0 note-ons) that ended no note
}

/** Parse a standard MIDI file; any structural damage is one UserError. */
export function readMidiReport(bytes: Uint8Array): MidiRead {
  const header = readHeader(bytes);
  const file: FileState = { tempos: [], timeSignatures: [], seq: 0, unclosedNotes: 0, strayNoteOffs: 0 };
  const tracks: Track[] = [];
  for (const c of trackChunks(bytes, header)) tracks.push(...readTrackChunk(bytes, c.start, c.end, file));
  // symusic orders global events with pdqsort (unstable): equal ticks keep its order, not the file's.
  const byTick = (e: { tick: number }) => e.tick;
  const score: Score = {
    ticksPerQuarter: header.division,
    tempos: pdqsort(file.tempos, byTick).map(({ tick, bpm }) => ({ tick, bpm })),
    timeSignatures: pdqsort(file.timeSignatures, byTick).map(({ tick, numerator, denominator }) => ({ tick, numerator, denominator })),
    tracks,
  };
  return { score, unclosedNotes: file.unclosedNotes, strayNoteOffs: file.strayNoteOffs };
}

/** Parse a standard MIDI file into a Score; any structural damage is one UserError. */
export function readMidi(bytes: Uint8Array): Score {
  return readMidiReport(bytes).score;
}

/** Write a Score as a standard MIDI file (format 1, drums on channel 10). */
export function writeMidi(score: Score): Uint8Array {
  const midi = new Midi();
  // @tonejs/midi writes its own header ppq; rescale ticks if the score uses another resolution.
  const ppq = midi.header.ppq;
  const f = ppq / score.ticksPerQuarter;
  const t = (x: number) => Math.round(x * f);
  for (const tempo of score.tempos) midi.header.tempos.push({ ticks: t(tempo.tick), bpm: tempo.bpm });
  for (const ts of score.timeSignatures) midi.header.timeSignatures.push({ ticks: t(ts.tick), timeSignature: [ts.numerator, ts.denominator] });
  midi.header.update();
  let channel = 0;
  for (const tr of score.tracks) {
    const track = midi.addTrack();
    if (tr.name) track.name = tr.name;
    track.channel = tr.isDrum ? 9 : channel;
    if (!tr.isDrum) channel = channel === 8 ? 10 : (channel + 1) % 16;
    track.instrument.number = tr.program;
    for (const n of tr.notes) track.addNote({ midi: n.pitch, ticks: t(n.start), durationTicks: t(n.duration), velocity: n.velocity / 127 });
    for (const p of tr.pedals ?? []) {
      track.addCC({ number: 64, ticks: t(p.start), value: 1 });
      track.addCC({ number: 64, ticks: t(p.start + p.duration), value: 0 });
    }
  }
  return midi.toArray();
}
