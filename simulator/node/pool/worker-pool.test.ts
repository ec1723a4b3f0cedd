import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { mapInWorkers, WorkerPool } from './worker-pool';

const entry = new URL('./pool-test-worker.ts', import.meta.url);
type Out = { value: number; threadId: number; aborted: boolean; shared?: unknown };

describe('mapInWorkers', () => {
  it('runs jobs on worker threads and returns results in the jobs\' order, not the finishing order', async () => {
    const jobs = [{ value: 1, waitMs: 300 }, { value: 2, waitMs: 0 }, { value: 3, waitMs: 0 }, { value: 4, waitMs: 0 }];
    const results = await mapInWorkers<typeof jobs[number], Out>(entry, jobs, { threads: 2 });
    expect(results.map((r) => r?.value)).toEqual([2, 4, 6, 8]);
    const threads = new Set(results.map((r) => r?.threadId));
    expect(threads.has(threadId)).toBe(false);
    // The slow first job kept one worker busy; the other ran the rest.
    expect(threads.size).toBe(2);
    expect(results[1]?.threadId).toBe(results[3]?.threadId);
  });

  it('rejects with the name and message of a job that throws', async () => {
    const failing = mapInWorkers(entry, [{ value: 1, waitMs: 0 }, { value: 2, waitMs: 0, fail: 'no such policy' }], { threads: 2 });
    await expect(failing).rejects.toThrow(RangeError);
    await expect(failing).rejects.toThrow('no such policy');
  });

  it('starts no new job after an abort, and tells the running ones', async () => {
    const controller = new AbortController();
    const jobs = [{ value: 1, waitMs: 400 }, { value: 2, waitMs: 400 }, { value: 3, waitMs: 0 }];
    const pending = mapInWorkers<typeof jobs[number], Out>(entry, jobs, { threads: 2, signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    const results = await pending;
    expect(results.map((r) => r?.value)).toEqual([2, 4, undefined]);
    expect(results[0]?.aborted).toBe(true);
  });

  it('shares data once with every worker, and with `here` runs jobs on this thread too, results in order', async () => {
    const pool = new WorkerPool(1, entry);
    try {
      pool.share('salt', 'first');
      pool.share('salt', 'second');
      const jobs = Array.from({ length: 6 }, (_, i) => ({ value: i, waitMs: 30 }));
      const here = async (job: typeof jobs[number]): Promise<Out> => {
        await new Promise((resolve) => setTimeout(resolve, job.waitMs));
        return { value: job.value * 2, threadId, aborted: false, shared: 'here' };
      };
      const results = await pool.map<typeof jobs[number], Out>(jobs, { here });
      expect(results.map((r) => r?.value)).toEqual([0, 2, 4, 6, 8, 10]);
      const workers = results.filter((r) => r?.threadId !== threadId);
      expect(workers.length).toBeGreaterThan(0);
      expect(workers.length).toBeLessThan(6);
      // The worker saw the last value shared under the key, before its first job.
      expect(workers.every((r) => r?.shared === 'second')).toBe(true);
      // The pool serves a second map with the same workers.
      expect((await pool.map<typeof jobs[number], Out>(jobs.slice(0, 2))).map((r) => r?.value)).toEqual([0, 2]);
    } finally {
      await pool.close();
    }
  });

  it('reports a worker that stopped, in the map it stopped in and in the next one (no wait forever)', async () => {
    const pool = new WorkerPool(1, entry);
    try {
      await expect(pool.map([{ value: 1, waitMs: 0, exit: true }])).rejects.toThrow(/pool worker stopped \(exit code 3\)/);
      await expect(pool.map([{ value: 2, waitMs: 0 }])).rejects.toThrow(/every worker of the pool has stopped/);
    } finally {
      await pool.close();
    }
  });
});
