// The UI's only view of the engine: the latest snapshot, at most `fps` times a second.
// The engine's listener just stores a reference and maybe arms one timer, so the timing path
// never waits on React; snapshots that arrive between frames are dropped (latest wins).
import { useEffect, useState } from 'react';
import type { Bridge, EngineSnapshot } from '../live/types.ts';

export const DEFAULT_FPS = 20;

export function useEngineSnapshot(engine: Bridge, fps: number = DEFAULT_FPS): EngineSnapshot {
  const [snapshot, setSnapshot] = useState<EngineSnapshot>(() => engine.snapshot());

  useEffect(() => {
    const frameMs = 1000 / fps;
    let latest: EngineSnapshot | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastFrameAt = 0;

    const flush = () => {
      timer = null;
      lastFrameAt = Date.now();
      if (latest) setSnapshot(latest);
      latest = null;
    };
    const unsubscribe = engine.subscribe((next) => {
      latest = next;
      if (timer === null) timer = setTimeout(flush, Math.max(0, lastFrameAt + frameMs - Date.now()));
    });
    // Whatever changed between the first render and subscribing.
    setSnapshot(engine.snapshot());
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [engine, fps]);

  return snapshot;
}
