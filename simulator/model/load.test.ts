import { describe, expect, it } from 'vitest';
import { designJsonSchema } from './json-schema';
import { formatDesignError, loadDesign } from './load';
import { applyOverrides, parseOverride } from './overrides';

const VALID = `version: 1
name: tiny
namespaces:
  - name: products
    pattern: "products:{id}"
    cardinality: 1000
    valueSize: 1kb
    skew: { dist: zipf, alpha: 1.0 }
    dataClass: catalog
ttlMatrix:
  catalog:
    dev: { ttl: 1m }
    staging: { ttl: 5m }
    prod: { ttl: 5m, jitter: 10% }
server:
  maxmemory: 64mb
  maxmemoryPolicy: allkeys-lru
traffic:
  phases:
    - { shape: steady, rate: 2000/s, duration: 1m }
  operations:
    - { namespace: products, weight: 1 }
`;

function errorsOf(text: string): string[] {
  const result = loadDesign(text);
  if (result.ok) return [];
  return result.errors.map((e) => formatDesignError('d.yaml', e));
}

describe('loadDesign', () => {
  it('accepts a valid design and fills defaults', () => {
    const result = loadDesign(VALID);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.design.server.maxmemorySamples).toBe(5);
    expect(result.design.environments).toEqual(['dev', 'staging', 'prod']);
    expect(result.design.namespaces[0].readWrite).toBe('100/0');
  });

  it('reports malformed YAML with its line and column', () => {
    const errors = errorsOf('version: 1\nname: "unterminated\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^d\.yaml:\d+:\d+ /);
  });

  it('reports an unknown field at the field itself', () => {
    const errors = errorsOf(VALID.replace('    dataClass: catalog', '    dataClass: catalog\n    colour: blue'));
    expect(errors).toEqual(['d.yaml:10:5 namespaces[0].colour: unknown field "colour" in namespaces[0]; known fields here: name, pattern, cardinality, valueSize, skew, dataClass, readWrite, type, fields, fieldSize, prewarm, description']);
  });

  it('reports a negative TTL where it is written', () => {
    expect(errorsOf(VALID.replace('dev: { ttl: 1m }', 'dev: { ttl: -5m }'))).toEqual([
      'd.yaml:12:17 ttlMatrix.catalog.dev.ttl: "-5m" is negative; a TTL is a duration (250ms, 30s, 5m, 1h, 2d), 0s (do not cache) or none (cache without expiry)',
    ]);
  });

  it('accepts ttl: none (cache without expiry), alone or with a jitter of 0%', () => {
    const result = loadDesign(VALID.replace('dev: { ttl: 1m }', 'dev: { ttl: none }').replace('staging: { ttl: 5m }', 'staging: { ttl: none, jitter: 0% }'));
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (result.ok) expect(result.design.ttlMatrix.catalog.dev).toEqual({ ttl: 'none', jitter: '0%' });
  });

  it('publishes none in the JSON Schema, so editors accept it and say what it means', () => {
    type Node = { properties: Record<string, Node>; additionalProperties: Node; pattern: string; description: string; examples: string[] };
    const ttl = (designJsonSchema() as unknown as Node).properties.ttlMatrix.additionalProperties.additionalProperties.properties.ttl;
    const pattern = new RegExp(ttl.pattern);
    expect(['none', '0s', '5m', '250ms'].filter((text) => pattern.test(text))).toHaveLength(4);
    expect(['None', 'never', '-1', '5 m'].some((text) => pattern.test(text))).toBe(false);
    expect(ttl.examples).toContain('none');
    expect(ttl.description).toMatch(/none means cache without expiry/);
  });

  it('rejects a jitter with ttl: none at the jitter, in one line', () => {
    expect(errorsOf(VALID.replace('prod: { ttl: 5m, jitter: 10% }', 'prod: { ttl: none, jitter: 10% }'))).toEqual([
      'd.yaml:14:32 ttlMatrix.catalog.prod.jitter: jitter 10% with ttl: none has nothing to spread (keys never expire); remove it or give a TTL duration',
    ]);
  });

  it('names none among the valid forms when a TTL is misspelt, a bare number, or Redis\'s -1', () => {
    const at = (ttl: string) => errorsOf(VALID.replace('dev: { ttl: 1m }', `dev: { ttl: ${ttl} }`));
    const forms = 'a duration (250ms, 30s, 5m, 1h, 2d), 0s (do not cache) or none (cache without expiry)';
    expect(at('None')).toEqual([`d.yaml:12:17 ttlMatrix.catalog.dev.ttl: "None" is not a TTL; did you mean none (lower case, no spaces)? A TTL is ${forms}`]);
    expect(at('never')).toEqual([`d.yaml:12:17 ttlMatrix.catalog.dev.ttl: "never" is not a TTL; write ${forms}`]);
    expect(at('300')).toEqual([`d.yaml:12:17 ttlMatrix.catalog.dev.ttl: expected a TTL, got the bare number 300 (add a unit); a TTL is ${forms}`]);
    expect(at('-1')).toEqual([`d.yaml:12:17 ttlMatrix.catalog.dev.ttl: expected a TTL, got the bare number -1: Redis's -1 (no expiry) is written none here; a TTL is ${forms}`]);
    expect(at('"-1"')).toEqual([`d.yaml:12:17 ttlMatrix.catalog.dev.ttl: "-1" is not a TTL: Redis's -1 (no expiry) is written none here; a TTL is ${forms}`]);
    expect(at('~')).toEqual([`d.yaml:12:17 ttlMatrix.catalog.dev.ttl: expected a TTL, got null; a TTL is ${forms}`]);
  });

  it('reports a wrong unit and a unitless number with the valid forms', () => {
    expect(errorsOf(VALID.replace('maxmemory: 64mb', 'maxmemory: 64 parsecs'))[0]).toMatch(/d\.yaml:16:14 server\.maxmemory: .*256mb/);
    expect(errorsOf(VALID.replace('duration: 1m', 'duration: 60'))[0]).toMatch(/traffic\.phases\[0\]\.duration: expected a duration like 30s or 5m, got the bare number 60/);
  });

  it('names every valid policy when the policy does not exist', () => {
    const [error] = errorsOf(VALID.replace('allkeys-lru', 'allkeys-lrx'));
    expect(error).toMatch(/^d\.yaml:17:20 server\.maxmemoryPolicy: "allkeys-lrx" is not a maxmemory-policy; valid: noeviction, allkeys-lru/);
  });

  it('rejects a zipf alpha of 0 and of 40 with the sensible range', () => {
    expect(errorsOf(VALID.replace('alpha: 1.0', 'alpha: 0'))[0]).toMatch(/8:\d+ namespaces\[0\]\.skew\.alpha: zipf alpha must be above 0/);
    expect(errorsOf(VALID.replace('alpha: 1.0', 'alpha: 40'))[0]).toMatch(/namespaces\[0\]\.skew\.alpha: zipf alpha above 5/);
  });

  it('rejects an empty namespace list', () => {
    const text = VALID.replace(/namespaces:\n( {2}.*\n| {4}.*\n)+?ttlMatrix/, 'namespaces: []\nttlMatrix');
    expect(errorsOf(text)).toContain('d.yaml:3:13 namespaces: a design needs at least one namespace');
  });

  it('rejects a file far too large to be a design without parsing it', () => {
    const [error] = errorsOf(`# ${'x'.repeat(3 * 1024 * 1024)}\n${VALID}`);
    expect(error).toMatch(/^d\.yaml:1:1 file is 3\.0 MB; a design is at most 2 MB/);
  });

  it('finds names that point nowhere: data class, rule namespace, operation namespace', () => {
    const text = VALID.replace('dataClass: catalog', 'dataClass: catalogue')
      .replace('{ namespace: products, weight: 1 }', '{ namespace: product, weight: 1 }');
    const errors = errorsOf(text);
    expect(errors).toContain('d.yaml:9:16 namespaces[0].dataClass: data class "catalogue" has no row in ttlMatrix; known: catalog');
    expect(errors).toContain('d.yaml:22:20 traffic.operations[0].namespace: no namespace named "product"; known: products');
  });

  it('reports an unclosed brace in a key pattern', () => {
    const [error] = errorsOf(VALID.replace('"products:{id}"', '"products:{id"'));
    expect(error).toMatch(/namespaces\[0\]\.pattern: pattern "products:\{id" has an unclosed or empty "\{" at column 10/);
  });
});

