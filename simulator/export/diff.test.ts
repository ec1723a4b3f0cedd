import { describe, expect, it } from 'vitest';
import { compilePlan, evaluateTargets, simulate } from '../run';
import { diffDesigns } from './index';
import { designFrom, FIXTURE_YAML, fixtureDesign } from './testing';

describe('diffDesigns', () => {
  it('explains each change in plain words with before and after', () => {
    const before = fixtureDesign();
    const after = designFrom(FIXTURE_YAML
      .replace('prod: { ttl: 5m, jitter: 10% }', 'prod: { ttl: 10m, jitter: 10% }')
      .replace('maxmemoryPolicy: allkeys-lfu', 'maxmemoryPolicy: allkeys-lru')
      .replace('  - { on: geo, action: ttl-only }\n', '')
      .replace('  - { name: orders,', '  - { name: carts, pattern: "cart:{id}", cardinality: 10, valueSize: 1kb, dataClass: sensitive }\n  - { name: orders,')
      .replace('maxConcurrency: 32', 'maxConcurrency: 64')
      .replace('"p95<=100ms", ', ''));
    const { changes, text } = diffDesigns(before, after);
    expect(changes.map((c) => c.text)).toEqual([
      'namespace carts added: { name: carts, pattern: cart:{id}, cardinality: 10, valueSize: 1kb, skew: { dist: uniform }, dataClass: sensitive, readWrite: 100/0, prewarm: false }',
      'TTL of data class catalog in prod (namespaces products): 5m → 10m',
      'invalidation rule "geo ttl-only" removed (was { on: geo, action: ttl-only, delay: 0ms })',
      'server: eviction policy (maxmemory-policy): allkeys-lfu → allkeys-lru',
      'database: database connection pool: 32 → 64',
      'target removed (was p95<=100ms)',
    ]);
    expect(changes[1]).toMatchObject({ path: 'ttlMatrix.catalog.prod.ttl', kind: 'changed', before: '5m', after: '10m', label: 'TTL of data class catalog in prod (namespaces products)', group: 'data class catalog' });
    expect(changes.map((c) => c.group)).toEqual(['namespace carts', 'data class catalog', 'invalidation', 'server', 'database', 'targets']);
    expect(text).toMatch(/^Design "Export fixture.*" → "Export fixture.*"\n\n6 changes:/);
  });

  it('says when nothing changed, and reports how the key metrics moved and which targets flipped', () => {
    const a = fixtureDesign();
    expect(diffDesigns(a, fixtureDesign()).text).toContain('No changes to the design.');
    const b = designFrom(FIXTURE_YAML.replace('prod: { ttl: 5m, jitter: 10% }', 'prod: { ttl: 0s }').replace('"hitRatio>=0.5"', '"hitRatio>=0.6"'));
    const results = { a: simulate(compilePlan(a, { requests: 6000 })), b: simulate(compilePlan(b, { requests: 6000 })) };
    const diff = diffDesigns(a, b, results);
    const hit = diff.metrics.find((m) => m.metric === 'hit ratio');
    expect(hit?.better).toBe(false);
    expect(hit?.text).toMatch(/^\d+\.\d\d% → \d+\.\d\d% \(-\d+\.\d\d pt, worse\)$/);
    expect(hit && `${hit.beforeText} → ${hit.afterText} (${hit.change}, worse)`).toBe(hit?.text);
    const met = diff.metrics.find((m) => m.metric === 'targets met');
    const passed = (design: typeof a, result: typeof results.a) => evaluateTargets(design.targets, result).filter((t) => t.passed).length;
    expect(met).toMatchObject({ before: passed(a, results.a), after: passed(b, results.b), beforeText: `${passed(a, results.a)} of ${a.targets.length}` });
    expect(met?.before).not.toBe(met?.after);
    expect(diff.metrics.find((m) => m.metric === 'origin queries')?.better).toBe(false);
    expect(diff.targets).toEqual([
      'hitRatio>=0.5: passes → passes (target dropped)',
      'namespaces.products.hitRatio>=0.5: passes → fails',
      'hitRatio>=0.6: fails → fails (new target)',
    ]);
    expect(diff.text).toContain('Key metrics (first design → second):');
  });
});
