// Reads the raw note events of a Standard MIDI File, on purpose independent of the code under test,
// to check a recording for hanging notes: every note-on must be closed by a note-off.

export interface NoteBalance {
  noteOns: number;
  noteOffs: number;
  hanging: { channel: number; pitch: number }[]; // still sounding at the end of the file
}

function varLen(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  for (let i = 0; i < 4; i++) {
    const b = bytes[at++];
    value = (value << 7) | (b & 0x7f);
    if (!(b & 0x80)) break;
  }
  return [value, at];
}

export function noteBalance(bytes: Uint8Array): NoteBalance {
  const text = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (text(0) !== 'MThd') throw new Error('not a MIDI file');
  const sounding = new Map<string, number>(); // "channel:pitch" -> open note-ons (merged over tracks)
  let noteOns = 0;
  let noteOffs = 0;
  let at = 8 + new DataView(bytes.buffer, bytes.byteOffset).getUint32(4);
  while (at + 8 <= bytes.length) {
    const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(at + 4);
    const end = at + 8 + length;
    if (text(at) === 'MTrk') {
      let p = at + 8;
      let status = 0;
      while (p < end) {
        [, p] = varLen(bytes, p);
        if (bytes[p] & 0x80) status = bytes[p++];
        if (status === 0xff) {
          p++; // meta type
          const [len, q] = varLen(bytes, p);
          p = q + len;
          continue;
        }
        if (status === 0xf0 || status === 0xf7) {
          const [len, q] = varLen(bytes, p);
          p = q + len;
          continue;
        }
        const kind = status & 0xf0;
        const data = kind === 0xc0 || kind === 0xd0 ? 1 : 2;
        const [pitch, velocity] = [bytes[p], bytes[p + 1]];
        p += data;
        const id = `${status & 0x0f}:${pitch}`;
        if (kind === 0x90 && velocity > 0) {
          noteOns++;
          sounding.set(id, (sounding.get(id) ?? 0) + 1);
        } else if (kind === 0x80 || kind === 0x90) {
          noteOffs++;
          sounding.set(id, Math.max(0, (sounding.get(id) ?? 0) - 1));
        }
      }
    }
    at = end;
  }
  const hanging = [...sounding].filter(([, n]) => n > 0).map(([id]) => {
    const [channel, pitch] = id.split(':').map(Number);
    return { channel, pitch };
  });
  return { noteOns, noteOffs, hanging };
}
