// live --style: laid over the preset's sampler settings once the model is known to have the token.
import { describe, expect, it } from 'vitest';
import { liveStyle } from '../../src/commands/liveStyle.ts';
import { loadPreset } from '../../src/sampling/presets.ts';
import { DEFAULT_SAMPLER } from '../../src/sampling/types.ts';
import { styleModel, TINY } from '../model/styleModel.ts';

const STYLE_DIR = styleModel();

describe('liveStyle', () => {
  it('--style lays the style over the preset, after checking the model', async () => {
    const folk = (await loadPreset('folk')).sampler;
    expect(await liveStyle(undefined, TINY, folk)).toBe(folk);
    expect(await liveStyle('game', STYLE_DIR, folk)).toEqual({ ...folk, style: 'game' });
    expect(await liveStyle('none', TINY, undefined)).toEqual({ ...DEFAULT_SAMPLER, style: 'none' });
    await expect(liveStyle('game', TINY, folk)).rejects.toThrow(/^--style game: model .* has no style tokens/);
  });
});
