/**
 * The design's rate limiters as the exports need them: names per language, the key pattern's
 * parameter, limit and period. The commands and the Lua each algorithm runs are those
 * simulator/ratelimit/commands.ts defines (one text for the simulator's model, the TypeScript and
 * Python modules and the live engine):
 * - fixed window: INCR and PTTL in one round trip, then PEXPIRE (what is left of the window) when
 *   the count is 1 (the guides' INCR + EXPIRE: two round trips, hence the race);
 * - sliding log, sliding counter, token bucket, GCRA: one Lua script each.
 * The scripts' decisions depend only on the caller's `now` (epoch ms).
 */
import type { RateLimitSpec } from '../model/rate-limit-schema';
import { parseDurationMs, placeholders } from '../model';
import type { ExportFacts } from './facts';
import { must } from './facts';
import { camelName, constName, snakeName, uniqueNames } from './names';
export { limiterLua } from '../ratelimit/commands';

export interface LimiterFacts {
  spec: RateLimitSpec;
  /** Distinct placeholders of the pattern, in order (normally one: the client). */
  params: string[];
  periodMs: number;
  aligned: boolean;
  env: string;
  camel: string;
  snake: string;
}

/** The limiters the modules export, in design order. */
export function limiterFacts(facts: ExportFacts): LimiterFacts[] {
  const specs = facts.design.rateLimits ?? [];
  const envs = uniqueNames(specs.map((s) => s.name), constName);
  const camels = uniqueNames(specs.map((s) => `rate-limit-${s.name}`), camelName);
  const snakes = uniqueNames(specs.map((s) => `rate-limit-${s.name}`), snakeName);
  return specs.map((spec, i) => ({
    spec, params: [...new Set(placeholders(spec.pattern))], periodMs: must(parseDurationMs(spec.period)),
    aligned: spec.window === 'aligned', env: envs[i], camel: camels[i], snake: snakes[i],
  }));
}

const HOW: Record<RateLimitSpec['algorithm'], string> = {
  'fixed-window': '',
  'sliding-log': 'sliding-window log (one Lua script over a sorted set)',
  'sliding-counter': 'sliding-window counter (one Lua script over a hash of two windows\' counts)',
  'token-bucket': 'token bucket (one Lua script over a hash of micro-tokens and the last refill)',
  gcra: 'GCRA (one Lua script over the theoretical arrival time)',
};

/** One line describing a limiter, for a doc comment. */
export function limiterSummary(limiter: LimiterFacts): string {
  const { spec, periodMs } = limiter;
  const how = spec.algorithm === 'fixed-window'
    ? `fixed window opened ${limiter.aligned ? 'at multiples of the period' : 'by the first request'} (INCR, PEXPIRE when the count is 1)`
    : HOW[spec.algorithm];
  return `Limiter ${spec.name}: ${spec.pattern}, ${spec.limit} requests per ${periodMs} ms, ${how}`;
}
