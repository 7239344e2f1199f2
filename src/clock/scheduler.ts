// Time as an injected dependency ("A Tale of Two Clocks"): everything timed asks a Scheduler for
// now() and for callbacks at absolute times. Tests drive a ManualScheduler; live runs a RealtimeScheduler.
import { performance } from 'node:perf_hooks';

export interface Scheduler {
  now(): number; // ms, monotonic
  /** Run `callback` at `timeMs` (or as soon as possible if that is past). Returns a cancel function. */
  at(timeMs: number, callback: () => void): () => void;
}

interface Timer {
  time: number;
  seq: number;
  callback: () => void;
  cancelled: boolean;
}

/** A sorted timer queue shared by both schedulers. */
class TimerQueue {
  private timers: Timer[] = [];
  private seq = 0;

  add(time: number, callback: () => void): Timer {
    const timer = { time, seq: this.seq++, callback, cancelled: false };
    let i = this.timers.length;
    while (i > 0 && this.timers[i - 1].time > time) i--; // timers mostly arrive in order: scan from the end
    this.timers.splice(i, 0, timer);
    return timer;
  }

  peek(): Timer | undefined {
    while (this.timers.length && this.timers[0].cancelled) this.timers.shift();
    return this.timers[0];
  }

  shift(): Timer | undefined {
    const t = this.peek();
    if (t) this.timers.shift();
    return t;
  }
}

/** Virtual time for tests: nothing happens until advance() is called. */
export class ManualScheduler implements Scheduler {
  private time: number;
  private queue = new TimerQueue();

  constructor(startMs = 0) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  at(timeMs: number, callback: () => void): () => void {
    const timer = this.queue.add(timeMs, callback);
    return () => (timer.cancelled = true);
  }

  /** Move time forward to `timeMs`, firing due timers in order, each at its own time. */
  advanceTo(timeMs: number): void {
    for (let t = this.queue.peek(); t && t.time <= timeMs; t = this.queue.peek()) {
      this.queue.shift();
      this.time = Math.max(this.time, t.time);
      t.callback();
    }
    this.time = Math.max(this.time, timeMs);
  }

  advance(ms: number): void {
    this.advanceTo(this.time + ms);
  }
}

/**
 * Wall-clock scheduler with sub-millisecond accuracy: a coarse setTimeout until `spinMs` before the
 * deadline, then setImmediate turns (I/O still runs), then a busy-wait for the last `busyMs`.
 * The spin only happens inside that short window, so idle CPU stays low.
 */
export class RealtimeScheduler implements Scheduler {
  private queue = new TimerQueue();
  private timeout: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;

  private readonly pumpNow = () => this.pump();
  private readonly pumpFromTimeout = () => {
    this.timeout = undefined;
    this.pump();
  };

  /** spinMs: setImmediate turns allocate (GC pauses), so the window is kept as short as timers allow. */
  constructor(
    private spinMs = Number(process.env.SEEDLOOP_SPIN_MS ?? 1.5),
    private busyMs = 0.15,
  ) {}

  now(): number {
    return performance.now();
  }

  at(timeMs: number, callback: () => void): () => void {
    const timer = this.queue.add(timeMs, callback);
    this.arm();
    return () => {
      timer.cancelled = true;
    };
  }

  private arm(): void {
    const next = this.queue.peek();
    if (this.timeout) clearTimeout(this.timeout);
    this.timeout = undefined;
    if (!next || this.immediate) return;
    const wait = next.time - this.now() - this.spinMs;
    if (wait >= 1) {
      this.timeout = setTimeout(this.pumpFromTimeout, Math.floor(wait));
    } else {
      this.immediate = setImmediate(this.pumpNow);
    }
  }

  private pump(): void {
    this.immediate = undefined;
    for (;;) {
      const next = this.queue.peek();
      if (!next) return;
      const left = next.time - this.now();
      if (left > this.busyMs) break;
      while (next.time - this.now() > 0) {
        // busy-wait the last fraction of a millisecond
      }
      this.queue.shift();
      next.callback();
    }
    this.arm();
  }

  /** Drop every pending timer (shutdown). */
  clear(): void {
    for (let t = this.queue.shift(); t; t = this.queue.shift()) t.cancelled = true;
    if (this.timeout) clearTimeout(this.timeout);
    if (this.immediate) clearImmediate(this.immediate);
    this.timeout = undefined;
    this.immediate = undefined;
  }
}
