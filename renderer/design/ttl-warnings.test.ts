/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { presetText } from '../testing/presets';
import { loadDesign } from '../../simulator/model';
import type { Design } from '../../simulator/model';
import { removeKey, setValue } from '../yaml/edit';
import { ttlWarnings, writeShares } from './ttl-warnings';

function preset(name: string): string {
  return presetText(name);
}

function design(text: string): Design {
  const loaded = loadDesign(text);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
  return loaded.design;
}

function edited(text: string, path: Array<string | number>, value: unknown): string {
  const result = setValue(text, path, value);
  if (!result.ok) throw new Error(result.error);
  return result.text;
}

describe('TTL warnings', () => {
  it('given the catalogue preset, then only the never-cached sensitive class is mentioned', () => {
    const warnings = ttlWarnings(design(preset('ecommerce-catalog')));
    expect(warnings.filter((w) => w.severity === 'warning')).toEqual([]);
    expect(warnings.filter((w) => w.dataClass === 'sensitive')).toHaveLength(3);
  });

  it('given a write-heavy class with a long TTL and no invalidation, then it warns of stale reads', () => {
    let text = preset('ecommerce-catalog');
    text = edited(text, ['ttlMatrix', 'sensitive', 'prod', 'ttl'], '1h');
    const warnings = ttlWarnings(design(text)).filter((w) => w.severity === 'warning');
    expect(warnings.map((w) => [w.dataClass, w.environment])).toEqual([['sensitive', 'prod'], ['sensitive', 'prod']]);
    expect(warnings[0].message).toMatch(/^Long TTL on a write-heavy class → stale reads: clients is 20 % writes/);
  });

  it('given a prewarmed class without jitter, then it warns of a thundering herd', () => {
    const warnings = ttlWarnings(design(preset('thundering-herd')));
    expect(warnings.some((w) => w.severity === 'warning' && /thundering herd/.test(w.message))).toBe(true);
    const jittered = ttlWarnings(design(preset('thundering-herd-jitter')));
    expect(jittered.some((w) => /thundering herd/.test(w.message))).toBe(false);
  });

  it('given ttl: none, then it notes that only eviction removes the keys, and warns when nothing will', () => {
    const none = (text: string, dataClass: string, env: string) => {
      const row = edited(text, ['ttlMatrix', dataClass, env, 'ttl'], 'none');
      const result = removeKey(row, ['ttlMatrix', dataClass, env, 'jitter']);
      if (!result.ok) throw new Error(result.error);
      return result.text;
    };
    const text = none(preset('ecommerce-catalog'), 'product', 'prod');
    const notes = ttlWarnings(design(text)).filter((w) => w.dataClass === 'product');
    expect(notes).toEqual([{
      dataClass: 'product', environment: 'prod', severity: 'info',
      message: 'No expiry in prod: keys of products are SET without EX: only allkeys-lru eviction at maxmemory 256mb removes them, and a value changed at the origin stays stale until a rule invalidates it.',
    }]);
    const unlimited = ttlWarnings(design(edited(text, ['server', 'maxmemory'], '0b'))).filter((w) => w.dataClass === 'product');
    expect(unlimited.map((w) => [w.severity, w.message])).toEqual([['warning', expect.stringMatching(/maxmemory is 0 \(no limit\): memory grows with every key ever read/)]]);
    const volatile = ttlWarnings(design(edited(text, ['server', 'maxmemoryPolicy'], 'volatile-lru'))).filter((w) => w.dataClass === 'product');
    expect(volatile.map((w) => [w.severity, w.message])).toEqual([['warning', expect.stringMatching(/volatile-lru never evicts a key without a TTL: .* writes fail with OOM/)]]);
  });

  it('given ttl: none on a write-heavy class without invalidation, then it warns of stale reads for ever', () => {
    let text = edited(preset('ecommerce-catalog'), ['ttlMatrix', 'sensitive', 'prod', 'ttl'], 'none');
    text = edited(text, ['server', 'maxmemoryPolicy'], 'allkeys-lfu');
    const warnings = ttlWarnings(design(text)).filter((w) => w.severity === 'warning');
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^Long TTL on a write-heavy class → stale reads: clients is 20 % writes and keeps values for ever \(no expiry\) in prod/),
      expect.stringMatching(/^Long TTL on a write-heavy class → stale reads: orders is 30 % writes and keeps values for ever \(no expiry\) in prod/),
    ]);
  });

  it('computes write shares from operations and read/write mixes', () => {
    const shares = writeShares(design(preset('ecommerce-catalog')));
    expect(shares.get('orders')).toBeCloseTo(0.3);
    expect(shares.get('products')).toBeCloseTo(0.02 / 62.02);
    expect(shares.get('listings')).toBe(0);
  });
});
