/**
 * How fast a live run may send, decided before it starts: commands in flight (from maxmemory, and
 * fewer where the server may evict keys of others) and the start on a whole wall-clock second.
 * The pace of the requests themselves is the sequencer's (sequencer.ts).
 */
import type { CancelSignal, RunPlan } from '../../run';
import { distMean } from '../../traffic';

/** Commands in flight at most on a server whose policy may evict keys of others. */
export const AT_RISK_PIPELINE_DEPTH = 32;

/**
 * Commands in flight: enough to keep pace through the event loop's hiccups, few enough that the
 * replies and values in flight (Redis counts client buffers in used_memory) stay ≤ 1 % of maxmemory.
 */
export function defaultDepth(plan: RunPlan): number {
  if (plan.server.maxmemoryBytes <= 0) return 1024;
  let meanValue = 0;
  let weight = 0;
  for (const op of plan.operations) {
    meanValue += op.weight * distMean(plan.namespaces[op.namespaceIndex].valueBytes);
    weight += op.weight;
  }
  meanValue = weight > 0 ? meanValue / weight : 1024;
  return Math.max(64, Math.min(1024, Math.floor((plan.server.maxmemoryBytes * 0.01) / Math.max(64, meanValue + 64))));
}

/** Waits for the next whole wall-clock second (Redis's LRU clock ticks on them), or a cancel. */
export async function alignToWholeSecond(signal: CancelSignal): Promise<void> {
  const wait = 1000 - (Date.now() % 1000);
  const deadline = Date.now() + wait;
  while (Date.now() < deadline && !signal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(50, deadline - Date.now())));
  }
}
