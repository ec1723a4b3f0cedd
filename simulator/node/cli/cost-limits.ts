/**
 * The CLI's side of run costs: `--max-requests N` and `--max-memory SIZE` raise the limits a plan
 * is held to before it runs (run, validate, compare, fidelity); over them the command stops with
 * the numbers before doing any work.
 */
import { parseSizeBytes } from '../../model';
import type { CostLimits, RunPlan } from '../../run';
import { costProblems, DEFAULT_COST_LIMITS, estimateCost } from '../../run';
import type { ParsedArgs } from './args';
import { flag, UsageError } from './args';

export const COST_FLAGS = { 'max-requests': { value: true }, 'max-memory': { value: true } } as const;

/** The limits of this command line: the defaults, raised (or lowered) by the flags. */
export function costLimitsOf(args: ParsedArgs): CostLimits {
  const limits = { ...DEFAULT_COST_LIMITS };
  const requests = flag(args, 'max-requests');
  if (requests !== undefined) {
    const value = Number(requests.replace(/_/g, ''));
    if (!(Number.isFinite(value) && value >= 1)) throw new UsageError(`--max-requests ${requests}: expected a number of requests such as 5e9`);
    limits.maxRequests = value;
  }
  const memory = flag(args, 'max-memory');
  if (memory !== undefined) {
    const parsed = parseSizeBytes(memory);
    if (!parsed.ok || parsed.value <= 0) throw new UsageError(`--max-memory ${memory}: expected a size such as 8gb`);
    limits.maxSimMemoryBytes = parsed.value;
  }
  return limits;
}

/** Throws a UsageError naming every limit the plan is over. */
export function assertAffordable(plan: RunPlan, limits: CostLimits, label: string): void {
  const problems = costProblems(estimateCost(plan), limits);
  if (problems.length > 0) throw new UsageError(`${label}: ${problems.join('; ')}`);
}
