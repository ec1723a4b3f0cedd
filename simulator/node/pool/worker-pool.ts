/**
 * One pool of worker threads for every parallel job of the CLI: variants of `run --vary` and
 * `compare` (a whole simulation each) and the miss-ratio curve's mini-simulations (a point each).
 * Every worker runs one entry (jobs-worker.ts: one protocol, pool-protocol.ts) and answers jobs
 * one at a time; `map` returns the results in the jobs' order, whatever order they finished in.
 * `share` sends data that many jobs read (a curve's sampled stream) once to each worker.
 * With `here`, this thread takes jobs too: one worker fewer to boot and ~50 MB less (an isolate). Workers start as soon as the pool is made — while the
 * caller compiles its design — as one JavaScript bundle built by esbuild and cached (see
 * cli/bundle-cache.ts); without esbuild they load the sources through tsx (worker-bootstrap.mjs).
 * Jobs and results cross by structured clone (NaN, -0 and undefined survive), so a result is
 * what the same function returns on this thread.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { bundledWorker } from '../cli/bundle-cache';
import type { FromPoolWorker, ToPoolWorker } from './pool-protocol';

/** The pool's one worker entry (tests may start a pool of another). */
export const JOBS_ENTRY = new URL('./jobs-worker.ts', import.meta.url);

export interface PoolOptions {
  /** Workers to start (at most one per job); default one per core. */
  threads?: number;
  /** On abort, running jobs are told to stop (they end as their function decides) and no new job starts. */
  signal?: AbortSignal;
}

export interface MapOptions<J, R> {
  signal?: AbortSignal;
  /** This thread's way of doing a job: when given, this thread takes jobs too. */
  here?: (job: J, signal: AbortSignal) => R | Promise<R>;
  /**
   * Jobs handed to each worker at a time (default 1). 2 when `here` holds this thread for whole
   * jobs (a synchronous one): a worker then finds its next job waiting instead of idling until
   * this thread reads its answer.
   */
  ahead?: number;
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

export class WorkerPool {
  /** The workers, once started, with every `share` posted to them in order. */
  private ready: Promise<Worker[]>;
  private closed = false;
  private readonly exited = new Set<Worker>();

  /** Starts `count` workers of `entry` now (0: a pool of this thread alone, for `here`). */
  constructor(readonly count: number, entry: URL = JOBS_ENTRY) {
    this.ready = count <= 0 ? Promise.resolve([]) : workerStarter(entry).then((start) => Array.from({ length: count }, () => {
      const worker = start();
      // Between maps a failing worker only has to be seen to exit: later maps leave it out.
      worker.on('error', () => undefined);
      worker.once('exit', () => this.exited.add(worker));
      return worker;
    }));
    // A pool closed before its workers came up must not leave an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  /** Sends `value` to every worker under `key`, for the jobs that read it. */
  share(key: string, value: unknown): void {
    this.ready = this.ready.then((workers) => {
      for (const worker of workers) worker.postMessage({ type: 'share', key, value } satisfies ToPoolWorker);
      return workers;
    });
  }

  /**
   * Runs `jobs`; resolves with one slot per job: its result, or undefined for a job that did not
   * start because the signal aborted first. Rejects on the first job that throws (an error of the
   * same name and message) or a worker that dies. After an abort the pool's workers stay stopped.
   */
  async map<J, R>(jobs: readonly J[], options: MapOptions<J, R> = {}): Promise<Array<R | undefined>> {
    const results: Array<R | undefined> = new Array<R | undefined>(jobs.length).fill(undefined);
    if (jobs.length === 0) return results;
    if (this.closed) throw new Error('the worker pool is closed');
    const workers = (await this.ready).filter((worker) => !this.exited.has(worker));
    const { signal, here } = options;
    if (workers.length === 0 && !here) throw new Error(this.count > 0 ? 'every worker of the pool has stopped' : 'a pool without workers needs `here` to run its jobs');
    const ahead = Math.max(1, options.ahead ?? 1);
    let next = 0;
    let running = 0;
    let hereBusy = false;
    let settled = false;
    const cleanups: Array<() => void> = [];
    await new Promise<void>((resolve, reject) => {
      const finish = (error?: Error): void => {
        if (settled) return;
        settled = true;
        for (const cleanup of cleanups) cleanup();
        if (error) reject(error);
        else resolve();
      };
      const take = (): number | null => (next < jobs.length && !signal?.aborted ? next++ : null);
      const check = (): void => { if (running === 0 && !hereBusy && take() === null) finish(); };
      const hand = (worker: Worker): void => {
        const index = take();
        if (index === null) return;
        running++;
        worker.postMessage({ type: 'job', index, job: jobs[index] } satisfies ToPoolWorker);
      };
      const onAbort = (): void => { for (const worker of workers) worker.postMessage({ type: 'cancel' } satisfies ToPoolWorker); };
      signal?.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => signal?.removeEventListener('abort', onAbort));
      for (const worker of workers) {
        const onMessage = (message: FromPoolWorker): void => {
          running--;
          if (message.type === 'failed') return finish(rebuiltError(message.name, message.message));
          results[message.index] = message.result as R;
          hand(worker);
          check();
        };
        const onError = (error: Error): void => finish(error);
        const onExit = (code: number): void => finish(new Error(`a pool worker stopped (exit code ${code})`));
        worker.on('message', onMessage).on('error', onError).on('exit', onExit);
        cleanups.push(() => { worker.off('message', onMessage).off('error', onError).off('exit', onExit); });
        for (let i = 0; i < ahead; i++) hand(worker);
      }
      if (here) {
        const ownSignal = signal ?? new AbortController().signal;
        const step = async (): Promise<void> => {
          const index = settled ? null : take();
          if (index === null) {
            hereBusy = false;
            check();
            return;
          }
          try {
            results[index] = await here(jobs[index], ownSignal);
          } catch (error) {
            finish(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          setImmediate(() => void step());
        };
        hereBusy = true;
        setImmediate(() => void step());
      }
      // Aborted before the first job started: nothing will report.
      if (running === 0 && !hereBusy) finish();
    });
    return results;
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = await this.ready.catch(() => []);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** Runs `jobs` on a pool of `entry` made for them (one worker per job at most), then closes it. */
export async function mapInWorkers<J, R>(entry: URL, jobs: readonly J[], options: PoolOptions = {}): Promise<Array<R | undefined>> {
  if (jobs.length === 0) return [];
  const pool = new WorkerPool(Math.max(1, Math.min(options.threads ?? defaultThreads(), jobs.length)), entry);
  try {
    return await pool.map<J, R>(jobs, { signal: options.signal });
  } finally {
    await pool.close();
  }
}

/** A job's error on this thread: a RangeError stays one; any other keeps its name (PlanError…). */
function rebuiltError(name: string, message: string): Error {
  const error = name === 'RangeError' ? new RangeError(message) : new Error(message);
  error.name = name;
  return error;
}
