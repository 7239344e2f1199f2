// The layering the code relies on, checked on the real import graph (madge, type imports included):
// no import circles; the live layer reaches nothing above it (tui, harness) and no tokenizer work, so
// the timing thread never loads the tokenizer (the generation worker owns tokens).
import madge from 'madge';
import { describe, expect, it } from 'vitest';

const graph = await madge(new URL('../../src/', import.meta.url).pathname, { fileExtensions: ['ts', 'tsx'] });
const deps = graph.obj();

function closure(from: string): Set<string> {
  const seen = new Set<string>();
  const walk = (f: string) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const d of deps[f] ?? []) walk(d);
  };
  walk(from);
  return seen;
}

describe('import graph', () => {
  it('has no circles', () => {
    expect(graph.circular()).toEqual([]);
  });

  it('src/live imports nothing from src/tui, src/harness or src/tokenizer', () => {
    const live = Object.keys(deps).filter((f) => f.startsWith('live/'));
    expect(live.length).toBeGreaterThan(10);
    const bad = live.flatMap((f) => deps[f].filter((d) => /^(tui|harness|tokenizer)\//.test(d)).map((d) => `${f} -> ${d}`));
    expect(bad).toEqual([]);
  });

  it("the timing thread's code reaches no tokenizer, TUI or harness module", () => {
    const reached = [...closure('live/threadMain.ts')];
    expect(reached).toContain('live/engine.ts');
    expect(reached).toContain('model/generator.ts');
    expect(reached.filter((f) => /^(tui|harness|tokenizer)\//.test(f))).toEqual([]);
  });
});
