import { describe, expect, it } from 'vitest';
import { formatList } from './list';
import { formatBits, formatBytes, formatCount, formatDelta, formatDuration, formatMs, formatPercent, formatRate } from './units';

describe('formatters', () => {
  it('writes ratios as percentages with one decimal', () => {
    expect(formatPercent(0.8523)).toBe('85.2 %');
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
  });

  it('picks the latency unit a person reads fastest', () => {
    expect(formatMs(0.3)).toBe('300 µs');
    expect(formatMs(42.25)).toBe('42.3 ms');
    expect(formatMs(1500)).toBe('1.50 s');
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(95_000)).toBe('1 min 35 s');
  });

  it('writes sizes in binary units like redis.conf', () => {
    expect(formatBytes(256 * 1024 * 1024)).toBe('256 MB');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(12)).toBe('12 B');
  });

  it('groups counts and compacts large ones on request', () => {
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(1_500_000, true)).toBe('1.5 M');
    expect(formatRate(1234.5)).toBe('1,235/s');
    expect(formatRate(0.5)).toBe('0.5/s');
    expect(formatBits(12e6)).toBe('12 Mbit/s');
  });

  it('writes durations and deltas with a sign', () => {
    expect(formatDuration(3_600_000)).toBe('1 h 0 min');
    expect(formatDuration(4_000)).toBe('4 s');
    expect(formatDelta(0.032, 'pp')).toBe('+3.2 pp');
    expect(formatDelta(-12, 'ms')).toBe('−12 ms');
    expect(formatDelta(0, 'count')).toBe('±0');
  });

  it('joins a list as a sentence would', () => {
    expect(formatList([0])).toBe('0');
    expect(formatList([0, 1])).toBe('0 and 1');
    expect(formatList([0, 1, 2])).toBe('0, 1 and 2');
  });
});
