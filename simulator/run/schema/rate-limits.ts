/** What a run reports per rate limiter: decisions against the exact limiter, keys, memory, commands. */
import { z } from 'zod';

const num = z.number();

/** Decisions for one class of clients (or all of them). */
export const limiterDecisionsSchema = z.object({
  requests: num,
  admitted: num,
  refused: num,
  /** Admitted, where the exact sliding window (over the same arrivals) refused. */
  overAdmitted: num,
  /** Refused, where the exact sliding window admitted. */
  wronglyRefused: num,
  /** What the exact sliding window admitted of the same requests. */
  exactAdmitted: num,
});
export type LimiterDecisions = z.infer<typeof limiterDecisionsSchema>;

export const rateLimitMetricsSchema = limiterDecisionsSchema.extend({
  name: z.string(),
  algorithm: z.string(),
  limit: num,
  periodMs: num,
  clients: num,
  abusiveClients: num,
  normal: limiterDecisionsSchema,
  abusive: limiterDecisionsSchema,
  /** Keys present at the end, and the used_memory they hold (key, value, dict entries). */
  keys: num,
  usedMemoryBytes: num,
  /** MEMORY USAGE of its largest key at the end, and the mean over its keys. */
  maxKeyMemoryUsageBytes: num,
  meanKeyMemoryUsageBytes: num,
  /** Its keys evicted under maxmemory, and requests that then found their counter gone. */
  evictedKeys: num,
  evictionResets: num,
  /** Limiter writes refused with -OOM (the limiter then fails open: the request is admitted). */
  oomErrors: num,
  /** Commands Redis ran for it (inside scripts too), round trips, and RESP bytes each way. */
  commands: num,
  roundTrips: num,
  bytesSent: num,
  bytesReceived: num,
});
export type RateLimitMetrics = z.infer<typeof rateLimitMetricsSchema>;

/** A limiter's counters since the start, at one snapshot (charts and the CSV read per-second rates from them). */
export const rateLimitSnapshotSchema = z.object({
  admitted: num,
  refused: num,
  overAdmitted: num,
  /** Its keys evicted under maxmemory so far. */
  evictedKeys: num,
});
export type RateLimitSnapshot = z.infer<typeof rateLimitSnapshotSchema>;
