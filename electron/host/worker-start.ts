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
 * load the simulator (hundreds of ms): the warm worker gets its job as a message. The owner says
 * when to start the next one (once the job is under way: booting a thread, loading the simulator
 * and warming it up would otherwise take CPU from the job's first snapshot). An idle warm worker
 * does not keep the process alive.
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
    return worker;
  }

  /** Starts a warm worker unless one is waiting (the owner calls it to begin, and after each job). */
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
