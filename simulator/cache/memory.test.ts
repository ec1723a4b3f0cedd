import { describe, expect, it } from 'vitest';
import { defaultCacheConfig } from './config';
import {
  USED_MEMORY_STARTUP_BYTES, jemallocSizeBytes, keyEntryBytes, memoryUsageCommandBytes, sdsAllocBytes, stringValueBytes,
} from './memory';
import { RedisKeyspace } from './keyspace';
import { Mulberry32 } from './testing-rng';

const JEMALLOC_CLASSES = [
  8, 16, 32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 640, 768, 896, 1024,
  1280, 1536, 1792, 2048, 2560, 3072, 3584, 4096, 5120, 6144, 7168, 8192, 10240, 12288, 14336, 16384,
];

/** used_memory per key after writing `keys` string keys into an empty server. */
function usedBytesPerKey(keys: number, keyBytes: number, valueBytes: number, ttlMs: number): number {
  const cache = new RedisKeyspace({ ...defaultCacheConfig(keys), policy: 'noeviction' }, new Mulberry32(1));
  for (let id = 0; id < keys; id++) cache.set(id, keyBytes, valueBytes, ttlMs, 0);
  return (cache.stats.usedMemoryBytes - USED_MEMORY_STARTUP_BYTES) / keys;
}

describe('memory', () => {
  it('rounds every request up to the next jemalloc size class, with no 24-byte class', () => {
    let previous = 0;
    for (const size of JEMALLOC_CLASSES) {
      expect(jemallocSizeBytes(size)).toBe(size);
      if (previous > 0) expect(jemallocSizeBytes(previous + 1)).toBe(size);
      previous = size;
    }
    expect(jemallocSizeBytes(1)).toBe(8);
    expect(jemallocSizeBytes(17)).toBe(32);
    expect(jemallocSizeBytes(24)).toBe(32);
  });

  it('sizes the key sds with the header sdsnewlen picks for its length', () => {
    expect(sdsAllocBytes(3)).toBe(8); // 1 + 3 + 1
    expect(sdsAllocBytes(31)).toBe(48); // sdshdr5: 1 + 31 + 1 = 33
    expect(sdsAllocBytes(32)).toBe(48); // sdshdr8: 3 + 32 + 1 = 36
    expect(sdsAllocBytes(300)).toBe(320); // sdshdr16: 5 + 300 + 1
  });

  it('stores values of up to 44 bytes as embstr and longer ones as raw', () => {
    expect(stringValueBytes(44)).toBe(64);
    expect(stringValueBytes(45)).toBe(16 + 64);
  });

  it('reproduces MEMORY USAGE for SET foo bar and for values of 44, 45, 100 and 1000 bytes', () => {
    expect(memoryUsageCommandBytes(3, 3)).toBe(64);
    expect([44, 45, 100, 1000].map((valueBytes) => memoryUsageCommandBytes(3, valueBytes))).toEqual([96, 112, 160, 1072]);
  });

  it('costs about 90 bytes per key for 100k keys of 10-byte names and 10-byte values', () => {
    expect(usedBytesPerKey(100_000, 10, 10, 0)).toBeGreaterThan(90 * 0.98);
    expect(usedBytesPerKey(100_000, 10, 10, 0)).toBeLessThan(90 * 1.02);
  });

  it('costs about 132 bytes per key for the same keys written with EX', () => {
    expect(usedBytesPerKey(100_000, 10, 10, 3_600_000)).toBeGreaterThan(132 * 0.98);
    expect(usedBytesPerKey(100_000, 10, 10, 3_600_000)).toBeLessThan(132 * 1.02);
  });

  it('charges 48-byte main-dict entries in cluster mode', () => {
    expect(keyEntryBytes(10, 10, true) - keyEntryBytes(10, 10, false)).toBe(16);
  });

  it('starts from used_memory_startup as redis-server 7.0.15 reports it (876.2 … 876.8 kB, not KiB)', () => {
    const cache = new RedisKeyspace(defaultCacheConfig(10), new Mulberry32(1));
    expect(cache.stats.usedMemoryBytes).toBeGreaterThanOrEqual(876_192);
    expect(cache.stats.usedMemoryBytes).toBeLessThanOrEqual(876_792);
  });
});
