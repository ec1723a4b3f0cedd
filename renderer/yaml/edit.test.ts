/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import catalogue from '../../presets/ecommerce-catalog.yaml?raw';
import { parse } from 'yaml';
import { loadDesign } from '../../simulator/model';
import { appendItem, coerceInput, removeItem, removeKey, setValue } from './edit';
import type { EditResult } from './edit';



function textOf(result: EditResult): string {
  if (!result.ok) throw new Error(result.error);
  return result.text;
}

function changedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const set = new Set(a);
  return b.filter((line) => !set.has(line));
}

describe('setValue', () => {
  it('given a TTL in a flow map, when it changes, then only that value changes and comments stay', () => {
    const after = textOf(setValue(catalogue, ['ttlMatrix', 'product', 'prod', 'ttl'], '10m'));
    expect(changedLines(catalogue, after)).toEqual(['    prod: { ttl: 10m, jitter: 10% }']);
    expect(after.split('\n').length).toBe(catalogue.split('\n').length);
    expect(after).toContain('# E-commerce API, cache-aside product catalogue');
    const loaded = loadDesign(after);
    expect(loaded.ok && loaded.design.ttlMatrix.product.prod.ttl).toBe('10m');
  });

  it('keeps the quoting style of a double-quoted value', () => {
    const after = textOf(setValue(catalogue, ['namespaces', 0, 'pattern'], 'product:{sku}'));
    expect(changedLines(catalogue, after)).toEqual(['    pattern: "product:{sku}"']);
  });

  it('writes numbers as numbers and quotes what a flow context needs', () => {
    const after = textOf(setValue(catalogue, ['namespaces', 0, 'cardinality'], 20000));
    expect(changedLines(catalogue, after)).toEqual(['    cardinality: 20000']);
    const flow = textOf(setValue('a: { b: 1 }\n', ['a', 'b'], 'x, y'));
    expect(parse(flow)).toEqual({ a: { b: 'x, y' } });
  });

  it('adds a missing key to a flow map and to a block map', () => {
    const flow = textOf(setValue(catalogue, ['ttlMatrix', 'sensitive', 'prod', 'jitter'], '5%'));
    expect(changedLines(catalogue, flow)).toEqual(['    prod: { ttl: 0s, jitter: 5% }']);
    const block = textOf(setValue(catalogue, ['server', 'maxmemorySamples'], 10));
    expect(changedLines(catalogue, block)).toEqual(['  maxmemorySamples: 10']);
    expect(parse(block).server).toEqual({ maxmemory: '256mb', maxmemoryPolicy: 'allkeys-lru', maxmemorySamples: 10 });
  });

  it('creates missing parents in block style', () => {
    const text = 'version: 1\nname: x\n';
    const after = textOf(setValue(text, ['server', 'maxmemory'], '64mb'));
    expect(after).toBe('version: 1\nname: x\nserver:\n  maxmemory: 64mb\n');
  });

  it('replaces a map value (a skew) in flow style', () => {
    const after = textOf(setValue(catalogue, ['namespaces', 0, 'skew'], { dist: 'uniform' }));
    expect(changedLines(catalogue, after)).toEqual(['    skew: { dist: uniform }']);
    const block = textOf(setValue('a:\n  b:\n    c: 1\n    d: 2\ne: 3\n', ['a', 'b'], { c: 5 }));
    expect(block).toBe('a:\n  b: { c: 5 }\ne: 3\n');
  });

  it('adds a TTL row with one flow cell per environment', () => {
    const row = { dev: { ttl: '1m', jitter: '10%' }, prod: { ttl: '5m', jitter: '10%' } };
    const after = textOf(setValue(catalogue, ['ttlMatrix', 'session'], row, { blockLevels: 1 }));
    expect(after).toContain('    prod: { ttl: 0s }\n  session:\n    dev: { ttl: 1m, jitter: 10% }\n    prod: { ttl: 5m, jitter: 10% }\n\ninvalidation:');
  });

  it('refuses to edit text with syntax errors', () => {
    expect(setValue('a: [1,\n', ['a'], 1).ok).toBe(false);
  });
});

