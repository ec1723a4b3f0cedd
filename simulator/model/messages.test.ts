import { describe, expect, it } from 'vitest';
import { formatDesignError, loadDesign } from './load';
import { fieldNames, syntaxMessage } from './messages';

const VALID = `$schema: ./design.schema.json
version: 1
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
    prod: { ttl: 5m }
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

describe('design messages say what to write instead', () => {
  it('the fixture is valid', () => {
    expect(errorsOf(VALID)).toEqual([]);
  });

  it('a block list inside brackets', () => {
    expect(errorsOf(VALID.replace('  phases:\n    - { shape: steady, rate: 2000/s, duration: 1m }\n', '  phases: [\n    - { shape: steady, rate: 2000/s, duration: 1m }\n  ]\n'))).toEqual([
      'd.yaml:21:5 a "- item" or "key: value" line is inside [ ] or { }; close the brackets on the line they open, or drop them and write one item per line',
    ]);
  });

  it('a tab indent is one message, not the parser\'s cascade', () => {
    expect(errorsOf(VALID.replace('  maxmemory: 64mb', '\tmaxmemory: 64mb'))).toEqual([
      'd.yaml:17:1 a tab indents this line; YAML indents with spaces only (2 per level)',
    ]);
  });

  it('a stray "?" is located on its line and says what to write', () => {
    expect(errorsOf(VALID.replace('server:\n', '?\nserver:\n'))).toEqual([
      'd.yaml:16:2 a line has "?" or ":" with no field name in the top level; remove it, or write "name: value"',
    ]);
  });

  it('a misspelt field: did you mean, at the field, without a second "missing" error', () => {
    expect(errorsOf(VALID.replace('cardinality:', 'cardinalty:'))).toEqual([
      'd.yaml:7:5 namespaces[0].cardinalty: unknown field "cardinalty" in namespaces[0] (did you mean cardinality?)',
    ]);
    expect(errorsOf(VALID.replace('namespaces:', 'namespace:'))).toEqual([
      'd.yaml:4:1 namespace: unknown field "namespace" in the top level (did you mean namespaces?)',
    ]);
    expect(errorsOf(VALID.replace('maxmemoryPolicy', 'maxmemory-policy'))).toEqual([
      'd.yaml:18:3 server.maxmemory-policy: unknown field "maxmemory-policy" in server (did you mean maxmemoryPolicy?)',
    ]);
    expect(errorsOf(VALID.replace('alpha:', 'alfa:'))).toEqual([
      'd.yaml:9:25 namespaces[0].skew.alfa: unknown field "alfa" in namespaces[0].skew (did you mean alpha?)',
    ]);
  });

  it('a missing top-level field is reported at version, not on the $schema line', () => {
    const text = VALID.replace(/traffic:[\s\S]*$/, '');
    expect(errorsOf(text)).toEqual(['d.yaml:2:1 traffic: is missing; add "traffic:" with a mapping']);
  });

  it('a missing nested field says what to add', () => {
    expect(errorsOf(VALID.replace('    cardinality: 1000\n', ''))).toEqual([
      'd.yaml:5:5 namespaces[0].cardinality: is missing; add "cardinality:" with a number',
    ]);
  });

  it('a missing field of several forms, and an empty section, say what to write', () => {
    expect(errorsOf(VALID.replace('    valueSize: 1kb\n', ''))).toEqual([
      'd.yaml:5:5 namespaces[0].valueSize: is missing; add "valueSize:" with a string or a mapping',
    ]);
    expect(errorsOf(VALID.replace(/server:\n.*\n.*\n/, 'server:\n'))).toEqual([
      'd.yaml:16:8 server: is empty; write its fields on the lines below it, indented',
    ]);
  });

  it('field names come from the JSON Schema, through lists, maps and unions', () => {
    expect(fieldNames([])).toContain('namespaces');
    expect(fieldNames(['namespaces', 0])).toEqual(expect.arrayContaining(['cardinality', 'valueSize', 'dataClass']));
    expect(fieldNames(['ttlMatrix', 'anyClass', 'dev'])).toEqual(expect.arrayContaining(['ttl', 'jitter']));
    expect(fieldNames(['namespaces', 0, 'skew'])).toEqual(expect.arrayContaining(['dist', 'alpha']));
    expect(fieldNames(['nothing-here'])).toEqual([]);
  });

  it('keeps the first line of a parser message it has no wording for', () => {
    expect(syntaxMessage('SOMETHING_NEW', 'Odd thing at line 3, column 1:\n\n  detail')).toBe('Odd thing');
  });
});
