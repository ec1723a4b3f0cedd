import { describe, expect, it } from 'vitest';
import { loadDesign } from './load';

function errorsOf(extra: string, server = ''): string[] {
  const text = `version: 1
name: failure checks
namespaces:
  - { name: products, pattern: "products:{id}", cardinality: 100, valueSize: 100b, dataClass: catalog }
ttlMatrix:
  catalog: { dev: { ttl: 1m }, staging: { ttl: 1m }, prod: { ttl: 1m } }
server:
  maxmemory: 0b
${server}
traffic:
  phases: [{ shape: steady, rate: 10/s, duration: 10s }]
  operations: [{ namespace: products, weight: 1 }]
${extra}
`;
  const loaded = loadDesign(text);
  return loaded.ok ? [] : loaded.errors.map((e) => `${e.line}:${e.path}: ${e.message}`);
}

describe('failure timeline checks', () => {
  it('accepts a Sentinel failover with replicas, Sentinel and a warm-up of a known namespace', () => {
    expect(errorsOf('failures:\n  - { kind: sentinel-failover, at: 5s }\nrecovery:\n  warmup: { namespaces: [products] }',
      '  replication: { replicas: 1, sentinel: { sentinels: 3, quorum: 2 } }')).toEqual([]);
  });

  it('locates a failover without replicas or Sentinel, a quorum over the sentinels and WAIT without replicas', () => {
    expect(errorsOf('failures:\n  - { kind: sentinel-failover, at: 5s }')).toEqual([
      expect.stringMatching(/^\d+:failures\[0\]\.kind: sentinel-failover promotes a replica: set server.replication.replicas/),
      expect.stringMatching(/^\d+:failures\[0\]\.kind: sentinel-failover needs Sentinel: add server.replication.sentinel/),
    ]);
    expect(errorsOf('', '  replication: { replicas: 1, wait: 2, sentinel: { sentinels: 3, quorum: 4 } }')).toEqual([
      expect.stringMatching(/server\.replication\.sentinel\.quorum: quorum 4 is more than the 3 sentinels/),
      expect.stringMatching(/server\.replication\.wait: WAIT 2 needs that many replicas; the design has 1/),
    ]);
  });

  it('locates a shard failover off a cluster or on a shard that does not exist', () => {
    expect(errorsOf('failures:\n  - { kind: shard-failover, at: 5s, shard: 3 }', '  replication: { replicas: 1 }')).toEqual([
      expect.stringMatching(/failures\[0\]\.kind: shard-failover needs a cluster/),
      expect.stringMatching(/failures\[0\]\.shard: shard 3 does not exist; the cluster's 3 masters are numbered 0 to 2/),
    ]);
    expect(errorsOf('failures:\n  - { kind: shard-failover, at: 5s, shard: 2 }', '  cluster: true\n  replication: { replicas: 1 }')).toEqual([]);
  });

  it('locates events out of time order and a warm-up of an unknown namespace', () => {
    expect(errorsOf('failures:\n  - { kind: primary-crash, at: 8s }\n  - { kind: partition, at: 2s }\nrecovery:\n  warmup: { namespaces: [prodcts] }')).toEqual([
      expect.stringMatching(/failures\[1\]\.at: at 2s is before the previous event's; list events in time order/),
      expect.stringMatching(/recovery\.warmup\.namespaces\[0\]: no namespace named "prodcts"; known: products/),
    ]);
  });
});
