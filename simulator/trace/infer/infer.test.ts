import { describe, expect, it } from 'vitest';
import { createKeySampler, Rng } from '../../traffic';
import { JsonlTraceReader } from '../jsonl';
import { MonitorReader } from '../monitor';
import { formatMonitorLine } from '../monitor-line';
import { compilePlan } from '../../run';
import { mineNamespaces } from './namespaces';
import { TraceProfile } from './profile';
import { inferDesign } from './design';
import { estimateCardinality, fitZipf } from './zipf-fit';

function zipfCounts(alpha: number, keys: number, requests: number, seed: number): Float64Array {
  const sampler = createKeySampler({ kind: 'zipf', alpha }, keys, new Rng(seed));
  const counts = new Float64Array(keys);
  for (let i = 0; i < requests; i++) counts[sampler.next()]++;
  return counts;
}

describe('fitZipf and estimateCardinality', () => {
  it.each([0.6, 0.9, 1.2])('recover zipf(%f) over 100 000 keys from 500 000 requests', (alpha) => {
    const counts = zipfCounts(alpha, 100_000, 500_000, 11);
    const fit = fitZipf(counts);
    expect(fit?.alpha).toBeCloseTo(alpha, 1);
    expect(Math.abs((fit?.alpha ?? 0) - alpha)).toBeLessThan(0.03);
    const distinct = counts.filter((c) => c > 0).length;
    expect(distinct).toBeLessThan(100_000);
    const estimated = estimateCardinality(distinct, 500_000, fit?.alpha ?? 0);
    expect(Math.abs(estimated - 100_000) / 100_000).toBeLessThan(0.05);
  });

  it('gives a flat fit for uniform traffic and the seen count when every key was seen often', () => {
    const rng = new Rng(3);
    const counts = new Float64Array(1000);
    for (let i = 0; i < 200_000; i++) counts[Math.floor(rng.nextFloat() * 1000)]++;
    expect(fitZipf(counts)?.alpha).toBeLessThan(0.05);
    expect(estimateCardinality(1000, 200_000, 0)).toBe(1000);
  });
});

