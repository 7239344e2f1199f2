// Who hears about engine changes, and when: cheap change signals at once (the timing thread builds
// snapshots at its own pace), snapshot listeners after the current tick's MIDI is out, at most one
// pending. Also the owner of the status line, since every status change is news.
import type { EngineSnapshot } from './types.ts';

export class Notifier {
  private listeners = new Set<(s: EngineSnapshot) => void>();
  private changeListeners = new Set<() => void>();
  private pending = false;
  private current: EngineSnapshot['status'] = null;

  constructor(private snapshot: () => EngineSnapshot) {}

  get status(): EngineSnapshot['status'] {
    return this.current;
  }

  /** One line for the user (null clears it); listeners hear of it. */
  setStatus(status: EngineSnapshot['status']): void {
    this.current = status;
    this.notify();
  }

  subscribe(listener: (s: EngineSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  notify(): void {
    for (const l of this.changeListeners) l();
    if (this.pending || !this.listeners.size) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      this.publish();
    });
  }

  /** Tell every snapshot listener now (the final, stopped snapshot). */
  publish(): void {
    const s = this.snapshot();
    for (const l of [...this.listeners]) l(s);
  }
}
