import { describe, expect, it } from 'vitest';
import { loadDesign } from '../../model';
import { compilePlan, SimRun } from '../../run';
import { REDIS_7_0 } from './redis-7.0';
import { policyProblem } from '.';

const design = (server: string): string => `version: 1
name: profile
namespaces:
  - { name: items, pattern: "item:{id}", cardinality: 2000, valueSize: 100b, dataClass: c }
ttlMatrix:
  c: { dev: { ttl: none }, staging: { ttl: none }, prod: { ttl: none } }
server: ${server}
traffic:
  phases: [{ shape: steady, rate: 1000/s, duration: 5s }]
  operations: [{ namespace: items, weight: 1 }]
`;

function run(server: string): { usedMemoryBytes: number; keys: number } {
  const loaded = loadDesign(design(server));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const sim = new SimRun(compilePlan(loaded.design));
  while (sim.step(1_000_000));
  return sim.result(false).cache;
}

describe('server.version', () => {
  it('defaults to redis-7.0 and selects the profile the keyspace is sized by', () => {
    const loaded = loadDesign(design('{ maxmemory: 0b }'));
    expect(loaded.ok && loaded.design.server.version).toBe('redis-7.0');
    // 2000 keys: 7.2's 24-byte dict entries (8-byte jemalloc quantum) save 8 bytes a key, and its startup is 10 kB smaller.
    const on70 = run('{ version: redis-7.0 }');
    const on72 = run('{ version: redis-7.2 }');
    expect(on72.keys).toBe(on70.keys);
    expect(on70.keys).toBeGreaterThan(1500);
    expect(on70.usedMemoryBytes - on72.usedMemoryBytes).toBe(on70.keys * 8 + (876_500 - 866_120));
  });

  it('rejects an unknown version at its field', () => {
    const loaded = loadDesign(design('{ version: redis-6.2 }'));
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.errors.map((error) => error.path)).toContain('server.version');
  });

  it('names a policy the version does not accept as an error of server.maxmemoryPolicy', () => {
    const narrow = { ...REDIS_7_0, policies: ['noeviction', 'allkeys-lru'] };
    expect(policyProblem('allkeys-lfu', undefined, narrow)).toMatch(/"allkeys-lfu" does not exist in redis-7.0.*accepts noeviction, allkeys-lru/);
    expect(policyProblem('allkeys-lru', undefined, narrow)).toBeNull();
    expect(policyProblem('exact-lru', undefined, narrow)).toBeNull();
    expect(policyProblem('volatile-ttl', 'redis-7.2')).toBeNull();
  });
});
