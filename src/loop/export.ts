// A loop as a .mid a DAW user drags into a clip: the session's tempo and meter, exactly the loop's
// bars (end-of-track on the last bar line), the output channel, starting at bar 1.
import { join } from 'node:path';
import { TICKS_PER_BEAT, type Meter } from '../clock/meter.ts';
import { checkOutputPath, writeFileAtomicAsync } from '../io/files.ts';
import { channelMessage, meterMeta, tempoMeta, writeSmf, type SmfEvent } from '../midi/smf.ts';
import { scaleVelocity } from './notes.ts';
import type { Variant } from './variant.ts';

/** Ticks per quarter note in written files (24-PPQN clock ticks x 20). */
export const FILE_PPQ = 480;
const SCALE = FILE_PPQ / TICKS_PER_BEAT;

export interface ExportFormat {
  bpm: number;
  meter: Meter;
  channel: number; // 1-16, the live output channel
  velocityPercent?: number; // the live velocity scaling (100 when absent)
}

/** One pass of the loop as the player sends it, in clock ticks: offs before ons at the same tick. */
export function passEvents(v: Variant, velocityPercent = 100): { tick: number; on: boolean; pitch: number; velocity: number }[] {
  const out = v.events().flatMap((n) => [
    { tick: n.tick, on: true, pitch: n.pitch, velocity: scaleVelocity(n.velocity, velocityPercent) },
    { tick: n.end, on: false, pitch: n.pitch, velocity: 0 },
  ]);
  return out.sort((a, b) => a.tick - b.tick || Number(a.on) - Number(b.on) || a.pitch - b.pitch);
}

export function loopToMidi(v: Variant, f: ExportFormat): Uint8Array {
  const channel = f.channel - 1;
  const events: SmfEvent[] = passEvents(v, f.velocityPercent).map((e) => ({
    tick: e.tick * SCALE,
    bytes: channelMessage(e.on ? { type: 'noteOn', channel, note: e.pitch, velocity: e.velocity } : { type: 'noteOff', channel, note: e.pitch, velocity: 0 }),
  }));
  const end = v.length * SCALE;
  return writeSmf(FILE_PPQ, [
    { name: 'seedloop', events: [{ tick: 0, bytes: tempoMeta(f.bpm) }, { tick: 0, bytes: meterMeta(f.meter) }], endTick: end },
    { name: `seedloop variant ${v.id}`, events, endTick: end },
  ]);
}

/** A short stable tag for a seed (FNV-1a of its token ids), so files from one seed sort together. */
export function seedTag(ids: readonly number[]): string {
  let h = 0x811c9dc5;
  for (const id of ids) {
    h ^= id & 0xffff;
    h = Math.imul(h, 0x01000193) >>> 0;
    h ^= id >>> 16;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0').slice(0, 6);
}

const two = (n: number) => String(n).padStart(2, '0');

/** seedloop-seed<tag>-v<variant>-<yyyymmdd>-<hhmmss>.mid, in local time (what the user's clock says). */
export function exportName(tag: string, variant: number, at: Date): string {
  const day = `${at.getFullYear()}${two(at.getMonth() + 1)}${two(at.getDate())}`;
  const time = `${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}`;
  return `seedloop-seed${tag}-v${variant}-${day}-${time}.mid`;
}

/** Write a complete variant into `dir` (the disk flush off the event loop); resolves to the path.
 * Errors name the variant or the path. */
export async function exportLoop(dir: string, v: Variant, f: ExportFormat, tag: string, at = new Date()): Promise<string> {
  if (!v.complete) throw new Error(`variant ${v.id} is still being generated (${v.barsReady} of ${v.bars} bars)`);
  const path = join(dir, exportName(tag, v.id, at));
  checkOutputPath(path, '--export-dir');
  await writeFileAtomicAsync(path, loopToMidi(v, f));
  return path;
}
