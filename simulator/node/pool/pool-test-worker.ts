/** Test support: a pool worker whose job says how long to wait, what to return, or what to throw. */
import { threadId } from 'node:worker_threads';
import { serveJobs } from './pool-worker';

interface TestJob { value: number; waitMs: number; fail?: string; exit?: boolean }

serveJobs(async (job: TestJob, signal, shared) => {
  if (job.fail) throw new RangeError(job.fail);
  if (job.exit) process.exit(3);
  await new Promise((resolve) => setTimeout(resolve, job.waitMs));
  return { value: job.value * 2, threadId, aborted: signal.aborted, shared: shared.get('salt') };
});
