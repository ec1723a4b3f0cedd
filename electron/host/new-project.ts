/** The design a new project starts from: small, valid, and a story of its own. */
export const NEW_PROJECT_TEXT = `# A new design: one cached namespace in front of a database. Change the TTL matrix, the
# maxmemory or the traffic and run it to see the hit ratio move.
version: 1
name: Untitled design

namespaces:
  - name: items
    pattern: "items:{id}"
    cardinality: 10000
    valueSize: 1kb
    skew: { dist: zipf, alpha: 1.0 }
    dataClass: default

ttlMatrix:
  default:
    dev: { ttl: 30s }
    staging: { ttl: 5m, jitter: 10% }
    prod: { ttl: 5m, jitter: 10% }

server:
  maxmemory: 64mb
  maxmemoryPolicy: allkeys-lru

origin:
  latency: { dist: lognormal, p50: 20ms, p99: 120ms }
  maxConcurrency: 50

traffic:
  seed: 1
  phases:
    - { name: steady, shape: steady, rate: 1000/s, duration: 2m }
  operations:
    - { namespace: items, op: read, weight: 1 }

targets: ["hitRatio>=0.8"]
`;