describe('appendItem and removeItem', () => {
  it('appends an invalidation rule in the block style of the list', () => {
    const after = textOf(appendItem(catalogue, ['invalidation'], { on: 'categories', action: 'delete' }));
    expect(after).toContain('    target: "products:list:*"\n  - on: categories\n    action: delete\n\nserver:');
    expect(after.split('\n').length).toBe(catalogue.split('\n').length + 2);
    const loaded = loadDesign(after);
    expect(loaded.ok && loaded.design.invalidation.map((r) => r.on)).toEqual(['products', 'products', 'categories']);
  });

  it('appends in flow style when the items are flow maps', () => {
    const after = textOf(appendItem(catalogue, ['traffic', 'operations'], { namespace: 'orders', op: 'read', weight: 1 }));
    expect(changedLines(catalogue, after)).toEqual(['    - { namespace: orders, op: read, weight: 1 }']);
  });

  it('creates a list that does not exist yet', () => {
    const after = textOf(appendItem('version: 1\nname: x\n', ['invalidation'], { on: 'a', action: 'delete' }, { blockLevels: 0 }));
    expect(after).toBe('version: 1\nname: x\ninvalidation:\n  - { on: a, action: delete }\n');
  });

  it('removes a block item with its lines and leaves [] when the list empties', () => {
    const one = textOf(removeItem(catalogue, ['invalidation'], 1));
    expect(one).not.toContain('target: "products:list:*"');
    expect(parse(one).invalidation).toEqual([{ on: 'products', action: 'delete' }]);
    const none = textOf(removeItem(one, ['invalidation'], 0));
    expect(parse(none).invalidation).toEqual([]);
    expect(loadDesign(none).ok).toBe(true);
  });

  it('removes flow items', () => {
    expect(parse(textOf(removeItem('e: [dev, staging, prod]\n', ['e'], 1)))).toEqual({ e: ['dev', 'prod'] });
    expect(parse(textOf(removeItem('e: [dev, staging, prod]\n', ['e'], 0)))).toEqual({ e: ['staging', 'prod'] });
  });
});

describe('removeKey', () => {
  it('removes a block key and a flow key', () => {
    const after = textOf(removeKey(catalogue, ['server', 'maxmemoryPolicy']));
    expect(parse(after).server).toEqual({ maxmemory: '256mb' });
    expect(parse(textOf(removeKey('a: { b: 1, c: 2 }\n', ['a', 'c'])))).toEqual({ a: { b: 1 } });
    expect(parse(textOf(removeKey('a: { b: 1, c: 2 }\n', ['a', 'b'])))).toEqual({ a: { c: 2 } });
  });
});

describe('block scalars', () => {
  it('given a folded description, when one word changes, then it stays a folded block and only that line changes', () => {
    const description = parse(catalogue).description as string;
    const after = textOf(setValue(catalogue, ['description'], description.replace('5 minutes', '10 minutes')));
    expect(changedLines(catalogue, after)).toEqual([expect.stringMatching(/^ {2}A product API behind Redis used cache-aside: product pages are cached for 10 minutes, categories$/)]);
    expect(after).toContain('description: >-\n  A product API');
    expect(parse(after).description).toBe(description.replace('5 minutes', '10 minutes'));
  });

  it('given a literal block, lines stay lines; a value a block cannot hold exactly is quoted instead', () => {
    expect(textOf(setValue('a: |\n  one\n  two\nb: 1\n', ['a'], 'x\ny\n'))).toBe('a: |\n  x\n  y\nb: 1\n');
    expect(parse(textOf(setValue('a: |\n  one\nb: 1\n', ['a'], 'x\ny')))).toEqual({ a: 'x\ny', b: 1 });
    const spaced = textOf(setValue('a: >-\n  one\nb: 1\n', ['a'], 'two  spaces'));
    expect(parse(spaced)).toEqual({ a: 'two  spaces', b: 1 });
  });
});

describe('coerceInput', () => {
  it('reads plain numbers and booleans, keeps unit-bearing strings', () => {
    expect(coerceInput('5000')).toBe(5000);
    expect(coerceInput(' 1.5 ')).toBe(1.5);
    expect(coerceInput('true')).toBe(true);
    expect(coerceInput('5m')).toBe('5m');
    expect(coerceInput('95/5')).toBe('95/5');
  });
});
