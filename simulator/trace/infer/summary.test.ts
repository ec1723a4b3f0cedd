import { describe, expect, it } from 'vitest';
import { MonitorReader } from '../monitor';
import { formatMonitorLine } from '../monitor-line';
import { TraceProfile } from './profile';
import { summarizeProfile } from './summary';

function profileOf(lines: string[]): TraceProfile {
  const reader = new MonitorReader();
  const profile = new TraceProfile(reader.keys);
  profile.add(reader.batch, reader.parse(new TextEncoder().encode(`${lines.join('\n')}\n`)));
  profile.add(reader.batch, reader.end());
  return profile;
}

describe('summarizeProfile', () => {
  it('counts records by command and kind, mines namespaces, and measures key and value sizes', () => {
    const lines: string[] = [];
    const at = (ms: number, ...args: string[]) => lines.push(formatMonitorLine(1_700_000_000_000_000 + ms * 1000, 0, '127.0.0.1:4000', args));
    for (let i = 0; i < 30; i++) {
      at(i * 10, 'GET', `user:${i % 10}`);
      at(i * 10 + 1, 'SET', `user:${i % 10}`, 'v'.repeat(10 + i));
    }
    at(400, 'DEL', 'cart:77');
    // A command without a key is not a record (the reader counts it as ignored).
    at(401, 'PING');
    const summary = summarizeProfile(profileOf(lines));
    expect(summary.records).toBe(61);
    expect(summary.commands).toEqual([{ name: 'GET', count: 30 }, { name: 'SET', count: 30 }, { name: 'DEL', count: 1 }]);
    expect(summary.ops).toEqual([{ op: 'read', count: 30 }, { op: 'write', count: 30 }, { op: 'delete', count: 1 }]);
    expect(summary.namespaces).toEqual([
      { name: expect.any(String), pattern: 'user:{id}', keys: 10, requests: 60 },
      { name: expect.any(String), pattern: 'cart:{id}', keys: 1, requests: 1 },
    ]);
    // Keys: `user:0`…`user:9` (6 bytes) and `cart:77` (7 bytes); values: the last written to each user key (30 to 39 bytes).
    expect(summary.keyBytes).toEqual({ p50: 6, p99: 7, max: 7, seen: 11 });
    expect(summary.valueBytes).toMatchObject({ max: 39, seen: 10 });
  });

  it('averages the rate over buckets so that at most maxBuckets remain', () => {
    const lines: string[] = [];
    // 10 requests in each even second and none in odd ones, over 100 s.
    for (let s = 0; s < 100; s += 2) for (let i = 0; i < 10; i++) lines.push(formatMonitorLine(1_700_000_000_000_000 + s * 1e6 + i * 1000, 0, '127.0.0.1:4000', ['GET', `k:${i}`]));
    const profile = profileOf(lines);
    expect(summarizeProfile(profile, { maxBuckets: 200 }).rate.perSec.slice(0, 4)).toEqual([10, 0, 10, 0]);
    const coarse = summarizeProfile(profile, { maxBuckets: 10 });
    expect(coarse.rate.bucketSec).toBe(10);
    // Seconds 0 to 98: the last bucket holds 9 seconds (5 busy ones).
    expect(coarse.rate.perSec).toEqual([...Array(9).fill(5), 50 / 9]);
  });
});
