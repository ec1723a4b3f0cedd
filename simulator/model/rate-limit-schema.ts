/**
 * Rate limiters of a design (`rateLimits`) and the abusive traffic that tests them
 * (`traffic.abusive`): what each limiter is keyed by, its client population, limit, period and
 * algorithm. Their keys live in the same Redis as the cache (same maxmemory, policy, eviction).
 */
import { z } from 'zod';
import { duration, identifier, percent } from './fields';
import { keySkew } from './skew';
import type { DesignIssue } from './semantic';
import { patternShape, patternToRegExp, placeholderError, renderKey } from './patterns';
import { parseDurationMs } from './units';

export const RATE_LIMIT_ALGORITHMS = ['fixed-window', 'sliding-log', 'sliding-counter', 'token-bucket', 'gcra'] as const;
export type RateLimitAlgorithm = (typeof RATE_LIMIT_ALGORITHMS)[number];

const algorithm = z.enum(RATE_LIMIT_ALGORITHMS, {
  error: (issue) => `"${String(issue.input)}" is not a rate-limit algorithm; valid: ${RATE_LIMIT_ALGORITHMS.join(', ')}`,
});

export const rateLimitSchema = z.object({
  name: identifier,
  pattern: z.string().min(1).describe('key pattern with one placeholder taking the client, e.g. rate_limit:{ip}'),
  keyedBy: z.enum(['ip', 'user', 'apiKey', 'endpoint']).default('ip').describe('what a client is'),
  clients: z.number().int().min(1, 'a limiter needs at least one client').max(10_000_000, 'at most 10 million clients per limiter')
    .describe('how many distinct clients (IPs, users, …) send requests'),
  skew: keySkew.default({ dist: 'uniform' }).describe('how requests spread over the clients, as a namespace\'s keys'),
  limit: z.number().int().min(1, 'a limit of 0 refuses every request; give the requests allowed per period (e.g. 100)')
    .max(1_000_000, 'at most 1,000,000 requests per period'),
  period: duration.describe('the window, e.g. 60s (RATE_LIMIT_PERIOD)'),
  algorithm,
  window: z.enum(['first-request', 'aligned']).default('first-request')
    .describe('fixed-window only: the window opens at the first request (INCR then EXPIRE, the guides\') or at multiples of the period'),
  race: z.boolean().default(false)
    .describe('fixed-window only: INCR and EXPIRE are two round trips, and the EXPIRE is sometimes lost (a crash between them): the counter never expires'),
  shadow: z.boolean().default(false)
    .describe('decide and count without refusing (a dry run): compares algorithms on the same requests'),
  raceLoss: percent.default('1%').describe('with race: true, the share of window-opening INCRs whose EXPIRE is lost'),
  description: z.string().optional(),
}).strict();

/** Clients that send over their limit; with edgeBursts, only around the edges of each limiter's period. */
export const abusiveTrafficSchema = z.object({
  clients: percent.describe('share of each limiter\'s clients that are abusive'),
  rateMultiple: z.number().min(1, 'an abusive client sends at least as much as a normal one (rateMultiple ≥ 1)').max(10_000)
    .describe('how many times the mean client\'s rate an abusive client sends'),
  edgeBursts: duration.optional()
    .describe('abusive clients send only within this distance of a window edge (multiples of the period from the start)'),
}).strict();

export type RateLimitSpec = z.infer<typeof rateLimitSchema>;
export type AbusiveTrafficSpec = z.infer<typeof abusiveTrafficSchema>;

interface DesignPart {
  namespaces: ReadonlyArray<{ name: string; pattern: string }>;
  rateLimits?: ReadonlyArray<RateLimitSpec>;
  traffic: { abusive?: AbusiveTrafficSpec };
}

/** Checks across limiters and namespaces: unique names, a placeholder, no key shared with a namespace. */
export function checkRateLimits(design: DesignPart): DesignIssue[] {
  const issues: DesignIssue[] = [];
  const names = new Set<string>();
  const patterns = new Map<string, string>();
  if (design.traffic.abusive && !design.rateLimits?.length) {
    issues.push({ path: ['traffic', 'abusive'], message: 'abusive clients are clients of a rate limiter: add a rateLimits section, or remove traffic.abusive' });
  }
  (design.rateLimits ?? []).forEach((limiter, i) => {
    const at = (field: string): Array<string | number> => ['rateLimits', i, field];
    if (names.has(limiter.name)) issues.push({ path: at('name'), message: `limiter "${limiter.name}" is defined twice` });
    names.add(limiter.name);
    const broken = placeholderError(limiter.pattern);
    if (broken) {
      issues.push({ path: at('pattern'), message: broken });
      return;
    }
    if (patternShape(limiter.pattern).placeholderCount === 0 && limiter.clients > 1) {
      issues.push({ path: at('pattern'), message: `pattern "${limiter.pattern}" has no placeholder, so all ${limiter.clients} clients would share one counter; add one (e.g. "${limiter.pattern}:{${limiter.keyedBy}}")` });
    }
    const clash = design.namespaces.find((ns) => patternsCollide(ns.pattern, limiter.pattern));
    if (clash) {
      issues.push({ path: at('pattern'), message: `pattern "${limiter.pattern}" names keys of namespace "${clash.name}" ("${clash.pattern}"): the limiter would overwrite cached values; give it its own prefix, e.g. "rate_limit:{${limiter.keyedBy}}"` });
    }
    const other = patterns.get(limiter.pattern);
    if (other !== undefined) issues.push({ path: at('pattern'), message: `pattern "${limiter.pattern}" is also limiter "${other}"'s; two limiters would share counters` });
    else patterns.set(limiter.pattern, limiter.name);
    if (limiter.algorithm !== 'fixed-window' && (limiter.race || limiter.window !== 'first-request')) {
      issues.push({ path: at(limiter.race ? 'race' : 'window'), message: `${limiter.race ? 'race' : 'window'} applies to fixed-window only, not ${limiter.algorithm}` });
    }
    const periodMs = parseDurationMs(limiter.period);
    if (periodMs.ok && periodMs.value < 1) issues.push({ path: at('period'), message: `period ${limiter.period} is under 1 ms; Redis expiries have millisecond resolution` });
  });
  return issues;
}

/** Whether two key patterns can render the same key (either matches a sample key of the other). */
function patternsCollide(a: string, b: string): boolean {
  return patternToRegExp(a).test(renderKey(b, 1)) || patternToRegExp(b).test(renderKey(a, 1))
    || patternToRegExp(a).test(renderKey(b, 0)) || a === b;
}
