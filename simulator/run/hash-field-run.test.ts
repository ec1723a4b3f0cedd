import { describe, expect, it } from 'vitest';
import { loadDesign } from '../model';
import { compilePlan } from './plan';
import { simulate } from './engine';
import { PROFILES } from '../cache/profiles';
import { objectMemory } from '../cache/profiles/object-memory';
import { stringValueBytes } from '../cache/memory';

/** Sessions as hashes of 20 fields; `fieldTtl` on their cell (redis-7.4). Reads only: each miss loads and SETs the hash. */
function run(cell: string, version = 'redis-7.4') {
  const loaded = loadDesign(`version: 1
name: hash field run
namespaces:
  - { name: sessions, pattern: "session:{id}", cardinality: 200, valueSize: 400b, dataClass: session, type: hash, fields: 20, fieldSize: 16b, prewarm: true }
ttlMatrix:
  session: { dev: { ttl: 1h }, staging: { ttl: 1h }, prod: { ttl: 1h${cell} } }
server:
  version: ${version}
traffic:
  phases: [{ shape: steady, rate: 200/s, duration: 10s }]
  operations: [{ namespace: sessions, op: read, weight: 1 }]
`);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('\\n'));
  return simulate(compilePlan(loaded.design, {}));
}

describe('a simulated run with hash-field TTLs (redis-7.4)', () => {
  it('expires the fields of the prewarmed hashes, deletes emptied hashes, and reports fields expired', () => {
    const result = run(', fieldTtl: 3s, jitter: 10%');
    // 200 prewarmed hashes × 20 fields expire between 2.7 s and 3.3 s; each emptied hash is
    // deleted, the next read misses and SETs it again (new fields, due 3 s later): 2–4 rounds.
    expect(result.cache.fieldsExpired).toBeGreaterThanOrEqual(2 * 200 * 20);
    expect(result.cache.fieldsExpired).toBeLessThanOrEqual(4 * 200 * 20);
    expect(result.cache.misses).toBeGreaterThan(200);
    // Keys themselves (TTL 1 h) never expire.
    expect(result.cache.expiredKeys).toBe(0);
  });

  it('without fieldTtl the same design reports no field expiry and keeps its hashes', () => {
    const result = run('');
    expect(result.cache.fieldsExpired).toBeUndefined();
    expect(result.cache.misses).toBe(0);
  });

  it('a hash with field TTLs costs what the memory model gives 20 fields of 16 bytes with TTLs, not its valueSize string', () => {
    // Fields that outlive the run: the same 200 prewarmed keys in both runs, no reloads.
    const withFields = run(', fieldTtl: 1h');
    const plain = run('');
    expect(withFields.cache.fieldsExpired).toBe(0);
    expect(withFields.cache.keys).toBe(200);
    expect(plain.cache.keys).toBe(200);
    const profile = PROFILES['redis-7.4'];
    const hash = objectMemory(profile, { type: 'hash', elements: 20, elementBytes: 16, fieldTtl: true });
    expect(hash.encoding).toBe('listpackex');
    expect(withFields.cache.usedMemoryBytes - plain.cache.usedMemoryBytes).toBe(200 * (hash.allocBytes - stringValueBytes(400, profile)));
  });
});
