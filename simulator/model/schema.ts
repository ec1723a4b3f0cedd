/**
 * The design file (version 1): key namespaces, the TTL matrix, invalidation rules, server settings,
 * the origin behind the cache, and the traffic to replay. The zod schema is the single source of
 * truth: types are inferred from it and `presets/design.schema.json` is generated from it.
 */
import { z } from 'zod';
import { distributionOf, duration, identifier, percent, rate, size, ttl } from './fields';
import { pubsubSchema } from './pubsub-schema';
import { abusiveTrafficSchema, rateLimitSchema } from './rate-limit-schema';
import { cacheFailureSchema, clientFailureFields, persistenceSchema, recoverySchema, replicationSchema } from './failure-schema';
import { keySkew } from './skew';
import { DEFAULT_SERVER_VERSION, SERVER_VERSIONS } from '../cache/profiles';

export const EVICTION_POLICIES = [
  'noeviction', 'allkeys-lru', 'volatile-lru', 'allkeys-lfu', 'volatile-lfu',
  'allkeys-random', 'volatile-random', 'volatile-ttl',
] as const;

/** The eight Redis policies plus `exact-lru`, a true-LRU reference that no Redis implements. */
export const policyName = z.enum([...EVICTION_POLICIES, 'exact-lru'], {
  error: (issue) => `"${String(issue.input)}" is not a maxmemory-policy; valid: ${[...EVICTION_POLICIES, 'exact-lru'].join(', ')}`,
});

const namespace = z.object({
  name: identifier,
  pattern: z.string().min(1).describe('key pattern; {name} is a placeholder taking the key index, {{name}} renders a hash tag'),
  cardinality: z.number().int().min(1, 'a namespace needs at least one key').max(100_000_000, 'at most 100 million keys per namespace'),
  valueSize: distributionOf(size),
  skew: keySkew.default({ dist: 'uniform' }),
  dataClass: identifier.describe('row of the TTL matrix'),
  readWrite: z.string().regex(/^\d{1,3}\/\d{1,3}$/, 'read/write mix as "95/5"').default('100/0')
    .describe('share of reads vs writes when an operation names this namespace without an op'),
  type: z.enum(['string', 'hash']).optional()
    .describe('string (the default): one value per key; hash: a hash of `fields` fields of `fieldSize` each, whose fields may carry TTLs (ttlMatrix fieldTtl, redis-7.4)'),
  fields: z.number().int().min(1).max(100_000).optional().describe('fields per hash (type: hash)'),
  fieldSize: size.optional().describe('bytes of each field\'s value (type: hash)'),
  prewarm: z.boolean().default(false)
    .describe('a cache warmer SETs every key at the start of the run (as at a deploy), all with the same TTL ± jitter (or none)'),
  description: z.string().optional(),
}).strict();

const ttlCell = z.object({
  ttl: ttl.describe('a duration; 0s means do not cache (reads go to the origin); none means cache without expiry (SET without EX: only maxmemory eviction removes keys)'),
  jitter: percent.default('0%').describe('TTL uniform in ttl·(1 ± jitter); must be 0% with ttl: none'),
  fieldTtl: ttl.optional()
    .describe('hash namespaces on redis-7.4: each field\'s own TTL (HPEXPIRE), uniform in fieldTtl·(1 ± jitter); expired fields are removed by access and by the field-expiry cycle'),
}).strict();

const invalidationRule = z.object({
  on: identifier.describe('namespace whose entity is written'),
  action: z.enum(['delete', 'delete-pattern', 'write-through', 'write-behind', 'ttl-only']),
  target: z.string().optional().describe('key pattern for delete-pattern (products:list:*); default: the written key'),
  delay: duration.default('0ms').describe('propagation delay before the action reaches the cache'),
}).strict();

