/**
 * A small, generic pool of worker threads for independent jobs: `mapInWorkers` runs each job in
 * one of N workers started from the same entry file and returns the results in the jobs' order,
 * whatever order they finished in. The entry calls `serveJobs` (pool-worker.ts) with the function
 * that does one job. Workers start as one JavaScript bundle built by esbuild and cached (see
 * cli/bundle-cache.ts), so a thread starts in tens of ms; without esbuild they load the sources
 * through tsx's loader (worker-bootstrap.mjs). Jobs and results cross by structured clone (NaN,
 * -0 and undefined survive), so a result is what the same function returns on this thread.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { bundledWorker } from '../cli/bundle-cache';
import type { FromPoolWorker, ToPoolWorker } from './pool-protocol';

export interface PoolOptions {
  /** Workers to start (at most one per job); default one per core. */
  threads?: number;
  /** On abort, running jobs are told to stop (they end as their function decides) and no new job starts. */
  signal?: AbortSignal;
}

/** Threads by default: one per core the process may use. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

async function workerStarter(entry: URL): Promise<() => Worker> {
  const code = await bundledWorker(fileURLToPath(entry));
  if (code !== null) return () => new Worker(code, { eval: true });
  const bootstrap = new URL('../worker-bootstrap.mjs', import.meta.url);
  return () => new Worker(bootstrap, { workerData: { entry: entry.href } });
}

/**
 * Runs `jobs` on worker threads of `entry`; resolves with one slot per job: its result, or
 * undefined for a job that did not start because the signal aborted first. Rejects on the
 * first job that throws (an error of the same name and message) or a worker that dies.
 */
export async function mapInWorkers<J, R>(entry: URL, jobs: readonly J[], options: PoolOptions = {}): Promise<Array<R | undefined>> {
  const results: Array<R | undefined> = new Array<R | undefined>(jobs.length).fill(undefined);
  if (jobs.length === 0) return results;
  const start = await workerStarter(entry);
  const threads = Math.max(1, Math.min(options.threads ?? defaultThreads(), jobs.length));
  const workers: Worker[] = [];
  let next = 0;
  const signal = options.signal;
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      const onAbort = () => { for (const worker of workers) worker.postMessage({ type: 'cancel' } satisfies ToPoolWorker); };
      signal?.addEventListener('abort', onAbort, { once: true });
      const finish = (error?: Error) => {
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      };
      const feed = (worker: Worker): boolean => {
        if (next >= jobs.length || signal?.aborted) return false;
        const index = next++;
        running++;
        worker.postMessage({ type: 'job', index, job: jobs[index] } satisfies ToPoolWorker);
        return true;
      };
      for (let i = 0; i < threads; i++) {
        const worker = start();
        workers.push(worker);
        worker.on('message', (message: FromPoolWorker) => {
          running--;
          if (message.type === 'failed') return finish(rebuiltError(message.name, message.message));
          results[message.index] = message.result as R;
          if (!feed(worker) && running === 0) finish();
        });
        worker.on('error', (error) => finish(error));
        worker.on('exit', (code) => finish(new Error(`a pool worker stopped (exit code ${code})`)));
        feed(worker);
      }
      // Aborted before the first job started: nothing will report.
      if (running === 0) finish();
    });
  } finally {
    await Promise.all(workers.map((worker) => { worker.removeAllListeners('exit'); return worker.terminate(); }));
  }
  return results;
}

/** A job's error on this thread: a RangeError stays one; any other keeps its name (PlanError…). */
function rebuiltError(name: string, message: string): Error {
  const error = name === 'RangeError' ? new RangeError(message) : new Error(message);
  error.name = name;
  return error;
}
