/**
 * RunResult: the plain, versioned JSON that both engines return and that every report, comparison
 * and threshold reads. This schema is its one definition: the TypeScript type, the WorkbenchApi
 * payload, the CLI's result reader and the renderer derive from it. Field names are a public
 * contract (other tools parse them): add, never rename; a field added after version 1 is optional.
 */
import { z } from 'zod';
import { liveRunDetailsSchema, runErrorSchema } from './live';
import { latencyMetricsSchema, namespaceMetricsSchema, networkMetricsSchema, originMetricsSchema, wholeCacheMetricsSchema } from './metrics';
import { pubsubMetricsSchema } from './pubsub';
import { rateLimitMetricsSchema } from './rate-limits';
import { failureMetricsSchema } from '../../model/failure-schema';
import { snapshotSchema } from './snapshot';

export const RUN_RESULT_VERSION = 1;

export const runResultSchema = z.object({
  version: z.literal(RUN_RESULT_VERSION),
  engine: z.enum(['sim', 'live']),
  design: z.object({ name: z.string(), environment: z.string(), seed: z.number() }),
  /** Requests replayed (reads, writes, lists, invalidations). */
  requests: z.number(),
  /** True when the run was stopped before its plan was done. */
  partial: z.boolean(),
  /** Virtual (sim) or wall (live) duration covered (ms). */
  durationMs: z.number(),
  cache: wholeCacheMetricsSchema,
  latency: latencyMetricsSchema,
  origin: originMetricsSchema,
  network: networkMetricsSchema,
  namespaces: z.array(namespaceMetricsSchema),
  /** Pub/sub fan-out, when the design has channels. */
  pubsub: pubsubMetricsSchema.optional(),
  /** Per rate limiter, when the design has them. */
  rateLimits: z.array(rateLimitMetricsSchema).optional(),
  /** What the design's failure timeline cost, when it has one. */
  failures: failureMetricsSchema.optional(),
  series: z.array(snapshotSchema),
  /** Where this engine departs from Redis 7 (named, never silent). */
  departures: z.array(z.string()),
  warnings: z.array(z.string()),
  /** What only a live run of the cache engine reports (absent from simulated runs and live replays). */
  live: liveRunDetailsSchema.optional(),
  /** Why a live run could not start or stopped early, classified. */
  error: runErrorSchema.optional(),
});
export type RunResult = z.infer<typeof runResultSchema>;

/** What the live engine returns: a RunResult of engine 'live' with its live details. */
export const liveRunResultSchema = runResultSchema.extend({ engine: z.literal('live'), live: liveRunDetailsSchema });
export type LiveRunResult = z.infer<typeof liveRunResultSchema>;
