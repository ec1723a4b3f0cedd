/**
 * What an engine streams while it runs: snapshots and progress to a sink, and the cancel flag it
 * honours. The RunResult and Snapshot themselves are defined by their zod schema (./schema).
 */

import type { Snapshot } from './schema';

export { RUN_RESULT_VERSION } from './schema';
export type { CacheMetrics, LatencyMetrics, NamespaceMetrics, OriginMetrics, RunResult, Snapshot, WholeCacheMetrics } from './schema';

/** Progress of a run, for progress bars: fraction of the plan done and where it is. */
export interface RunProgress {
  done: number;
  total: number;
  phase: string;
  tMs: number;
}

/** Where an engine streams what it sees while it runs. */
export interface RunSink {
  snapshot(snapshot: Snapshot): void;
  progress(progress: RunProgress): void;
}

/** A cancel flag; AbortSignal satisfies it. */
export interface CancelSignal {
  readonly aborted: boolean;
}

export const NULL_SINK: RunSink = { snapshot: () => {}, progress: () => {} };
