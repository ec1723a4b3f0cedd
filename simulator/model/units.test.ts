import { describe, expect, it } from 'vitest';
import { formatDurationMs, formatSizeBytes, parseDurationMs, parseRatePerSec, parseSizeBytes } from './units';

describe('units', () => {
  it('parses durations with every unit into milliseconds', () => {
    expect(parseDurationMs('5m')).toEqual({ ok: true, value: 300_000 });
    expect(parseDurationMs('250ms')).toEqual({ ok: true, value: 250 });
    expect(parseDurationMs('1.5s')).toEqual({ ok: true, value: 1500 });
    expect(parseDurationMs('24h')).toEqual({ ok: true, value: 86_400_000 });
    expect(parseDurationMs('0s')).toEqual({ ok: true, value: 0 });
  });

  it('rejects a negative TTL and a unitless number with a message naming valid forms', () => {
    const negative = parseDurationMs('-5m');
    expect(negative.ok).toBe(false);
    if (!negative.ok) expect(negative.error).toContain('negative');
    const bare = parseDurationMs('300');
    expect(bare.ok).toBe(false);
    if (!bare.ok) expect(bare.error).toMatch(/250ms, 30s, 5m/);
  });

  it('parses sizes the way redis.conf does (kb = 1024, k = 1000)', () => {
    expect(parseSizeBytes('256mb')).toEqual({ ok: true, value: 268_435_456 });
    expect(parseSizeBytes('1k')).toEqual({ ok: true, value: 1000 });
    expect(parseSizeBytes('512b')).toEqual({ ok: true, value: 512 });
    expect(parseSizeBytes('12 parsecs').ok).toBe(false);
  });

  it('parses rates per second and per minute', () => {
    expect(parseRatePerSec('2000/s')).toEqual({ ok: true, value: 2000 });
    expect(parseRatePerSec('30/min')).toEqual({ ok: true, value: 0.5 });
    expect(parseRatePerSec('2000').ok).toBe(false);
  });

  it('formats back to the shortest exact text', () => {
    expect(formatDurationMs(300_000)).toBe('5m');
    expect(formatDurationMs(1500)).toBe('1500ms');
    expect(formatSizeBytes(268_435_456)).toBe('256mb');
    expect(formatSizeBytes(1000)).toBe('1000b');
  });
});
