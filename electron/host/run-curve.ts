/**
 * The miss-ratio curve of the design's own policy (with the exact-LRU reference), computed in a
 * worker on at most APP_CURVE_REQUESTS requests (simulator/run/app-curve.ts).
 */
import { appCurveBudget, DEFAULT_COST_LIMITS, plannedRequests } from '../../simulator/run';
import { planOf } from './design-text';
import type { DesignRequest } from './design-text';
import { messageOf, ServiceError } from './errors';
import type { CurveJson } from '../common';
import type { FromWorker } from './worker-protocol';
import type { WorkerPool } from './worker-start';

const CURVE_TIMEOUT_MS = 120_000;

/** The curve of a design as a run compiles it (overrides, environment, seed and request budget). */
export async function missRatioCurve(pool: WorkerPool, request: DesignRequest): Promise<CurveJson> {
  // Compiled here: located errors fail fast, before a thread is taken. A design over the cap is
  // compiled again with the cap as its budget (so its own size is not held to the run limits).
  const whole = planOf(request, { ...DEFAULT_COST_LIMITS, maxRequests: Infinity }).plan;
  const budget = appCurveBudget(whole);
  const plan = budget === null ? planOf(request).plan : planOf({ ...request, requests: budget }).plan;
  const worker = pool.take({ kind: 'curve', plan, cappedFrom: budget === null ? null : plannedRequests(whole) });
  try {
    return await new Promise<CurveJson>((resolve, reject) => {
      const timer = setTimeout(() => reject(new ServiceError('run-failed', `The miss-ratio curve took longer than ${CURVE_TIMEOUT_MS / 1000} s; lower the request budget`)), CURVE_TIMEOUT_MS);
      worker.on('message', (message: FromWorker) => {
        clearTimeout(timer);
        if (message.type === 'curve') resolve(message.curve);
        else if (message.type === 'failed') reject(new ServiceError(message.code === 'bad-design' || message.code === 'bad-input' ? message.code : 'run-failed', message.message));
      });
      worker.on('error', (error) => { clearTimeout(timer); reject(new ServiceError('run-failed', messageOf(error))); });
      worker.on('exit', (code) => { clearTimeout(timer); reject(new ServiceError('run-failed', `The curve worker exited (code ${code})`)); });
    });
  } finally {
    void worker.terminate();
    pool.prepare(); // the next Run's warm worker
  }
}
