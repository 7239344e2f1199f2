// What the musician changes on a running bridge: settings, MIDI-learned knobs, candidates, presets.
// The one owner of that state. Every value goes through the settings table's clamp; whatever else a
// change touches (the seed capture, the output channel, latency) is the engine's, told via `onSet`.
import { settingValue, withSetting, type BridgeSettings } from '../settings/values.ts';
import { ccToSetting, clampSetting, SAMPLER_KEYS, settingDefault, type LiveSettingKey, type SettingKey } from '../settings/table.ts';
import { loadBindings, saveBindings, type Binding } from './learn.ts';
import { FEEL_KEYS, type FeelKey } from '../feel/settings.ts';

type PresetData = { sampler: BridgeSettings['sampler']; bars: number; seedBars: number; candidates: number; feel?: Partial<Record<FeelKey, number> & { groove: string }> };

export interface PresetStore {
  load(name: string): Promise<PresetData>;
  save(name: string, data: PresetData): Promise<unknown>;
}

export interface ControlsOptions {
  settings: BridgeSettings;
  candidates?: number;
  presets?: PresetStore;
  settingsFile?: string | null; // MIDI learn bindings; null = not persisted
}

export interface ControlsHooks {
  /** A setting changed (already clamped); the engine applies what it owns. */
  onSet(key: LiveSettingKey, value: number): void;
  status(level: 'info' | 'warn' | 'error', message: string): void;
}

export class Controls {
  private current: BridgeSettings;
  private k: number;
  private bound: Binding[];
  private target: SettingKey | null = null;

  constructor(
    private opts: ControlsOptions,
    private hooks: ControlsHooks,
  ) {
    this.current = opts.settings;
    this.k = clampSetting('candidates', opts.candidates ?? 1);
    this.bound = opts.settingsFile ? loadBindings(opts.settingsFile) : [];
  }

  get settings(): Readonly<BridgeSettings> {
    return this.current;
  }
  get candidates(): number {
    return this.k;
  }
  get bindings(): readonly Binding[] {
    return this.bound;
  }
  get learnTarget(): SettingKey | null {
    return this.target;
  }

  /** Set one setting, clamped to its row; it applies to the next variant (and the next seed). */
  set(key: LiveSettingKey, value: number): void {
    if (!Number.isFinite(value)) return;
    const before = settingValue(this.current, key);
    this.current = withSetting(this.current, key, value);
    const after = settingValue(this.current, key);
    if (after !== before) this.hooks.onSet(key, after);
  }

  /** Toggle (or set) hold; returns the new state. */
  hold(on?: boolean): boolean {
    this.current = { ...this.current, hold: on ?? !this.current.hold };
    return this.current.hold;
  }

  /** Toggle (or set) mute; returns the new state. */
  mute(on?: boolean): boolean {
    this.current = { ...this.current, muted: on ?? !this.current.muted };
    return this.current.muted;
  }

  /** Arm MIDI learn: the next CC moved binds to `target` (null cancels). */
  learn(target: SettingKey | null): void {
    this.target = target;
    if (target) this.hooks.status('info', `move a knob to control ${target}`);
  }

  /** A CC now triggers an action: it stops moving a setting. */
  unbind(channel: number, cc: number): void {
    this.bound = this.bound.filter((b) => !(b.cc === cc && b.channel === channel));
    if (this.opts.settingsFile) saveBindings(this.opts.settingsFile, this.bound);
  }

  /** A CC either completes MIDI learn or moves a bound setting; false when it is neither. */
  cc(channel: number, cc: number, value: number): boolean {
    if (this.target) {
      const target = this.target;
      this.bound = [...this.bound.filter((b) => b.target !== target && !(b.cc === cc && b.channel === channel)), { cc, channel, target }];
      this.target = null;
      if (this.opts.settingsFile) saveBindings(this.opts.settingsFile, this.bound);
      this.hooks.status('info', `CC ${cc} (channel ${channel}) now controls ${target}`);
      return true;
    }
    const binding = this.bound.find((b) => b.cc === cc && b.channel === channel);
    if (!binding) return false;
    this.set(binding.target, ccToSetting(binding.target, value));
    return true;
  }

  async loadPreset(name: string): Promise<void> {
    if (!this.opts.presets) return this.hooks.status('warn', 'presets are not available here');
    try {
      const p = await this.opts.presets.load(name);
      const { order, key, style, ...sampler } = p.sampler;
      // every sampler row: the preset's value, or the row's default (a control the preset leaves out is off)
      for (const k of SAMPLER_KEYS) this.set(k, sampler[k] ?? settingDefault(k));
      this.current = { ...this.current, sampler: { ...this.current.sampler, order, key, style } }; // the preset's sampler order, key and style, or the defaults
      this.set('loopBars', p.bars);
      this.set('seedBars', p.seedBars);
      for (const key of FEEL_KEYS) this.set(key, p.feel?.[key] ?? settingDefault(key)); // heard from the next pass
      this.k = clampSetting('candidates', p.candidates);
      this.current = { ...this.current, preset: name };
      this.hooks.status('info', `preset ${name} loaded`);
    } catch (err) {
      this.hooks.status('error', err instanceof Error ? err.message : String(err));
    }
  }

  async savePreset(name: string): Promise<void> {
    if (!this.opts.presets) return this.hooks.status('warn', 'presets are not available here');
    try {
      const s = this.current;
      const feel = Object.fromEntries(FEEL_KEYS.map((k) => [k, s[k]]));
      await this.opts.presets.save(name, { sampler: s.sampler, bars: s.loopBars, seedBars: s.seedBars, candidates: this.k, feel });
      this.current = { ...this.current, preset: name };
      this.hooks.status('info', `preset ${name} saved`);
    } catch (err) {
      this.hooks.status('error', err instanceof Error ? err.message : String(err));
    }
  }
}
