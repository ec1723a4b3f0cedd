/** One point of a run's time series: what both engines stream while they run, and keep in `series`. */
import { z } from 'zod';
import { pubsubSnapshotSchema } from './pubsub';
import { rateLimitSnapshotSchema } from './rate-limits';

const num = z.number();

/** One point of the time series, emitted at the plan's snapshot cadence (virtual time). */
export const snapshotSchema = z.object({
  /** Virtual time since the start of the run (ms). */
  tMs: num,
  requests: num,
  /** Hit ratio within this window. */
  hitRatio: num,
  /** Hit ratio since the start. */
  cumulativeHitRatio: num,
  hits: num,
  misses: num,
  evictedKeys: num,
  expiredKeys: num,
  usedMemoryBytes: num,
  keys: num,
  staleReads: num,
  oomRejections: num,
  originQueriesPerSec: num,
  originConcurrency: num,
  p50Ms: num,
  p95Ms: num,
  p99Ms: num,
  /** Per namespace hit ratio within the window, in plan order (NaN-free: 0 when no reads). */
  namespaceHitRatio: z.array(num),
  /** Pub/sub fan-out within the window, when the design has channels. */
  pubsub: pubsubSnapshotSchema.optional(),
  /** Per rate limiter by name, counters since the start, when the design has limiters (CSV: `rateLimits.<name>.admitted`). */
  rateLimits: z.record(z.string(), rateLimitSnapshotSchema).optional(),
});
export type Snapshot = z.infer<typeof snapshotSchema>;
