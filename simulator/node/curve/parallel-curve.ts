/**
 * The policy curve (simulator/run/policy-curve.ts) with its mini-simulations spread over threads:
 * the pass over the stream runs here while threads − 1 workers boot, then this thread and the
 * workers take the points one by one (a worker is kept two points ahead so that it never waits
 * for this thread, which reads its answers only between its own points). This thread takes a
 * share rather than waiting: one worker fewer is ~50 MB less (its isolate and its copy of the
 * sample). Each point is the same deterministic simulation wherever it runs, so the
 * curve is identical to `policyCurve`'s (parallel-curve.test.ts asserts it).
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CurvePass, MiniSimJob, PolicyCurve, PolicyCurveOptions, RunPlan } from '../../run';
import { curvePass, miniSimMisses } from '../../run';
import { bundledWorker } from '../cli/bundle-cache';

export type CurveWorkerMessage = { type: 'job'; job: MiniSimJob } | { type: 'point'; index: number };
export interface CurveWorkerAnswer { index: number; misses: number }

export interface ParallelCurveOptions extends PolicyCurveOptions {
  /** Threads for the mini-simulations, this one included; default the machine's cores; 1: no worker. */
  threads?: number;
}

/** `policyCurve`, its mini-simulations in worker threads. */
export async function policyCurveParallel(plan: RunPlan, options: ParallelCurveOptions = {}): Promise<PolicyCurve> {
  const threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  const pointsAhead = options.maxmemoryValues?.length ?? options.pointCount ?? 24;
  const workers = threads > 1 && pointsAhead > 1 ? await startWorkers(Math.min(threads, pointsAhead) - 1) : [];
  try {
    const pass = curvePass(plan, options);
    if (workers.length === 0) return pass.finish(pass.job.scaledBytes.map((_, i) => miniSimMisses(pass.job, i, pass.layout)));
    return pass.finish(await sharedMisses(workers, pass.job, pass.layout));
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

async function startWorkers(count: number): Promise<Worker[]> {
  const entry = new URL('./curve-worker.ts', import.meta.url);
  const code = await bundledWorker(fileURLToPath(entry));
  const bootstrap = new URL('../worker-bootstrap.mjs', import.meta.url);
  return Array.from({ length: count }, () => {
    const worker = code !== null ? new Worker(code, { eval: true }) : new Worker(bootstrap, { workerData: { entry: entry.href } });
    // Until the points are handed out, a failing worker only has to be seen to exit (missesInWorkers).
    worker.once('error', () => undefined);
    return worker;
  });
}

/** Every point's sampled misses: this thread and each worker take the next point when done with one. */
function sharedMisses(workers: Worker[], job: MiniSimJob, layout: CurvePass['layout']): Promise<number[]> {
  const total = job.scaledBytes.length;
  const misses = new Array<number>(total);
  let next = 0;
  let done = 0;
  let failure: Error | null = null;
  return new Promise((resolve, reject) => {
    const fail = (error: Error): void => { failure ??= error; reject(error); };
    const hand = (worker: Worker): void => {
      if (next < total) worker.postMessage({ type: 'point', index: next++ } satisfies CurveWorkerMessage);
    };
    const answered = (): void => { if (++done === total) resolve(misses); };
    for (const worker of workers) {
      worker.on('error', fail);
      worker.on('exit', (code) => { if (done < total) fail(new Error(`a curve worker stopped (exit code ${code})`)); });
      worker.on('message', (answer: CurveWorkerAnswer) => {
        misses[answer.index] = answer.misses;
        hand(worker);
        answered();
      });
      worker.postMessage({ type: 'job', job } satisfies CurveWorkerMessage);
      hand(worker);
      hand(worker);
    }
    const here = (): void => {
      if (failure || next >= total) return;
      const index = next++;
      try {
        misses[index] = miniSimMisses(job, index, layout);
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      answered();
      setImmediate(here);
    };
    setImmediate(here);
  });
}