describe('overrides', () => {
  it('sets a field by path and the result is validated like the file', () => {
    const override = parseOverride('server.maxmemoryPolicy=allkeys-lfu');
    if (typeof override === 'string') throw new Error(override);
    const applied = applyOverrides(VALID, [override]);
    expect(applied.ok).toBe(true);
    if (!applied.ok) return;
    const result = loadDesign(applied.text);
    expect(result.ok && result.design.server.maxmemoryPolicy).toBe('allkeys-lfu');
  });

  it('selects list items by name and reads numbers as numbers', () => {
    const override = parseOverride('namespaces.products.cardinality=5000');
    if (typeof override === 'string') throw new Error(override);
    const applied = applyOverrides(VALID, [override]);
    const result = applied.ok ? loadDesign(applied.text) : null;
    expect(result?.ok && result.design.namespaces[0].cardinality).toBe(5000);
  });

  it('names the missing item when a path does not exist', () => {
    const override = parseOverride('namespaces.orders.cardinality=5');
    if (typeof override === 'string') throw new Error(override);
    expect(applyOverrides(VALID, [override])).toEqual({ ok: false, error: '--set namespaces.orders.cardinality: no item "orders" in namespaces (use its name or index)' });
    expect(parseOverride('nonsense')).toMatch(/must look like path=value/);
  });
});
