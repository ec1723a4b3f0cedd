/**
 * Starting a worker: the bundled JS file in the packaged app, or the TypeScript source through
 * tsx's loader in development and tests (a bootstrap registers tsx inside the new thread).
 */
import { Worker } from 'node:worker_threads';
import type { WorkerJob } from './worker-protocol';

export interface WorkerStartOptions {
  workerFile?: string;
  env?: NodeJS.ProcessEnv;
}

export function startWorker(job: WorkerJob, options: WorkerStartOptions): Worker {
  const env = options.env ?? process.env;
  if (options.workerFile) return new Worker(options.workerFile, { workerData: { job }, env });
  const bootstrap = new URL('./worker-bootstrap.mjs', import.meta.url);
  const entry = new URL('./run-worker.ts', import.meta.url).href;
  return new Worker(bootstrap, { workerData: { job, entry }, env });
}
