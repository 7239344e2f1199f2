// Without a terminal: plain log lines when something changes, or (--json) one snapshot per line.
import type { Bridge, EngineSnapshot } from '../live/types.ts';
import { TUI_SETTINGS as SETTINGS } from '../settings/table.ts';
import { controlFor, settingValue } from './settingControls.ts';

function stateText(s: EngineSnapshot): string {
  const st = s.state;
  switch (st.kind) {
    case 'stopped':
      return 'transport stopped';
    case 'armed':
      if (st.countIn !== undefined) return `count-in ${st.countIn}`;
      return `armed: play a seed of ${s.settings.seedBars} bars`;
    case 'capturing':
      return `capturing seed bar ${st.bar} of ${st.of}`;
    case 'generating':
      return `generating ${st.of} bars`;
    case 'playing':
      return `playing variant ${st.variant}${s.loop?.loopScore != null ? ` (loop score ${s.loop.loopScore.toFixed(2)})` : ''}`;
  }
}

/** Performing: mute, favourite, MIDI-triggered actions, exports. */
function performChanges(prev: EngineSnapshot | null, next: EngineSnapshot): string[] {
  if (!prev) return next.perform.recording ? [`recording to ${next.perform.recording.path}`] : [];
  const lines: string[] = [];
  const [a, b] = [prev.perform, next.perform];
  if (prev.settings.muted !== next.settings.muted) lines.push(next.settings.muted ? 'muted' : 'un-muted');
  if (a.favourite !== b.favourite) lines.push(b.favourite === null ? 'no favourite' : `favourite variant ${b.favourite}`);
  if (b.lastAction && JSON.stringify(a.lastAction) !== JSON.stringify(b.lastAction)) lines.push(`${b.lastAction.trigger} -> ${b.lastAction.action}`);
  if (b.lastExport && a.lastExport !== b.lastExport) lines.push(`exported ${b.lastExport}`);
  return lines;
}

/** What is worth a log line between two snapshots (prev null: the first one). */
export function describeChanges(prev: EngineSnapshot | null, next: EngineSnapshot): string[] {
  const lines: string[] = [];
  if (!prev) {
    lines.push(`in ${next.ports.input}, out ${next.ports.output}, model ${next.model.name} on ${next.model.provider}`);
  }
  const tempoFound = prev != null && prev.clock.bpm <= 0 && next.clock.bpm > 0; // the estimate needs a few ticks
  if (!prev || tempoFound || prev.clock.running !== next.clock.running || prev.clock.source !== next.clock.source) {
    const bpm = next.clock.bpm > 0 ? `${next.clock.bpm.toFixed(1)} BPM` : 'tempo not known yet';
    const meter = next.clock.meter ? `, ${next.clock.meter}` : '';
    lines.push(`clock ${next.clock.source}, ${next.clock.running ? 'running' : 'stopped'}, ${bpm}${meter}`);
  }
  const st = next.state;
  const prevSt = prev?.state;
  // Generating progress changes every bar; log its start only, then each state change.
  const changed = !prevSt || prevSt.kind !== st.kind || (st.kind !== 'generating' && JSON.stringify(prevSt) !== JSON.stringify(st));
  if (changed) lines.push(stateText(next));
  for (const key of SETTINGS) {
    const value = settingValue(next.settings, key);
    if (prev && settingValue(prev.settings, key) !== value) lines.push(`${controlFor(key).label} ${controlFor(key).format(value)}`);
  }
  if (prev && prev.settings.hold !== next.settings.hold) lines.push(`hold ${next.settings.hold ? 'on' : 'off'}`);
  if (prev && prev.settings.preset !== next.settings.preset) lines.push(`preset ${next.settings.preset}`);
  lines.push(...performChanges(prev, next));
  if (next.status && JSON.stringify(prev?.status) !== JSON.stringify(next.status)) {
    lines.push(`${next.status.level}: ${next.status.message}`);
  }
  if (next.stopped && !prev?.stopped) {
    lines.push(`stopped: ${next.stats.loopsPlayed} loops, ${next.stats.notesOut} notes out, ${next.stats.hangingNotes} hanging`);
  }
  return lines.map((line) => `[${next.clock.bar}:${next.clock.beat}] ${line}`);
}

export interface PlainOptions {
  json?: boolean; // one snapshot object per line instead of log lines
  write?: (line: string) => void;
  jsonPerSecond?: number; // cap on JSON lines; state changes and the last snapshot always get one
}

/** Logs until the engine reports `stopped`. Quitting is the caller's business (signals, --loops). */
export function runPlain(engine: Bridge, opts: PlainOptions = {}): Promise<void> {
  const write = opts.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const minGapMs = 1000 / (opts.jsonPerSecond ?? 4);
  let prev: EngineSnapshot | null = null;
  let lastJsonAt = -Infinity;
  return new Promise((resolve) => {
    let unsubscribe = () => {};
    const onSnapshot = (s: EngineSnapshot) => {
      if (opts.json) {
        const now = Date.now();
        const important =
          !prev || prev.state.kind !== s.state.kind || JSON.stringify(prev.status) !== JSON.stringify(s.status) || s.stopped;
        if (important || now - lastJsonAt >= minGapMs) {
          write(JSON.stringify(s));
          lastJsonAt = now;
        }
      } else {
        for (const line of describeChanges(prev, s)) write(line);
      }
      prev = s;
      if (s.stopped) {
        unsubscribe();
        resolve();
      }
    };
    unsubscribe = engine.subscribe(onSnapshot);
    if (!prev) onSnapshot(engine.snapshot());
  });
}
