/**
 * What one decision sends to Redis, per algorithm, and the Lua the scripted ones run — the one
 * text the exported modules (simulator/export/rate-limit-export.ts) and the live engine send:
 * - fixed window: the guides' INCR (pipelined with a PTTL for the reset time), then PEXPIRE for
 *   what is left of the window when the count is 1, in a second round trip (hence the race);
 * - the others: one EVALSHA (KEYS[1] the key; ARGV now in epoch ms, limit, period in ms, and for
 *   the log a member) replying {allowed 0/1, remaining, reset epoch ms}, its commands inside Redis.
 * Every expiry is relative (PEXPIRE, PX) and every decision reads the caller's `now` only, so a
 * run on virtual time decides as the simulator does; Redis's own clock only expires the keys.
 */
import type { RateLimitAlgorithm } from '../model/rate-limit-schema';
import { EPOCH_MS } from './key-memory';

/**
 * Sliding-window log. ARGV[4] is the member (`<now>-<seq>`). Reset: when the oldest logged
 * request leaves the window.
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
 * GCRA. The TAT is written with 17 significant digits, so a fractional interval (period/limit) is
 * kept exactly as the simulator's. Remaining: whole intervals left within the tolerance; reset: the TAT.
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

/**
 * Sliding-window counter over a hash {<window index>: count} (index = floor(now / period)).
 * Admitted while previous × (1 − elapsed/period) + current < limit, then HINCRBY the current
 * window. The first admission of a window drops the stale fields: DEL the key when the previous
 * window has no field (all fields are older), else HDEL the window before it; so the hash holds at
 * most the current and previous windows. Remaining: admissions left at this instant; reset: the
 * current window's end.
 */
export const SLIDING_COUNTER_LUA = `local key = KEYS[1]
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local period = tonumber(ARGV[3])
local window = math.floor(now / period)
local counts = redis.call('HMGET', key, window - 1, window)
local previous = tonumber(counts[1]) or 0
local current = tonumber(counts[2]) or 0
local weight = 1 - (now - window * period) / period
local allowed = 0
if previous * weight + current < limit then
  if current == 0 then
    if previous == 0 then redis.call('DEL', key) else redis.call('HDEL', key, window - 2) end
  end
  current = redis.call('HINCRBY', key, window, 1)
  redis.call('PEXPIRE', key, 2 * period)
  allowed = 1
end
return {allowed, math.max(0, math.ceil(limit - (previous * weight + current))), (window + 1) * period}`;

/**
 * Token bucket over a hash {tokens, ts}: tokens in integer micro-tokens (1 token = 1 000 000), so
 * Redis stores an integer and the refill is exact integer arithmetic; ts the last decision's time.
 * Refill floor(elapsed × capacity / period), capped at capacity; a request takes 1 000 000. Every
 * decision writes both fields and PEXPIREs the key when the bucket is full again (a missing key is
 * a full bucket). Remaining: whole tokens left; reset: when the bucket is full again.
 */
export const TOKEN_BUCKET_LUA = `local key = KEYS[1]
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local period = tonumber(ARGV[3])
local capacity = limit * 1000000
local state = redis.call('HMGET', key, 'tokens', 'ts')
local tokens = capacity
if state[1] then
  local elapsed = math.max(0, now - tonumber(state[2]))
  tokens = math.min(capacity, tonumber(state[1]) + math.floor(elapsed * capacity / period))
end
local allowed = 0
if tokens >= 1000000 then
  tokens = tokens - 1000000
  allowed = 1
end
local ttl = math.ceil((capacity - tokens) * period / capacity)
redis.call('HSET', key, 'tokens', tokens, 'ts', string.format('%.17g', now))
redis.call('PEXPIRE', key, ttl)
return {allowed, math.floor(tokens / 1000000), math.ceil(now + ttl)}`;

/** One micro-token: the token bucket's unit in Redis. */
export const MICRO_TOKENS = 1_000_000;