const server = z.object({
  version: z.enum(SERVER_VERSIONS).default(DEFAULT_SERVER_VERSION)
    .describe('the server the model reproduces: memory per object, encodings, eviction sampling, policies (simulator/cache/profiles)'),
  maxmemory: size.default('0b').describe('0b means no limit'),
  maxmemoryPolicy: policyName.default('noeviction'),
  maxmemorySamples: z.number().int().min(1).max(64).default(5),
  lfuLogFactor: z.number().int().min(0).max(255).default(10),
  lfuDecayTime: duration.default('1m').describe('whole minutes, as lfu-decay-time'),
  hz: z.number().int().min(1).max(500).default(10),
  activeExpireEffort: z.number().int().min(1).max(10).default(1),
  cluster: z.boolean().default(false).describe('cluster mode (dictEntry is 48 bytes)'),
  persistence: persistenceSchema.default(persistenceSchema.parse({})).describe('what a restart keeps'),
  replication: replicationSchema.default(replicationSchema.parse({})).describe('replicas and Sentinel: what a failover keeps'),
}).strict();

const origin = z.object({
  latency: distributionOf(duration).default('20ms'),
  maxConcurrency: z.number().int().min(1).max(100_000).default(100).describe('connection pool of the database'),
  capacity: rate.optional().describe('queries per second the database sustains; above it queries queue'),
}).strict();

const client = z.object({
  rtt: duration.default('300us').describe('round trip to Redis'),
  singleFlight: z.boolean().default(false).describe('coalesce concurrent misses of one key into one origin load'),
  ...clientFailureFields,
}).strict();

const phase = z.discriminatedUnion('shape', [
  z.object({ name: z.string().optional(), shape: z.literal('steady'), rate, duration }).strict(),
  z.object({ name: z.string().optional(), shape: z.literal('ramp'), from: rate, to: rate, duration }).strict(),
  z.object({
    name: z.string().optional(), shape: z.literal('spike'), rate, peak: rate, duration,
    at: percent.default('50%').describe('where in the phase the spike peaks'),
    width: percent.default('10%').describe('how long the spike lasts, as a share of the phase'),
  }).strict(),
]);

const operation = z.object({
  namespace: identifier,
  op: z.enum(['read', 'write', 'list', 'invalidate', 'mixed']).default('mixed')
    .describe('mixed follows the namespace read/write mix'),
  weight: z.number().positive(),
}).strict();

const traffic = z.object({
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
  users: z.number().int().positive().optional().describe('concurrent users, informational'),
  phases: z.array(phase).min(1, 'traffic needs at least one phase'),
  operations: z.array(operation).min(1, 'traffic needs at least one operation'),
  abusive: abusiveTrafficSchema.optional().describe('clients that send over their rate limit (with rateLimits)'),
}).strict();

/** A design file, version 1. */
export const designSchema = z.object({
  $schema: z.string().optional(),
  version: z.literal(1, { error: 'version must be 1 (the only design format so far)' }),
  name: z.string().min(1),
  description: z.string().optional(),
  environments: z.array(identifier).min(1).default(['dev', 'staging', 'prod']),
  defaultEnvironment: identifier.default('prod'),
  namespaces: z.array(namespace).min(1, 'a design needs at least one namespace'),
  ttlMatrix: z.record(identifier, z.record(identifier, ttlCell))
    .describe('data class → environment → { ttl, jitter }'),
  invalidation: z.array(invalidationRule).default([]),
  server: server.default(server.parse({})),
  origin: origin.default(origin.parse({})),
  client: client.default(client.parse({})),
  traffic,
  rateLimits: z.array(rateLimitSchema).optional().describe('rate limiters whose counters share this Redis with the cache'),
  failures: z.array(cacheFailureSchema).default([]).describe('the cache side\'s failure timeline: crashes, failovers, partitions'),
  recovery: recoverySchema.optional().describe('what runs when Redis is back (warm-up of critical namespaces)'),
  pubsub: pubsubSchema.optional().describe('channels, topology, workers and clients of the pub/sub fan-out'),
  targets: z.array(z.string()).default([]).describe('assertions checked by keyspace run, e.g. "hitRatio>=0.7"'),
}).strict();

export type Design = z.infer<typeof designSchema>;
export type DesignInput = z.input<typeof designSchema>;
export type NamespaceSpec = Design['namespaces'][number];
export type InvalidationRuleSpec = Design['invalidation'][number];
export type PhaseSpec = Design['traffic']['phases'][number];
export type OperationSpec = Design['traffic']['operations'][number];
export type ServerSpec = Design['server'];
export type PolicyName = z.infer<typeof policyName>;
