/**
 * What one decision sends to Redis, per algorithm: the fixed window is the guides' INCR (pipelined
 * with a PTTL for the reset time), then PEXPIREAT when the count is 1, in a second round trip; the
 * others are one EVALSHA of a Lua script (KEYS[1] the key; ARGV now in epoch ms, limit, period in
 * ms, and for the log a member) that replies [allowed, remaining, reset ms] and runs its commands
 * inside Redis (simulator/export/rate-limit-export.ts holds the scripts the exports send).
 */
import type { RateLimitAlgorithm } from '../model/rate-limit-schema';
import { EPOCH_MS } from './key-memory';

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

/** RESP size of a command: `*n`, then `$len` + bytes per argument. */
function respCommandBytes(argLengths: number[]): number {
  let total = 1 + digits(argLengths.length) + 2;
  for (const length of argLengths) total += 1 + digits(length) + 2 + length + 2;
  return total;
}

const INTEGER_REPLY_ONE = 4;

/** The RESP cost of one decision. */
export function commandCost(algorithm: RateLimitAlgorithm, keyBytes: number, params: { limit: number; periodMs: number },
  wrote: boolean, opened: boolean, count: number): CommandCost {
  if (algorithm === 'fixed-window') {
    // INCR and PTTL (for X-RateLimit-Reset) pipelined in one round trip; PTTL replies -1 or the ms left.
    const incr = respCommandBytes([4, keyBytes]) + respCommandBytes([4, keyBytes]);
    const incrReply = 1 + digits(count) + 2 + (opened ? 5 : 1 + digits(params.periodMs) + 2);
    if (!opened) return { commands: 2, roundTrips: 1, bytesSent: incr, bytesReceived: incrReply };
    const expire = respCommandBytes([9, keyBytes, digits(EPOCH_MS + params.periodMs)]);
    return { commands: 3, roundTrips: 2, bytesSent: incr + expire, bytesReceived: incrReply + INTEGER_REPLY_ONE };
  }
  const args = [7, 40, 1, keyBytes, digits(EPOCH_MS), digits(params.limit), digits(params.periodMs)];
  if (algorithm === 'sliding-log') args.push(digits(EPOCH_MS) + 1 + digits(count + 1));
  const reply = 4 + INTEGER_REPLY_ONE + (1 + digits(params.limit) + 2) + (1 + digits(params.periodMs) + 2);
  const inside = algorithm === 'sliding-log' ? (wrote ? 5 : 3)
    : algorithm === 'sliding-counter' ? (wrote ? 3 : 1)
      : algorithm === 'token-bucket' ? 3
        : wrote ? 2 : 1;
  return { commands: 1 + inside, roundTrips: 1, bytesSent: respCommandBytes(args), bytesReceived: reply };
}
