/**
 * Test support (not exported from index.ts): a design that exercises every export feature — hash
 * tags, all five invalidation actions, an uncached class, a class cached without expiry (ttl: none
 * in prod), jitter, single-flight, a rate limit,
 * sharded pub/sub with a Streams class, targets of every kind, and a name that needs escaping.
 */
import type { Design } from '../model';
import { formatDesignError, loadDesign } from '../model';

export const FIXTURE_YAML = `version: 1
name: 'Export fixture: "quotes", #hash & <tags> -- done'
description: A design that uses every feature the exports know about.
environments: [dev, prod]
defaultEnvironment: prod
namespaces:
  - { name: products, pattern: "products:{id}", cardinality: 2000, valueSize: 1kb, skew: { dist: zipf, alpha: 1.0 }, dataClass: catalog, readWrite: "95/5" }
  - { name: listings, pattern: "products:list:{page}", cardinality: 50, valueSize: 4kb, dataClass: lists }
  - { name: room-members, pattern: "room:{{roomId}}:members", cardinality: 200, valueSize: 512b, dataClass: rooms, readWrite: "90/10" }
  - { name: profiles, pattern: "user:{id}:profile", cardinality: 500, valueSize: 1kb, dataClass: profile, readWrite: "90/10" }
  - { name: drafts, pattern: "draft:{id}", cardinality: 100, valueSize: 1kb, dataClass: drafts, readWrite: "80/20" }
  - { name: geo, pattern: "geo:{cell}", cardinality: 100, valueSize: 256b, dataClass: geo, readWrite: "90/10" }
  - { name: orders, pattern: "orders:{id}", cardinality: 1000, valueSize: 1kb, dataClass: sensitive }
  - { name: sessions, pattern: "session:{id}", cardinality: 300, valueSize: 512b, dataClass: pinned, readWrite: "90/10" }
ttlMatrix:
  catalog: { dev: { ttl: 30s }, prod: { ttl: 5m, jitter: 10% } }
  lists: { dev: { ttl: 30s }, prod: { ttl: 2m, jitter: 5% } }
  rooms: { dev: { ttl: 1m }, prod: { ttl: 2h, jitter: 10% } }
  profile: { dev: { ttl: 1m }, prod: { ttl: 15m, jitter: 5% } }
  drafts: { dev: { ttl: 1m }, prod: { ttl: 10m } }
  geo: { dev: { ttl: 1m }, prod: { ttl: 90s, jitter: 20% } }
  sensitive: { dev: { ttl: 0s }, prod: { ttl: 0s } }
  pinned: { dev: { ttl: 10m, jitter: 10% }, prod: { ttl: none } }
invalidation:
  - { on: products, action: delete }
  - { on: products, action: delete-pattern, target: "products:list:*" }
  - { on: room-members, action: delete, delay: 20ms }
  - { on: profiles, action: write-through }
  - { on: drafts, action: write-behind, delay: 200ms }
  - { on: geo, action: ttl-only }
  - { on: sessions, action: write-through }
server: { maxmemory: 64mb, maxmemoryPolicy: allkeys-lfu, maxmemorySamples: 7, lfuLogFactor: 12, lfuDecayTime: 2m, hz: 20, activeExpireEffort: 3 }
origin: { latency: 20ms, maxConcurrency: 32, capacity: 500/s }
client: { singleFlight: true }
traffic:
  seed: 3
  phases: [{ name: steady, shape: steady, rate: 400/s, duration: 20s }]
  operations:
    - { namespace: products, weight: 40 }
    - { namespace: listings, op: read, weight: 15 }
    - { namespace: room-members, weight: 15 }
    - { namespace: profiles, weight: 10 }
    - { namespace: drafts, weight: 5 }
    - { namespace: geo, weight: 10 }
    - { namespace: orders, op: read, weight: 5 }
pubsub:
  classes: [{ name: live, delivery: pubsub }, { name: critical, delivery: streams }]
  channels:
    - { name: room-events, pattern: "room:{{roomId}}:events", count: 20, class: live, publishRate: 50/s }
    - { name: alerts, pattern: "alerts:{region}", count: 4, class: critical, publishRate: 1/s }
  topology: { mode: cluster, shards: 3, publish: sharded, outputBufferLimit: { hard: 16mb, soft: 4mb, softFor: 30s } }
  clients: { total: 200 }
  backpressure: { queueLimit: 500, policy: drop-oldest, heartbeat: 25s }
targets: ["hitRatio>=0.5", "p95<=100ms", "fanout.p95<=200ms", "namespaces.products.hitRatio>=0.5"]
`;

/** Loads design text, throwing the located errors (for tests). */
export function designFrom(text: string): Design {
  const loaded = loadDesign(text);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => formatDesignError('design', e)).join('\n'));
  return loaded.design;
}

export function fixtureDesign(): Design {
  return designFrom(FIXTURE_YAML);
}

/** The fixture without its pub/sub section (and the fan-out target that needs it). */
export const FIXTURE_WITHOUT_PUBSUB = FIXTURE_YAML.replace(/pubsub:\n( {2}.*\n)+/, '').replace(', "fanout.p95<=200ms"', '');

/** The fixture without invalidation rules. */
export const FIXTURE_WITHOUT_RULES = FIXTURE_YAML.replace(/invalidation:\n( {2}- .*\n)+/, 'invalidation: []\n');

/** The fixture with a limiter of every algorithm (short periods, small limits). */
export const FIXTURE_WITH_RATE_LIMITS = `${FIXTURE_YAML}rateLimits:
  - { name: per-ip, pattern: "rate_limit:{ip}", clients: 3, limit: 4, period: 800ms, algorithm: fixed-window }
  - { name: per-user, pattern: "rate_log:{user}", keyedBy: user, clients: 3, limit: 5, period: 60s, algorithm: sliding-log }
  - { name: per-key-aligned, pattern: "rate_aligned:{apiKey}", keyedBy: apiKey, clients: 3, limit: 9, period: 1m, algorithm: fixed-window, window: aligned }
  - { name: per-endpoint, pattern: "rate_gcra:{endpoint}", keyedBy: endpoint, clients: 3, limit: 8, period: 10s, algorithm: gcra }
  - { name: per-tenant, pattern: "rate_counter:{user}", keyedBy: user, clients: 3, limit: 6, period: 10s, algorithm: sliding-counter }
  - { name: per-token, pattern: "rate_bucket:{apiKey}", keyedBy: apiKey, clients: 3, limit: 7, period: 3s, algorithm: token-bucket }
`;
