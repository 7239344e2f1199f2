// Polling helpers with no Ink import: a test that mounts the real runTui must let runTui load Ink
// first (runTui clears CI before that; Ink loaded under CI=true only prints the final frame).
export const KEY = { up: '\u001B[A', down: '\u001B[B', right: '\u001B[C', left: '\u001B[D', escape: '\u001B', enter: '\r', ctrlC: '\u0003', backspace: '\u007F' };

const ANSI = /\u001B\[[0-9;]*[A-Za-z]/g;
export const plain = (frame: string | undefined) => (frame ?? '').replace(ANSI, '');

/** Polls until `check` holds for the latest frame (or throws with that frame after ~3 s). */
export async function until(lastFrame: () => string | undefined, check: (frame: string) => boolean): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const frame = plain(lastFrame());
    if (check(frame)) return frame;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`frame never matched:\n${plain(lastFrame())}`);
}
