/**
 * Unit-bearing values of the design file: durations (`5m`, `250ms`), sizes (`256mb`, `1kb`) and
 * rates (`2000/s`, `30/min`). Parsers return plain numbers in the unit their name says, or an
 * error message naming what would be valid.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const DURATION_MS: Record<string, number> = {
  us: 0.001, ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000,
};
const SIZE_BYTES: Record<string, number> = {
  b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, k: 1000, m: 1000 ** 2, g: 1000 ** 3,
};
const RATE_PER_SEC: Record<string, number> = { s: 1, sec: 1, min: 1 / 60, m: 1 / 60, h: 1 / 3600 };

const NUMBER_WITH_UNIT = /^\s*(-?\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/;

/** `5m` → 300000. Redis-style size suffixes apply to sizes only; durations take us/ms/s/m/h/d. */
export function parseDurationMs(text: string): Parsed<number> {
  const match = NUMBER_WITH_UNIT.exec(text);
  const unit = match?.[2]?.toLowerCase() ?? '';
  if (!match || !(unit in DURATION_MS)) {
    return { ok: false, error: `"${text}" is not a duration; use a number with a unit: 250ms, 30s, 5m, 1h, 2d` };
  }
  const value = Number(match[1]) * DURATION_MS[unit];
  if (value < 0) return { ok: false, error: `"${text}" is negative; a duration is 0 or more (0 means none)` };
  return { ok: true, value };
}

/** The TTL cell value meaning "cache without expiry" (SET without EX; only eviction removes the key). */
export const TTL_NONE = 'none';

/** What a TTL cell may hold, for messages: every message about a bad TTL names all three forms. */
export const TTL_FORMS = 'a duration (250ms, 30s, 5m, 1h, 2d), 0s (do not cache) or none (cache without expiry)';

/**
 * A TTL cell of the matrix: `5m` → 300000, `0s` → 0 (do not cache), `none` → null (cache without
 * expiry). Errors name all three forms.
 */
export function parseTtlMs(text: string): Parsed<number | null> {
  if (text === TTL_NONE) return { ok: true, value: null };
  const trimmed = text.trim().toLowerCase();
  if (trimmed === TTL_NONE) return { ok: false, error: `"${text}" is not a TTL; did you mean none (lower case, no spaces)? A TTL is ${TTL_FORMS}` };
  const parsed = parseDurationMs(text);
  if (parsed.ok) return parsed;
  if (/^\s*-1\s*$/.test(text)) return { ok: false, error: `"${text}" is not a TTL: Redis's -1 (no expiry) is written none here; a TTL is ${TTL_FORMS}` };
  if (/^\s*-/.test(text)) return { ok: false, error: `"${text}" is negative; a TTL is ${TTL_FORMS}` };
  return { ok: false, error: `"${text}" is not a TTL; write ${TTL_FORMS}` };
}

/** `256mb` → 268435456. As in redis.conf: kb/mb/gb are powers of 1024, k/m/g powers of 1000. */
export function parseSizeBytes(text: string): Parsed<number> {
  const match = NUMBER_WITH_UNIT.exec(text);
  const unit = match?.[2]?.toLowerCase() ?? '';
  if (!match || !(unit in SIZE_BYTES)) {
    return { ok: false, error: `"${text}" is not a size; use a number with a unit: 512b, 64kb, 256mb, 2gb` };
  }
  const value = Math.round(Number(match[1]) * SIZE_BYTES[unit]);
  if (value < 0) return { ok: false, error: `"${text}" is negative; a size is 0 or more` };
  return { ok: true, value };
}

/** `2000/s` → 2000, `30/min` → 0.5. */
export function parseRatePerSec(text: string): Parsed<number> {
  const match = /^\s*(\d+(?:\.\d+)?)\s*\/\s*([a-zA-Z]+)\s*$/.exec(text);
  const unit = match?.[2]?.toLowerCase() ?? '';
  if (!match || !(unit in RATE_PER_SEC)) {
    return { ok: false, error: `"${text}" is not a rate; use requests per unit of time: 2000/s, 300/min` };
  }
  return { ok: true, value: Number(match[1]) * RATE_PER_SEC[unit] };
}

/** The shortest exact text for a duration: 300000 → `5m`, 1500 → `1500ms`. */
export function formatDurationMs(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms !== 0 && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** A TTL back to its cell text: null → `none`, otherwise the shortest exact duration. */
export function formatTtlMs(ms: number | null): string {
  return ms === null ? TTL_NONE : formatDurationMs(ms);
}

/** The shortest exact text for a size in Redis's binary units: 268435456 → `256mb`. */
export function formatSizeBytes(bytes: number): string {
  for (const [unit, size] of [['gb', 1024 ** 3], ['mb', 1024 ** 2], ['kb', 1024]] as const) {
    if (bytes !== 0 && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}b`;
}
