// An independent reader for the files seedloop writes (tests only): absolute ticks, channels,
// tempo and meter metas, and where each track ends. Written from the SMF spec, not from src/.

export interface SmfRead {
  format: number;
  ppq: number;
  tempos: { tick: number; bpm: number }[];
  meters: { tick: number; numerator: number; denominator: number }[];
  notes: { track: number; tick: number; on: boolean; channel: number; pitch: number; velocity: number }[];
  programs: { tick: number; channel: number; program: number }[];
  ccs: { tick: number; channel: number; controller: number; value: number }[];
  trackEnds: number[]; // tick of each track's end-of-track
}

export function readSmf(bytes: Uint8Array): SmfRead {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (tag(0) !== 'MThd') throw new Error('not a MIDI file');
  const out: SmfRead = { format: view.getUint16(8), ppq: view.getUint16(12), tempos: [], meters: [], notes: [], programs: [], ccs: [], trackEnds: [] };
  let at = 8 + view.getUint32(4);
  let track = 0;
  while (at + 8 <= bytes.length) {
    const end = at + 8 + view.getUint32(at + 4);
    if (tag(at) !== 'MTrk') {
      at = end;
      continue;
    }
    let p = at + 8;
    let tick = 0;
    let status = 0;
    const vlq = () => {
      let v = 0;
      for (;;) {
        const b = bytes[p++];
        v = (v << 7) | (b & 0x7f);
        if (!(b & 0x80)) return v;
      }
    };
    while (p < end) {
      tick += vlq();
      if (bytes[p] & 0x80) status = bytes[p++];
      if (status === 0xff) {
        const type = bytes[p++];
        const len = vlq();
        const d = bytes.subarray(p, p + len);
        if (type === 0x51) out.tempos.push({ tick, bpm: 60_000_000 / ((d[0] << 16) | (d[1] << 8) | d[2]) });
        if (type === 0x58) out.meters.push({ tick, numerator: d[0], denominator: 2 ** d[1] });
        if (type === 0x2f) out.trackEnds.push(tick);
        p += len;
        continue;
      }
      const kind = status & 0xf0;
      const channel = status & 0x0f;
      if (kind === 0xc0 || kind === 0xd0) {
        if (kind === 0xc0) out.programs.push({ tick, channel, program: bytes[p] });
        p += 1;
        continue;
      }
      const [a, b] = [bytes[p], bytes[p + 1]];
      p += 2;
      if (kind === 0x90 || kind === 0x80) out.notes.push({ track, tick, on: kind === 0x90 && b > 0, channel, pitch: a, velocity: b });
      if (kind === 0xb0) out.ccs.push({ tick, channel, controller: a, value: b });
    }
    track++;
    at = end;
  }
  return out;
}
