/**
 * Unit-bearing scalar fields shared by the design schema. Each is a string with its unit in it
 * (`5m`, `256mb`, `2000/s`, `10%`); the JSON Schema carries the pattern so editors validate it too,
 * and the error message says what would be valid.
 */
import { z } from 'zod';
import { parseDurationMs, parseRatePerSec, parseSizeBytes, parseTtlMs, TTL_FORMS } from './units';

const DURATION_PATTERN = /^\d+(\.\d+)?(us|ms|s|sec|m|min|h|d)$/;
const TTL_PATTERN = new RegExp(`^(none|${DURATION_PATTERN.source.slice(1, -1)})$`);
const SIZE_PATTERN = /^\d+(\.\d+)?(b|kb|mb|gb|k|m|g|B|KB|MB|GB|K|M|G)$/;
const RATE_PATTERN = /^\d+(\.\d+)?\/(s|sec|min|m|h)$/;
const PERCENT_PATTERN = /^\d+(\.\d+)?%$/;

function messageFrom(parse: (text: string) => { ok: boolean; error?: string }, fallback: string) {
  return (issue: { input?: unknown }) => {
    if (typeof issue.input !== 'string') return `expected ${fallback}, got ${describe(issue.input)}`;
    const parsed = parse(issue.input);
    return parsed.ok ? `"${issue.input}" is not ${fallback}` : parsed.error;
  };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'number') return `the bare number ${value} (add a unit)`;
  return typeof value;
}

/** A duration such as `250ms`, `30s`, `5m`, `24h`; `0s` where "none" is meaningful. */
export const duration = z
  .string({ error: messageFrom(parseDurationMs, 'a duration like 30s or 5m') })
  .regex(DURATION_PATTERN, { error: messageFrom(parseDurationMs, 'a duration like 30s or 5m') })
  .meta({ examples: ['250ms', '30s', '5m', '24h'] });

/**
 * A TTL of the matrix: a duration (`5m`), `0s` (do not cache: reads go to the origin) or `none`
 * (cache without expiry: SET without EX, only maxmemory eviction removes the key).
 */
export const ttl = z
  .string({
    error: (issue) => (issue.input === -1
      ? `expected a TTL, got the bare number -1: Redis's -1 (no expiry) is written none here; a TTL is ${TTL_FORMS}`
      : `expected a TTL, got ${describe(issue.input)}; a TTL is ${TTL_FORMS}`),
  })
  .regex(TTL_PATTERN, { error: messageFrom(parseTtlMs, `a TTL; write ${TTL_FORMS}`) })
  .meta({ examples: ['5m', '30s', '24h', '0s', 'none'] });

/** A size in Redis's units: `512b`, `64kb`, `256mb`, `2gb` (powers of 1024; k/m/g are powers of 1000). */
export const size = z
  .string({ error: messageFrom(parseSizeBytes, 'a size like 512b or 256mb') })
  .regex(SIZE_PATTERN, { error: messageFrom(parseSizeBytes, 'a size like 512b or 256mb') })
  .meta({ examples: ['512b', '64kb', '256mb'] });

/** A rate: `2000/s`, `300/min`. */
export const rate = z
  .string({ error: messageFrom(parseRatePerSec, 'a rate like 2000/s') })
  .regex(RATE_PATTERN, { error: messageFrom(parseRatePerSec, 'a rate like 2000/s') })
  .meta({ examples: ['2000/s', '300/min'] });

/** A percentage: `10%`, `2.5%`, between 0 % and 100 %. */
export const percent = z
  .string({ error: (issue) => `expected a percentage like 10%, got ${describe(issue.input)}` })
  .regex(PERCENT_PATTERN, { error: (issue) => `"${String(issue.input)}" is not a percentage; write it like 10% or 2.5%` })
  .refine((text) => Number.parseFloat(text) <= 100, { error: (issue) => `"${String(issue.input)}" is over 100%` });

/** A name made of letters, digits, `-`, `_` and `.`, used for namespaces, classes and environments. */
export const identifier = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, {
    error: (issue) => `"${String(issue.input)}" is not a valid name; use letters, digits, - _ . (starting with a letter, at most 64)`,
  });

/** A numeric distribution of a unit-bearing quantity (sizes or durations). */
export function distributionOf(scalar: z.ZodString) {
  return z.union([
    scalar,
    z.object({ dist: z.literal('fixed'), value: scalar }).strict(),
    z.object({ dist: z.literal('uniform'), min: scalar, max: scalar }).strict(),
    z.object({ dist: z.literal('normal'), mean: scalar, stddev: scalar }).strict(),
    z.object({ dist: z.literal('lognormal'), p50: scalar, p99: scalar }).strict(),
    z.object({ dist: z.literal('exponential'), mean: scalar }).strict(),
  ]);
}
