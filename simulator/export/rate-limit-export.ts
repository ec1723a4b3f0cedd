/**
 * The design's rate limiters as the exports need them: names per language, the key pattern's
 * parameter, limit and period, and the Lua each algorithm runs (the same text in the TypeScript and
 * Python modules). The commands are those simulator/ratelimit/ models and costs (commands.ts):
 * - fixed window: INCR and PTTL in one round trip, then PEXPIREAT at the window's end when the
 *   count is 1 (the guides' INCR + EXPIRE: two round trips, hence the race);
 * - sliding log: one Lua script (ZREMRANGEBYSCORE, ZCARD, ZADD + PEXPIRE when admitted, ZRANGE for
 *   the reset time);
 * - GCRA: one Lua script (GET the TAT, SET it PX when admitted).
 * The scripts' times are the caller's `now` (epoch ms), so a decision depends only on it.
 * Algorithms not exported yet are left out with a warning (EXPORTED_ALGORITHMS).
 */
import type { RateLimitAlgorithm, RateLimitSpec } from '../model/rate-limit-schema';
import { parseDurationMs, placeholders } from '../model';
import type { ExportFacts } from './facts';
import { must } from './facts';
import { camelName, constName, snakeName, uniqueNames } from './names';

export const EXPORTED_ALGORITHMS: ReadonlyArray<RateLimitAlgorithm> = ['fixed-window', 'sliding-log', 'gcra'];

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

/** The limiters the modules export (in design order), and a warning per limiter left out. */
export function limiterFacts(facts: ExportFacts): { limiters: LimiterFacts[]; skipped: string[] } {
  const specs = facts.design.rateLimits ?? [];
  const envs = uniqueNames(specs.map((s) => s.name), constName);
  const camels = uniqueNames(specs.map((s) => `rate-limit-${s.name}`), camelName);
  const snakes = uniqueNames(specs.map((s) => `rate-limit-${s.name}`), snakeName);
  const limiters: LimiterFacts[] = [];
  const skipped: string[] = [];
  specs.forEach((spec, i) => {
    if (!EXPORTED_ALGORITHMS.includes(spec.algorithm)) {
      skipped.push(`rate limiter "${spec.name}" (${spec.algorithm}) is not in the TypeScript and Python modules yet (exported: ${EXPORTED_ALGORITHMS.join(', ')})`);
      return;
    }
    limiters.push({
      spec, params: [...new Set(placeholders(spec.pattern))], periodMs: must(parseDurationMs(spec.period)),
      aligned: spec.window === 'aligned', env: envs[i], camel: camels[i], snake: snakes[i],
    });
  });
  return { limiters, skipped };
}

/**
 * Sliding-window log. KEYS[1] the key; ARGV now (epoch ms), limit, period (ms), member (`<now>-<seq>`).
 * Replies {allowed 0/1, remaining, reset epoch ms (when the oldest logged request leaves the window)}.
 */
export const SLIDING_LOG_LUA = `local key = KEYS[1]
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local period = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - period)
local count = redis.call('ZCARD', key)
local allowed = 0
if count < limit then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('PEXPIRE', key, period)
  count = count + 1
  allowed = 1
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
local reset = now + period
if oldest[2] then reset = tonumber(oldest[2]) + period end
return {allowed, limit - count, reset}`;

/**
 * GCRA. KEYS[1] the key; ARGV now (epoch ms), limit, period (ms). The TAT is written with 17
 * significant digits, so a fractional interval (period/limit) is kept exactly as the simulator's.
 * Replies {allowed, remaining (whole intervals left within the tolerance), reset (the TAT, ms)}.
 */
export const GCRA_LUA = `local key = KEYS[1]
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local period = tonumber(ARGV[3])
local interval = period / limit
local tat = tonumber(redis.call('GET', key) or now)
if tat < now then tat = now end
local allowed = 0
if tat + interval - now <= period then
  tat = tat + interval
  redis.call('SET', key, string.format('%.17g', tat), 'PX', math.ceil(tat - now))
  allowed = 1
end
return {allowed, math.floor((period - (tat - now)) / interval), math.ceil(tat)}`;

/** The Lua of a limiter's algorithm, with the name of its constant in the modules (none: fixed window). */
export function limiterLua(algorithm: RateLimitAlgorithm): { constant: string; lua: string } | undefined {
  if (algorithm === 'sliding-log') return { constant: 'SLIDING_LOG_LUA', lua: SLIDING_LOG_LUA };
  if (algorithm === 'gcra') return { constant: 'GCRA_LUA', lua: GCRA_LUA };
  return undefined;
}

/** One line describing a limiter, for a doc comment. */
export function limiterSummary(limiter: LimiterFacts): string {
  const { spec, periodMs } = limiter;
  const how = spec.algorithm === 'fixed-window'
    ? `fixed window opened ${limiter.aligned ? 'at multiples of the period' : 'by the first request'} (INCR, PEXPIREAT when the count is 1)`
    : spec.algorithm === 'sliding-log' ? 'sliding-window log (one Lua script over a sorted set)'
      : 'GCRA (one Lua script over the theoretical arrival time)';
  return `Limiter ${spec.name}: ${spec.pattern}, ${spec.limit} requests per ${periodMs} ms, ${how}`;
}
