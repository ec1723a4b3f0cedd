/**
 * The TypeScript module's rate limiters (ioredis): one function per exported limiter deciding a
 * request at `nowMs` (default Date.now()) with exactly the commands simulator/ratelimit models,
 * and the X-RateLimit-* header values of its decision. Empty when the design has no limiters.
 */
import type { ExportFacts } from './facts';
import { tsTemplate } from './key-template';
import { commentSafe, quote, safeIdentifier } from './names';
import type { LimiterFacts } from './rate-limit-export';
import { limiterFacts, limiterLua, limiterSummary } from './rate-limit-export';

export function tsRateLimits(facts: ExportFacts): string {
  const limiters = limiterFacts(facts);
  if (limiters.length === 0) return '';
  const scripts = [...new Map(limiters.flatMap((l) => { const lua = limiterLua(l.spec.algorithm); return lua ? [[lua.constant, lua.lua] as const] : []; })).entries()];
  const usesLog = limiters.some((l) => l.spec.algorithm === 'sliding-log');
  return [`/** A rate limiter's decision: admitted or not, and the X-RateLimit-* values. */
export interface RateLimitDecision {
  allowed: boolean;
  /** X-RateLimit-Limit: requests allowed per period. */
  limit: number;
  /** X-RateLimit-Remaining: requests left in the current window. */
  remaining: number;
  /** When the limit resets, in epoch ms (-1: the counter has no expiry, its EXPIRE was lost). */
  resetMs: number;
}

/** The design's limiters (RATE_LIMIT_CALLS and RATE_LIMIT_PERIOD in ms). */
export const RATE_LIMITS = {
${limiters.map((l) => `  ${quote(l.spec.name)}: { pattern: ${quote(l.spec.pattern)}, algorithm: ${quote(l.spec.algorithm)}, limit: ${l.spec.limit}, periodMs: ${l.periodMs} },`).join('\n')}
} as const;

let decisionHook: ((limiter: string, decision: RateLimitDecision) => void) | undefined;

/**
 * Calls \`hook\` with every decision of every limiter (its name, as in RATE_LIMITS): count
 * keyspace_rate_limit_requests_total{limiter} and, when not allowed,
 * keyspace_rate_limit_refused_total{limiter} there — alerts.rules.yml reads them. undefined removes it.
 */
export function onRateLimitDecision(hook: ((limiter: string, decision: RateLimitDecision) => void) | undefined): void {
  decisionHook = hook;
}

function decided(limiter: string, decision: RateLimitDecision): RateLimitDecision {
  decisionHook?.(limiter, decision);
  return decision;
}

/** The response headers of a decision; X-RateLimit-Reset in epoch seconds (rounded up). */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(decision.limit),
    'X-RateLimit-Remaining': String(decision.remaining),
    'X-RateLimit-Reset': String(decision.resetMs < 0 ? -1 : Math.ceil(decision.resetMs / 1000)),
  };
}`, ...scripts.map(([constant, lua]) => `/** The Lua of ${constant.replace(/_LUA$/, '').toLowerCase().replace(/_/g, ' ')} limiters (KEYS[1]; ARGV now ms, limit, period ms${constant === 'SLIDING_LOG_LUA' ? ', member' : ''}). */\nexport const ${constant} = ${quote(lua)};`),
  scripts.length ? EVAL_HELPER : '', usesLog ? 'let logSequence = 0;' : '', ...limiters.map(limiterFunction)].filter(Boolean).join('\n\n');
}

const EVAL_HELPER = `const scriptShas = new WeakMap<Client, Map<string, string>>();

/** EVALSHA of the script, loading it (SCRIPT LOAD) on first use and after a NOSCRIPT. */
async function evalScript(client: Client, lua: string, key: string, args: Array<string | number>): Promise<number[]> {
  const shas = scriptShas.get(client) ?? new Map<string, string>();
  scriptShas.set(client, shas);
  let sha = shas.get(lua);
  for (let attempt = 0; ; attempt++) {
    if (sha === undefined) {
      sha = String(await client.script('LOAD', lua));
      shas.set(lua, sha);
    }
    try {
      return (await client.evalsha(sha, 1, key, ...args)) as number[];
    } catch (error) {
      if (attempt > 0 || !String(error).includes('NOSCRIPT')) throw error;
      sha = undefined;
    }
  }
}`;

function limiterFunction(limiter: LimiterFacts): string {
  const { spec, periodMs } = limiter;
  const params = limiter.params.map((p) => `${safeIdentifier(p)}: string | number`);
  const signature = `client: Client, ${[...params, 'nowMs: number = Date.now()'].join(', ')}`;
  const key = `const key = ${tsTemplate(spec.pattern, safeIdentifier)};`;
  const doc = `/** ${commentSafe(limiterSummary(limiter))}. */`;
  const head = `${doc}\nexport async function ${limiter.camel}(${signature}): Promise<RateLimitDecision> {\n  ${key}`;
  const script = limiterLua(spec.algorithm);
  if (script) {
    const member = spec.algorithm === 'sliding-log' ? ', `${nowMs}-${++logSequence}`' : '';
    return `${head}
  const [allowed, remaining, resetMs] = await evalScript(client, ${script.constant}, key, [nowMs, ${spec.limit}, ${periodMs}${member}]);
  return decided(${quote(spec.name)}, { allowed: allowed === 1, limit: ${spec.limit}, remaining: Number(remaining), resetMs: Number(resetMs) });
}`;
  }
  const end = limiter.aligned ? `(Math.floor(nowMs / ${periodMs}) + 1) * ${periodMs}` : `nowMs + ${periodMs}`;
  return `${head}
  const replies = (await client.pipeline().incr(key).pttl(key).exec()) ?? [];
  for (const [error] of replies) if (error) throw error;
  const count = Number(replies[0]?.[1]);
  const pttl = Number(replies[1]?.[1]);
  let resetMs = pttl >= 0 ? nowMs + pttl : -1;
  if (count === 1) {
    resetMs = ${end};
    await client.pexpire(key, resetMs - nowMs);
  }
  return decided(${quote(spec.name)}, { allowed: count <= ${spec.limit}, limit: ${spec.limit}, remaining: Math.max(0, ${spec.limit} - count), resetMs });
}`;
}
