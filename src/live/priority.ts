// Best effort: run seedloop's timing thread ahead of everything else on a busy machine, as audio
// software does. Only the calling (main) thread changes: Linux applies both calls per thread, so the
// generation worker, started before, keeps its normal priority. Never fails; says what it got.
import { spawnSync } from 'node:child_process';
import { setPriority } from 'node:os';

/** `tid`: the thread to raise (Linux thread id); default the process's main thread. */
export function raiseTimingPriority(tid: number = process.pid): string {
  if (process.platform === 'linux') {
    const r = spawnSync('chrt', ['-f', '-p', '10', String(tid)], { stdio: 'ignore', timeout: 2000 });
    if (r.status === 0) return 'real-time priority (SCHED_FIFO 10)';
  }
  try {
    setPriority(tid, -10);
    return 'raised priority (nice -10)';
  } catch {
    return 'normal priority (timing may suffer on a busy machine; run with CAP_SYS_NICE for real-time priority)';
  }
}
