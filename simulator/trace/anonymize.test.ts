import { describe, expect, it } from 'vitest';
import { anonymizeKey, recordsToJsonl } from './anonymize';
import { JsonlTraceReader } from './jsonl';
import { MonitorReader } from './monitor';
import { formatMonitorLine } from './monitor-line';

/** A stand-in for the CLI's HMAC: deterministic hex from the text. */
function fakeHash(segment: string): string {
  let h = 2166136261;
  for (const ch of segment) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h.toString(16).padStart(8, '0').repeat(8);
}

describe('anonymizeKey', () => {
  it('hashes identifiers and keeps the namespace words and separators', () => {
    const a = anonymizeKey('user:8812:profile', fakeHash);
    expect(a).toMatch(/^user:[0-9a-f]{16}:profile$/);
    expect(anonymizeKey('user:8812:profile', fakeHash)).toBe(a);
    expect(anonymizeKey('user:8813:profile', fakeHash)).not.toBe(a);
    expect(anonymizeKey('room:{42}:members', fakeHash)).toMatch(/^room:\{[0-9a-f]{16}\}:members$/);
    expect(anonymizeKey('mail:bob@example.com', fakeHash)).toMatch(/^mail:[0-9a-f]{16}$/);
    expect(anonymizeKey('user:alice:cart', fakeHash)).toBe('user:alice:cart');
    expect(anonymizeKey('user:alice:cart', fakeHash, { strict: true })).toMatch(/^user:[0-9a-f]{16}:[0-9a-f]{16}$/);
  });

  it('writes JSONL that reads back to the same records, values dropped and sizes kept', () => {
    const t = 1_700_000_000_000_000;
    const text = [
      formatMonitorLine(t, 0, '10.0.0.1:1', ['SET', 'user:1', 'x'.repeat(700), 'EX', '60']),
      formatMonitorLine(t + 1000, 2, '10.0.0.2:2', ['GETSET', 'user:1', 'yy']),
      formatMonitorLine(t + 2000, 0, '10.0.0.1:1', ['HSET', 'h:1', 'f', 'v']),
      formatMonitorLine(t + 3000, 0, '10.0.0.1:1', ['PEXPIRE', 'h:1', '900']),
      formatMonitorLine(t + 4000, 0, '10.0.0.1:1', ['PERSIST', 'h:1']),
      formatMonitorLine(t + 5000, 0, '10.0.0.1:1', ['UNLINK', 'user:1', 'h:1']),
    ].join('\n');
    const monitor = new MonitorReader();
    const count = monitor.parse(new TextEncoder().encode(text)) ;
    const records = (reader: MonitorReader | JsonlTraceReader, n: number): string[] => {
      const b = reader.batch;
      return Array.from({ length: n }, (_, i) => `${b.timeUs[i] - (reader === monitor ? t : 0)} ${b.op[i]} ${b.valueBytes[i]} ${b.ttlMs[i]} ${b.db[i]} ${b.clientId[i]}`);
    };
    const before = records(monitor, count);
    const jsonl = recordsToJsonl(monitor.batch, count, (id) => anonymizeKey(monitor.keys.keyOf(id), fakeHash), t);
    expect(jsonl).not.toContain('xxx');
    expect(jsonl).not.toContain('user:1');
    const reader = new JsonlTraceReader();
    const n = reader.parse(new TextEncoder().encode(jsonl));
    expect(records(reader, n)).toEqual(before);
    // user:1 in DB 0 and in DB 2 are two keys, as in Redis.
    expect(reader.keys.size).toBe(3);
  });
});
