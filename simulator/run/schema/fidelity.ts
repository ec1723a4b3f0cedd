/**
 * Fidelity: a simulated and a live run of one plan side by side. Two shapes cross boundaries: the
 * report `keyspace fidelity --json` writes and a fidelity run stores (diff keyed by metric, with
 * targets), and the review report's input (diff as table rows, optional).
 */
import { z } from 'zod';
import { nonKeyMemorySchema } from '../../cache';
import { liveRunResultSchema, runResultSchema } from './run-result';

const num = z.number();

/** One metric of both engines against its target. */
export const fidelityMetricSchema = z.object({
  sim: num,
  live: num,
  /** live − sim. */
  delta: num,
  /** delta / |sim|: 0 when both are 0, null when only sim is 0. */
  relative: num.nullable(),
  /** The target in words, e.g. "±0.5 pp", or "report only". */
  target: z.string(),
  met: z.boolean(),
});
export type FidelityMetric = z.infer<typeof fidelityMetricSchema>;

export const fidelityReportSchema = z.object({
  sim: runResultSchema,
  live: liveRunResultSchema,
  diff: z.record(z.string(), fidelityMetricSchema),
  /** The speed-up both engines ran the plan at. */
  scale: num,
  /** The simulator's memory besides keys, and whether it was measured on the live server or modelled. */
  simNonKeyMemory: nonKeyMemorySchema,
  /** The simulator's clock phase (ms within the minute): the live run's when matchBaseline is on, else 0. */
  clockPhaseMs: num,
  /**
   * Evicted and expired keys per namespace (live: from keyspace notifications), with the count
   * rule of the whole-cache rows; reported, not part of `diff`'s targets.
   */
  namespaces: z.array(z.object({ name: z.string(), evictedKeys: fidelityMetricSchema, expiredKeys: fidelityMetricSchema })),
  /**
   * Admitted and refused requests per rate limiter (designs with limiters), each against its
   * algorithm's tolerance; its evicted keys and eviction resets reported only (live: keyspace notifications).
   */
  rateLimits: z.array(z.object({
    name: z.string(), algorithm: z.string(), admitted: fidelityMetricSchema, refused: fidelityMetricSchema,
    evictedKeys: fidelityMetricSchema.optional(), evictionResets: fidelityMetricSchema.optional(),
  })).optional(),
  notes: z.array(z.string()),
});
export type FidelityReport = z.infer<typeof fidelityReportSchema>;

/** One row of a fidelity table: the same metric from the simulator and from a real Redis. */
export const fidelityRowSchema = z.object({
  metric: z.string(),
  sim: num,
  live: num,
  unit: z.enum(['ratio', 'ms', 'count', 'bytes']).optional(),
  /** Whether the difference is within the tolerance the fidelity check allows. */
  ok: z.boolean().optional(),
  /** That tolerance in words (`±0.5 pp`); absent for a metric reported without one. */
  tolerance: z.string().optional(),
  note: z.string().optional(),
});
export type FidelityRow = z.infer<typeof fidelityRowSchema>;

/** A simulated and a live run of the same plan, and (optionally) their compared metrics. */
export const fidelityInputSchema = z.object({ sim: runResultSchema, live: runResultSchema, diff: z.array(fidelityRowSchema).optional() });
export type FidelityInput = z.infer<typeof fidelityInputSchema>;