describe('mineNamespaces', () => {
  it('turns numeric, uuid, hex and token segments into placeholders and keeps words', () => {
    const keys = [
      ...Array.from({ length: 50 }, (_, i) => `user:${i}:profile`),
      ...Array.from({ length: 50 }, (_, i) => `user:${i}:cart`),
      ...Array.from({ length: 20 }, (_, i) => `session:${(0x1000_0000 + i * 7919).toString(16)}deadbeef`),
      ...Array.from({ length: 10 }, (_, i) => `order:${i.toString(16).padStart(8, '0')}-aaaa-4bbb-8ccc-${'d'.repeat(12)}`),
      ...Array.from({ length: 40 }, (_, i) => `products:${i}`),
      ...Array.from({ length: 5 }, (_, i) => `products:list:${i}`),
      ...Array.from({ length: 12 }, (_, i) => `room:{${i}}:members`),
      'config',
    ];
    const mined = mineNamespaces(keys.length, (id) => keys[id]);
    expect(mined.map((m) => [m.pattern, m.keyIds.length])).toEqual([
      ['user:{id}:profile', 50], ['user:{id}:cart', 50], ['session:{hash}', 20], ['order:{uuid}', 10],
      ['products:{id}', 40], ['products:list:{id}', 5], ['room:{{id}}:members', 12], ['config', 1],
    ]);
    expect(mined.map((m) => m.name)).toEqual(['user-profile', 'user-cart', 'session', 'order', 'products', 'products-list', 'room-members', 'config']);
  });

  it('folds many distinct names, and names that look alike below, into one placeholder', () => {
    const names = Array.from({ length: 40 }, (_, i) => `name${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
    const keys = [...names.map((n) => `tenant:${n}`), ...names.slice(0, 10).map((n) => `user:${n}:settings`)];
    const mined = mineNamespaces(keys.length, (id) => keys[id]);
    expect(mined.map((m) => [m.pattern, m.keyIds.length])).toEqual([['tenant:{name}', 40], ['user:{name}:settings', 10]]);
  });
});

describe('inferDesign', () => {
  it('writes a valid design with a comment on every inferred value', () => {
    const lines: string[] = [];
    const rng = new Rng(5);
    const sampler = createKeySampler({ kind: 'zipf', alpha: 1.0 }, 2000, rng.fork('keys'));
    for (let i = 0; i < 20_000; i++) {
      const t = i / 100;
      const key = `item:${sampler.next()}`;
      lines.push(JSON.stringify({ ts: t, cmd: 'GET', key }));
      if (rng.nextFloat() < 0.2) lines.push(JSON.stringify({ ts: t + 0.004, cmd: 'SET', key, valueSize: 300, ttl: 60 }));
      if (i % 500 === 0) lines.push(JSON.stringify({ ts: t, cmd: 'SET', key: `session:${i}`, valueSize: 80 }));
    }
    const reader = new JsonlTraceReader();
    const profile = new TraceProfile(reader.keys);
    profile.add(reader.batch, reader.parse(new TextEncoder().encode(lines.join('\n'))));
    profile.add(reader.batch, reader.end());
    const inferred = inferDesign(profile, { source: 'sample.jsonl', format: 'jsonl', server: { maxmemory: '64mb', maxmemoryPolicy: 'allkeys-lfu' } });
    expect(inferred.design.namespaces.map((ns) => ns.pattern)).toEqual(['item:{id}', 'session:{id}']);
    const item = inferred.design.namespaces[0];
    expect(item.skew).toEqual({ dist: 'zipf', alpha: expect.closeTo(1.0, 1) });
    expect(item.valueSize).toBe('300b');
    expect(inferred.design.ttlMatrix.item.prod).toEqual({ ttl: '1m', jitter: '0%' });
    expect(inferred.design.ttlMatrix.session.prod.ttl).toBe('none');
    expect(inferred.design.server).toMatchObject({ maxmemory: '64mb', maxmemoryPolicy: 'allkeys-lfu' });
    expect(inferred.design.invalidation).toEqual([{ on: 'session', action: 'write-through', delay: '0ms' }]);
    expect(inferred.yaml).toMatch(/cardinality: \d+ # [\d,]+ distinct keys seen/);
    expect(inferred.yaml).toMatch(/skew: \{ dist: zipf, alpha: [\d.]+ \} # zipf fitted by maximum likelihood/);
    expect(inferred.yaml).toMatch(/prod: \{ ttl: 1m, jitter: 0% \} # median TTL set on/);
    expect(inferred.yaml).toMatch(/prod: \{ ttl: none \} # \d+ of \d+ keys written without a TTL \(SET without EX\): no expiry/);
    expect(inferred.yaml).toMatch(/latency: \{ dist: lognormal|latency: 4ms/);
    expect(inferred.yaml).toMatch(/# hot keys: item:\d+ \(/);
  });
});

describe('inferDesign on keys written without expiry', () => {
  it('infers ttl: none for keys SET without EX (or PERSISTed), a duration for keys SET with one, and the design runs them as cached without expiry', () => {
    const lines: string[] = [];
    const at = (ms: number, ...args: string[]) => lines.push(formatMonitorLine(1_700_000_000_000_000 + ms * 1000, 0, '127.0.0.1:4000', args));
    for (let i = 0; i < 200; i++) {
      at(i * 10, 'GET', `profile:${i % 50}`);
      at(i * 10 + 2, 'SET', `profile:${i % 50}`, 'x'.repeat(100));
      at(i * 10 + 4, 'GET', `quote:${i % 40}`);
      at(i * 10 + 6, 'SET', `quote:${i % 40}`, 'y'.repeat(50), 'EX', '30');
    }
    // A key given a TTL and then PERSISTed has none: it counts as written without expiry.
    at(3000, 'SET', 'profile:7', 'z', 'EX', '60');
    at(3001, 'PERSIST', 'profile:7');
    const reader = new MonitorReader();
    const profile = new TraceProfile(reader.keys);
    profile.add(reader.batch, reader.parse(new TextEncoder().encode(`${lines.join('\n')}\n`)));
    profile.add(reader.batch, reader.end());
    const inferred = inferDesign(profile, { source: 'app.monitor', format: 'monitor', server: { maxmemory: '64mb', maxmemoryPolicy: 'allkeys-lru' } });
    expect(inferred.design.ttlMatrix.profile.prod.ttl).toBe('none');
    expect(inferred.design.ttlMatrix.quote.prod).toEqual({ ttl: '30s', jitter: '0%' });
    expect(inferred.yaml).toMatch(/prod: \{ ttl: none \} # 50 of 50 keys written without a TTL \(SET without EX\)/);
    const plan = compilePlan(inferred.design);
    expect(plan.namespaces.map((ns) => [ns.name, ns.ttlMs, ns.cacheable])).toEqual([['profile', null, true], ['quote', 30_000, true]]);
  });
});

describe('inferDesign on an origin faster than the rounding unit', () => {
  it('keeps the origin latency above 0 when the fills follow their GET within microseconds', () => {
    const lines: string[] = [];
    const at = (us: number, ...args: string[]) => lines.push(formatMonitorLine(1_700_000_000_000_000 + us, 0, '127.0.0.1:4000', args));
    for (let i = 0; i < 100; i++) {
      at(i * 1000, 'GET', `item:${i}`);
      // 5 to 45 µs from the GET to its fill: every delay rounds to 0 ms at the 0.1 ms unit.
      at(i * 1000 + 5 + (i % 5) * 10, 'SET', `item:${i}`, 'x'.repeat(100));
    }
    const reader = new MonitorReader();
    const profile = new TraceProfile(reader.keys);
    profile.add(reader.batch, reader.parse(new TextEncoder().encode(`${lines.join('\n')}\n`)));
    profile.add(reader.batch, reader.end());
    const inferred = inferDesign(profile, { source: 'fast.monitor', format: 'monitor' });
    expect(inferred.design.origin.latency).toEqual({ dist: 'lognormal', p50: '0.1ms', p99: '0.1ms' });
  });
});
