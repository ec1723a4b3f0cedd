/** Messages between a WorkerPool (worker-pool.ts) and a pool worker (pool-worker.ts). */
export type ToPoolWorker =
  /** Data that the jobs after it read by `key` (e.g. a curve's sampled stream): sent once, not with every job. */
  | { type: 'share'; key: string; value: unknown }
  | { type: 'job'; index: number; job: unknown }
  /** Stop the running job (it ends as its function decides, e.g. with a partial result). */
  | { type: 'cancel' };

export type FromPoolWorker =
  | { type: 'result'; index: number; result: unknown }
  /** `name` is the thrown error's (RangeError, PlanError…), so the caller can tell bad input from a bug. */
  | { type: 'failed'; index: number; name: string; message: string };
