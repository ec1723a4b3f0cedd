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

export function startWorker(job: WorkerJob | null, options: WorkerStartOptions): Worker {
  const env = options.env ?? process.env;
  if (options.workerFile) return new Worker(options.workerFile, { workerData: { job }, env });
  const bootstrap = new URL('../../simulator/node/worker-bootstrap.mjs', import.meta.url);
  const entry = new URL('./run-worker.ts', import.meta.url).href;
  return new Worker(bootstrap, { workerData: { job, entry }, env });
}

/**
 * Keeps one worker started ahead of need, so pressing Run does not wait for a thread to boot and
 * load the simulator (hundreds of ms): the warm worker gets its job as a message, and the next
 * warm one starts in the background. An idle warm worker does not keep the process alive.
 */
export class WorkerPool {
  private warm: Worker | null = null;
  private disposed = false;

  constructor(private readonly options: WorkerStartOptions) {}

  /** A worker running `job`: the warm one when there is one. */
  take(job: WorkerJob): Worker {
    const worker = this.warm;
    this.warm = null;
    if (!worker || this.disposed) return startWorker(job, this.options);
    worker.ref();
    worker.postMessage({ type: 'job', job });
    this.prepare();
    return worker;
  }

  /** Starts the next warm worker (called after each take, and once by the owner to begin). */
  prepare(): void {
    if (this.warm || this.disposed) return;
    const worker = startWorker(null, this.options);
    worker.unref();
    // A warm worker that dies before use (a crash while loading) is simply replaced on demand.
    worker.once('error', () => { if (this.warm === worker) this.warm = null; });
    worker.once('exit', () => { if (this.warm === worker) this.warm = null; });
    this.warm = worker;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.warm;
    this.warm = null;
    if (worker) await worker.terminate();
  }
}
