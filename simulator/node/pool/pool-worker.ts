/**
 * The worker side of a WorkerPool (worker-pool.ts): an entry file calls `serveJobs(work)`; each
 * job message runs `work(job, signal, shared)` and posts its result back, one job at a time.
 * `shared` holds what `share` messages sent (by key), for the jobs that read it. A `cancel`
 * aborts the signal of the running job and of any job after it.
 */
import { parentPort } from 'node:worker_threads';
import type { FromPoolWorker, ToPoolWorker } from './pool-protocol';

export type SharedData = ReadonlyMap<string, unknown>;

export function serveJobs<J, R>(work: (job: J, signal: AbortSignal, shared: SharedData) => R | Promise<R>): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs runs inside a worker thread');
  const stop = new AbortController();
  const shared = new Map<string, unknown>();
  const post = (message: FromPoolWorker): void => port.postMessage(message);
  port.on('message', (message: ToPoolWorker) => {
    if (message.type === 'cancel') {
      stop.abort();
      return;
    }
    if (message.type === 'share') {
      shared.set(message.key, message.value);
      return;
    }
    const { index } = message;
    Promise.resolve().then(() => work(message.job as J, stop.signal, shared)).then(
      (result) => post({ type: 'result', index, result }),
      (error: unknown) => post({ type: 'failed', index, name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) }),
    );
  });
}
