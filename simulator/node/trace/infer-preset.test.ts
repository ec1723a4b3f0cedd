/**
 * `keyspace infer` on a capture of a preset's traffic: the simulated application's commands
 * (GET, cache-aside SET PX, DEL) written as a JSONL trace, read back from the file, inferred; the
 * inferred design must recover the preset's namespaces and zipf exponents and, simulated with the
 * preset's server settings, land within 2 points of the preset's hit ratio.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyOverrides, loadDesign } from '../../model';
import type { Design } from '../../model';
import { compilePlan, simulate } from '../../run';
import { inferDesign, RecordedKeys, TraceProfile } from '../../trace';
import { readTraceFile } from './read-trace';
import { captureSimulatedTraffic } from './simulated-capture';

const dir = mkdtempSync(join(tmpdir(), 'keyspace-infer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function preset(name: string, overrides: Array<{ path: string; value: unknown }> = []): Design {
  const applied = applyOverrides(readFileSync(`presets/${name}`, 'utf8'), overrides);
  if (!applied.ok) throw new Error(applied.error);
  const loaded = loadDesign(applied.text);
  if (!loaded.ok) throw new Error(`${name} does not load`);
  return loaded.design;
}

/** Captures `requests` of the design's traffic into a file; returns the file and the original run's hit ratio. */
function capture(design: Design, requests: number, file: string): number {
  const fd = openSync(file, 'w');
  try {
    return captureSimulatedTraffic(design, { requests, write: (text) => writeSync(fd, text) }).cache.hitRatio;
  } finally {
    closeSync(fd);
  }
}

async function infer(file: string, server: Design['server']): Promise<ReturnType<typeof inferDesign>> {
  const keys = new RecordedKeys();
  const profile = new TraceProfile(keys);
  const read = await readTraceFile(file, (batch, count) => profile.add(batch, count), { keys });
  expect(read.format).toBe('jsonl');
  expect(read.stats.malformed).toBe(0);
  return inferDesign(profile, { source: file, server: { maxmemory: server.maxmemory, maxmemoryPolicy: server.maxmemoryPolicy } });
}

const alphaOf = (design: Design, name: string): number => {
  const skew = design.namespaces.find((ns) => ns.name === name)?.skew;
  return skew?.dist === 'zipf' ? skew.alpha : Number.NaN;
};

describe('keyspace infer on captures of presets', () => {
  it('recovers the eviction shoot-out: its namespaces, zipf alpha within 0.1 and hit ratio within 2 points', async () => {
    const original = preset('eviction-shootout.yaml');
    const requests = 400_000;
    const file = join(dir, 'shootout.jsonl');
    const originalHitRatio = capture(original, requests, file);
    const inferred = await infer(file, original.server);
    expect(inferred.design.namespaces.map((ns) => ns.pattern)).toEqual(['article:{id}', 'asset:{id}']);
    for (const ns of inferred.design.namespaces) {
      expect(Math.abs(alphaOf(inferred.design, ns.name) - 0.95)).toBeLessThan(0.1);
      expect(Math.abs(ns.cardinality - 100_000) / 100_000).toBeLessThan(0.1);
      expect(ns.valueSize).toBe('1kb');
    }
    expect(inferred.design.ttlMatrix.article.prod.ttl).toBe('10m');
    expect(inferred.design.ttlMatrix.asset.prod.ttl).toBe('1d');
    const result = simulate(compilePlan({ ...inferred.design, server: original.server }, { requests }));
    expect(Math.abs(result.cache.hitRatio - originalHitRatio)).toBeLessThan(0.02);
  });

  it('recovers ttl: none: keys the application SETs without EX are inferred as cached without expiry', async () => {
    // The shoot-out with its long-lived assets cached without expiry (a pure LRU cache for them).
    const original = preset('eviction-shootout.yaml', ['dev', 'staging', 'prod'].map((env) => ({ path: `ttlMatrix.long.${env}.ttl`, value: 'none' })));
    const requests = 200_000;
    const file = join(dir, 'shootout-none.jsonl');
    const originalHitRatio = capture(original, requests, file);
    // The capture writes the asset SETs without a TTL, the article SETs with one.
    const sets = readFileSync(file, 'utf8').split('\n').filter((line) => line.includes('"cmd":"SET"'));
    expect(sets.some((line) => line.includes('"key":"asset:') && line.includes('"ttl"'))).toBe(false);
    expect(sets.filter((line) => line.includes('"key":"article:')).every((line) => line.includes('"ttl":600'))).toBe(true);
    const inferred = await infer(file, original.server);
    expect(inferred.design.ttlMatrix.article.prod).toEqual({ ttl: '10m', jitter: '0%' });
    expect(inferred.design.ttlMatrix.asset.prod.ttl).toBe('none');
    const result = simulate(compilePlan({ ...inferred.design, server: original.server }, { requests }));
    expect(result.namespaces.find((ns) => ns.name === 'asset')?.ttlMs).toBeNull();
    expect(Math.abs(result.cache.hitRatio - originalHitRatio)).toBeLessThan(0.02);
  });

  it('recovers the e-commerce catalogue, list pages and their delete-pattern invalidation included', async () => {
    const original = preset('ecommerce-catalog.yaml');
    const requests = 300_000;
    const file = join(dir, 'ecommerce.jsonl');
    const originalHitRatio = capture(original, requests, file);
    const inferred = await infer(file, original.server);
    const patterns = inferred.design.namespaces.map((ns) => ns.pattern.replace(/\{\w+\}/g, '{}'));
    // customers and orders are never cached (ttl 0s): they never reach Redis, so no capture shows them.
    expect(patterns.sort()).toEqual(['categories:{}', 'products:list:{}', 'products:{}']);
    expect(Math.abs(alphaOf(inferred.design, 'products') - 1.1)).toBeLessThan(0.1);
    expect(Math.abs(alphaOf(inferred.design, 'products-list') - 1.2)).toBeLessThan(0.1);
    expect(Math.abs(alphaOf(inferred.design, 'categories') - 0.8)).toBeLessThan(0.1);
    expect(inferred.design.invalidation).toContainEqual({ on: 'products', action: 'delete-pattern', target: 'products:list:*', delay: '0ms' });
    const result = simulate(compilePlan({ ...inferred.design, server: original.server, client: original.client }, { requests }));
    expect(Math.abs(result.cache.hitRatio - originalHitRatio)).toBeLessThan(0.02);
  });
});
