import { describe, expect, it } from 'vitest';
import { loadDesign } from './load';

function errorsOf(namespace: string, cell: string, version: string): string[] {
  const text = `version: 1
name: hash field checks
namespaces:
  - { name: sessions, pattern: "session:{id}", cardinality: 100, valueSize: 100b, dataClass: session${namespace} }
ttlMatrix:
  session: { dev: { ttl: 1h }, staging: { ttl: 1h }, prod: { ttl: 1h${cell} } }
server:
  version: ${version}
traffic:
  phases: [{ shape: steady, rate: 10/s, duration: 10s }]
  operations: [{ namespace: sessions, weight: 1 }]
`;
  const loaded = loadDesign(text);
  return loaded.ok ? [] : loaded.errors.map((e) => `${e.line}:${e.path}: ${e.message}`);
}

const HASH = ', type: hash, fields: 10, fieldSize: 64b';

describe('hash namespaces and field TTLs', () => {
  it('accepts a hash namespace whose fields carry TTLs on redis-7.4', () => {
    expect(errorsOf(HASH, ', fieldTtl: 30s, jitter: 10%', 'redis-7.4')).toEqual([]);
  });

  it('locates fieldTtl on a version without hash-field expiration (redis-7.0, redis-7.2, valkey-8.0)', () => {
    for (const version of ['redis-7.0', 'redis-7.2', 'valkey-8.0']) {
      const errors = errorsOf(HASH, ', fieldTtl: 30s', version);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(new RegExp(`^6:ttlMatrix\\.session\\.prod\\.fieldTtl: server\\.version ${version} .* has no hash-field expiration`));
    }
  });

  it('locates fieldTtl on a string namespace, and fields without type: hash', () => {
    expect(errorsOf('', ', fieldTtl: 30s', 'redis-7.4')).toEqual([
      '6:ttlMatrix.session.prod.fieldTtl: fieldTtl applies to hash namespaces; data class "session" is used by string namespace sessions (give them type: hash, or a data class of their own)',
    ]);
    expect(errorsOf(', fields: 10', '', 'redis-7.4')).toEqual([
      '4:namespaces[0].fields: fields applies to hash namespaces; "sessions" is a string namespace (add type: hash)',
    ]);
  });

  it('locates a hash namespace without fields or fieldSize, and a fieldTtl that never expires', () => {
    const errors = errorsOf(', type: hash', ', fieldTtl: none', 'redis-7.4');
    expect(errors.map((e) => e.split(': ')[0])).toEqual(['4:namespaces[0].fields', '4:namespaces[0].fieldSize', '6:ttlMatrix.session.prod.fieldTtl']);
    expect(errors[2]).toContain('gives fields no expiry');
  });
});
