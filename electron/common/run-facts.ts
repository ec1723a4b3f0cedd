/**
 * What a run record adds for a reviewer: how the run was made (seed, engine speed, design hash) and
 * the design's targets checked against its result — the payload schemas of the contract's run
 * summary. The check itself is simulator/run's evaluateTargets; this is only its shape.
 */
import { z } from 'zod';

/** One target of the design, checked against the run's result. */
export const targetOutcomeSchema = z.object({
  text: z.string(),
  passed: z.boolean(),
  message: z.string(),
  actual: z.number().nullable(),
  /** The target does not parse (it never passes). */
  invalid: z.boolean(),
});
export type TargetOutcomeJson = z.infer<typeof targetOutcomeSchema>;

/** How a run was made: enough to make it again and to tell which design it ran. */
export const runProvenanceSchema = z.object({
  seed: z.number(),
  /**
   * The time scale a live engine ran the plan at (2 = the plan's minute in 30 s of wall time; 'max'
   * unpaced), as simulator/run/time-scale.ts resolved it; null on the simulator, which runs in
   * virtual time as fast as it computes.
   */
  speed: z.union([z.number(), z.literal('max')]).nullable(),
  /** The design's content hash, as in every export header (null when it could not be computed). */
  designHash: z.string().nullable(),
  /** The design's targets as written when the run started. */
  targets: z.array(z.string()),
  /** The request budget asked for (null: the design's own phases); absent on older records. */
  requests: z.number().nullable().optional(),
});
export type RunProvenance = z.infer<typeof runProvenanceSchema>;

export const runLabelSchema = z.string().trim().min(1, 'a run needs a name').max(200);

/** What a run says when the host stopped or restarted before it finished (it ends as failed). */
export const RUN_INTERRUPTED = 'The server restarted before this run finished; run it again.';