/** The Lua of a scripted algorithm and the name of its constant in the modules (none: fixed window). */
export function limiterLua(algorithm: RateLimitAlgorithm): { constant: string; lua: string } | undefined {
  switch (algorithm) {
    case 'sliding-log': return { constant: 'SLIDING_LOG_LUA', lua: SLIDING_LOG_LUA };
    case 'sliding-counter': return { constant: 'SLIDING_COUNTER_LUA', lua: SLIDING_COUNTER_LUA };
    case 'token-bucket': return { constant: 'TOKEN_BUCKET_LUA', lua: TOKEN_BUCKET_LUA };
    case 'gcra': return { constant: 'GCRA_LUA', lua: GCRA_LUA };
    case 'fixed-window': return undefined;
  }
}

/**
 * The commands (as INFO latencystats names them) an algorithm's decisions run, those inside its
 * script included: each gets a latency histogram on the server at its first call.
 */
export function limiterCommandNames(algorithm: RateLimitAlgorithm): string[] {
  switch (algorithm) {
    case 'fixed-window': return ['incr', 'pttl', 'pexpire'];
    case 'sliding-log': return ['script|load', 'evalsha', 'zremrangebyscore', 'zcard', 'zadd', 'pexpire', 'zrange'];
    case 'sliding-counter': return ['script|load', 'evalsha', 'hmget', 'hincrby', 'pexpire', 'del', 'hdel'];
    case 'token-bucket': return ['script|load', 'evalsha', 'hmget', 'hset', 'pexpire'];
    case 'gcra': return ['script|load', 'evalsha', 'get', 'set'];
  }
}

export interface CommandCost {
  /** Commands Redis runs (EVALSHA and the calls inside it count, as INFO commandstats does). */
  commands: number;
  roundTrips: number;
  bytesSent: number;
  bytesReceived: number;
}

function digits(value: number): number {
  return String(Math.max(0, Math.round(value))).length;
}

/** RESP size of a command: `*n`, then `$len` + bytes per argument (the live limiters' too). */
export function respCommandBytes(argLengths: number[]): number {
  let total = 1 + digits(argLengths.length) + 2;
  for (const length of argLengths) total += 1 + digits(length) + 2 + length + 2;
  return total;
}

const INTEGER_REPLY_ONE = 4;

/** What one decision did, for its cost. */
export interface DecisionShape {
  /** It wrote the key. */
  wrote: boolean;
  /** It opened a window (fixed window: the count is 1; sliding counter: the window's first admission). */
  opened: boolean;
  /** Fixed window: the count INCR replied. */
  count: number;
  /** Fixed window when opened: the PEXPIRE in ms. */
  ttlMs: number;
}

/** The RESP cost of one decision. */
export function commandCost(algorithm: RateLimitAlgorithm, keyBytes: number, params: { limit: number; periodMs: number }, shape: DecisionShape): CommandCost {
  const { wrote, opened, count } = shape;
  if (algorithm === 'fixed-window') {
    // INCR and PTTL (for X-RateLimit-Reset) pipelined in one round trip; PTTL replies -1 or the ms left.
    const incr = respCommandBytes([4, keyBytes]) + respCommandBytes([4, keyBytes]);
    const incrReply = 1 + digits(count) + 2 + (opened ? 5 : 1 + digits(params.periodMs) + 2);
    if (!opened) return { commands: 2, roundTrips: 1, bytesSent: incr, bytesReceived: incrReply };
    const expire = respCommandBytes([7, keyBytes, digits(shape.ttlMs)]);
    return { commands: 3, roundTrips: 2, bytesSent: incr + expire, bytesReceived: incrReply + INTEGER_REPLY_ONE };
  }
  const args = [7, 40, 1, keyBytes, digits(EPOCH_MS), digits(params.limit), digits(params.periodMs)];
  if (algorithm === 'sliding-log') args.push(digits(EPOCH_MS) + 1 + digits(count + 1));
  // *3, allowed, remaining, the reset time in epoch ms.
  const reply = 4 + INTEGER_REPLY_ONE + (1 + digits(params.limit) + 2) + (1 + digits(EPOCH_MS) + 2);
  const inside = algorithm === 'sliding-log' ? (wrote ? 5 : 3)
    : algorithm === 'sliding-counter' ? (wrote ? (opened ? 4 : 3) : 1)
      : algorithm === 'token-bucket' ? 3
        : wrote ? 2 : 1;
  return { commands: 1 + inside, roundTrips: 1, bytesSent: respCommandBytes(args), bytesReceived: reply };
}
