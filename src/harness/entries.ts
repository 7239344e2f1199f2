// Timing-thread entries of the harness, for EngineThread.start (a URL only: importing the entry
// itself would run it here).
export const DEMO_THREAD = new URL('./demoThread.ts', import.meta.url);
