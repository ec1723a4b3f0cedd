/**
 * The worker side of mapInWorkers (worker-pool.ts): an entry file calls `serveJobs(work)`; each
 * job message runs `work(job, signal)` and posts its result back, one job at a time. A `cancel`
 * aborts the signal of the running job and of any job after it.
 */
import { parentPort } from 'node:worker_threads';
import type { FromPoolWorker, ToPoolWorker } from './pool-protocol';

export function serveJobs<J, R>(work: (job: J, signal: AbortSignal) => Promise<R>): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs runs inside a worker thread');
  const stop = new AbortController();
  const post = (message: FromPoolWorker): void => port.postMessage(message);
  port.on('message', (message: ToPoolWorker) => {
    if (message.type === 'cancel') {
      stop.abort();
      return;
    }
    const { index } = message;
    work(message.job as J, stop.signal).then(
      (result) => post({ type: 'result', index, result }),
      (error: unknown) => post({ type: 'failed', index, name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) }),
    );
  });
}
