/**
 * A worker thread of the parallel curve (parallel-curve.ts): it is sent one MiniSimJob, then point
 * indices one at a time, and answers each with that point's sampled cache misses.
 */
import { parentPort } from 'node:worker_threads';
import type { MiniSimJob } from '../../run';
import { miniSimMisses, sampleLayoutOf } from '../../run';
import type { CurveWorkerAnswer, CurveWorkerMessage } from './parallel-curve';

const port = parentPort;
if (!port) throw new Error('curve-worker.ts runs in a worker thread');
let job: MiniSimJob | null = null;
let layout: ReturnType<typeof sampleLayoutOf> | null = null;
port.on('message', (message: CurveWorkerMessage) => {
  if (message.type === 'job') {
    job = message.job;
    layout = sampleLayoutOf(job);
    return;
  }
  if (!job || !layout) throw new Error('a curve point before its job');
  const answer: CurveWorkerAnswer = { index: message.index, misses: miniSimMisses(job, message.index, layout) };
  port.postMessage(answer);
});
