/**
 * runPubsub: a pub/sub plan run on its own, synchronously, in chunks of virtual time, with a
 * snapshot per chunk — for tests, benchmarks and pub/sub-only designs. Checks a cancel flag
 * between chunks and reports progress as in the cache engine.
 */
import type { PubsubPlan } from './plan';
import { PubsubSimulation } from './simulation';
import type { PubsubMetrics, PubsubSnapshot } from '../run/schema';

export interface PubsubRunOptions {
  /** A cancel flag (AbortSignal fits); the run stops at the next chunk and is marked partial. */
  signal?: { readonly aborted: boolean };
  /** Called after every chunk with the share of the run done (0..1) and the virtual time. */
  onProgress?: (done: number, tMs: number) => void;
}

export interface PubsubRun {
  metrics: PubsubMetrics;
  series: PubsubSnapshot[];
  /** True when cancelled before the end. */
  partial: boolean;
}

export function runPubsub(plan: PubsubPlan, chunkMs = 1000, options: PubsubRunOptions = {}): PubsubRun {
  if (!(chunkMs > 0)) throw new RangeError(`chunkMs ${chunkMs} is not valid; use a positive number of virtual ms`);
  const simulation = new PubsubSimulation(plan);
  const series: PubsubSnapshot[] = [];
  const endMs = plan.durationMs + plan.drainMs;
  let partial = false;
  for (let t = chunkMs; !simulation.done; t += chunkMs) {
    if (options.signal?.aborted) {
      partial = true;
      break;
    }
    simulation.advanceTo(Math.min(t, endMs));
    series.push(simulation.snapshot(simulation.tMs));
    options.onProgress?.(Math.min(1, simulation.tMs / plan.durationMs), simulation.tMs);
  }
  return { metrics: simulation.result(), series, partial };
}
