// Worker threads running a .ts file (the generation worker, the timing thread). Node 20 passes no
// loader hooks to workers, and `--import tsx` in execArgv did not take there, so a tiny bootstrap
// registers tsx inside the worker and then imports the file.
import { Worker, type ResourceLimits } from 'node:worker_threads';

export function startTsWorker(file: URL, workerData?: unknown, resourceLimits?: ResourceLimits): Worker {
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const boot = `import(${api}).then((tsx) => { tsx.register(); return import(${JSON.stringify(file.href)}); });`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}
