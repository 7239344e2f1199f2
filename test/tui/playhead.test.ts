// The playhead is an inverted cell, so this file turns colour on before Ink (and its chalk) load.
import { expect, it } from 'vitest';

process.env.FORCE_COLOR = '1';
const { mount, plain, until } = await import('./frames.ts');
const { scale } = await import('./scriptedEngine.ts');

const INVERSE = '\u001B[7m';
/** Visible columns before the inverted cell, for each roll row that has one. */
const playheadColumns = (frame: string | undefined) =>
  (frame ?? '')
    .split('\n')
    .filter((line) => line.includes('│') && line.includes(INVERSE))
    .map((line) => plain(line.slice(0, line.indexOf(INVERSE))).length);

it('marks the playhead column in every row of the loop, and only there', async () => {
  const { engine, ui } = mount();
  engine.push({ loop: { variant: 1, bars: 8, notes: scale(8), loopScore: null, position: 4.2 } }); // bar 2, first eighth
  const atBar2 = 4 + 1 + 8 + 1; // gutter, frame, bar 1, frame
  await until(ui.lastFrame, (f) => f.includes('loop · variant 1'));
  expect(playheadColumns(ui.lastFrame())).toEqual(new Array(5).fill(atBar2)); // the loop's five rows only, not the seed's
  engine.push({ loop: { ...engine.snapshot().loop!, position: 31.9 } }); // last eighth of bar 8
  const lastEighth = 4 + 1 + 7 * 9 + 7;
  await until(() => String(playheadColumns(ui.lastFrame())[0]), (f) => f === String(lastEighth));
});
