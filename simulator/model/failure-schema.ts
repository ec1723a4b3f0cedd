/**
 * What can fail on the cache side of a design, and what survives it: `server.persistence`,
 * `server.replication` (replicas, Sentinel), the top-level `failures:` timeline, the client's
 * behaviour while Redis errors (`client.onRedisError`, `client.commandTimeout`) and the warm-up on
 * recovery (`recovery.warmup`). The pub/sub side keeps its own `pubsub.failures`; a cache failure
 * of the primary also cuts the pub/sub connections of a design whose bus runs on the same Redis.
 */
import { z } from 'zod';
import { duration, identifier, percent, rate } from './fields';

export const PERSISTENCE_MODES = ['none', 'rdb', 'aof-everysec', 'aof-always', 'hybrid'] as const;
export type PersistenceMode = (typeof PERSISTENCE_MODES)[number];

export const persistenceSchema = z.object({
  mode: z.enum(PERSISTENCE_MODES).default('none')
    .describe('none: a restart starts empty; rdb: a snapshot every rdbEvery (loses what came after it); aof-everysec: loses at most ~1 s; aof-always: loses nothing; hybrid: AOF with an RDB preamble (aof-use-rdb-preamble yes)'),
  rdbEvery: duration.default('5m').describe('rdb/hybrid: time between snapshots (save <seconds> 1)'),
  loadRate: rate.default('500000/s').describe('keys per second a restarting server loads from its RDB/AOF before it accepts commands'),
}).strict();
export type PersistenceSpec = z.infer<typeof persistenceSchema>;

export const sentinelSchema = z.object({
  sentinels: z.number().int().min(1).max(7).default(3),
  quorum: z.number().int().min(1).max(7).default(2),
  downAfter: duration.default('5s').describe('down-after-milliseconds: silence before a sentinel marks the primary down'),
  failoverTimeout: duration.default('60s').describe('failover-timeout'),
}).strict();
export type SentinelSpec = z.infer<typeof sentinelSchema>;

export const replicationSchema = z.object({
  replicas: z.number().int().min(0).max(5).default(0).describe('replicas of the primary (of each shard in cluster mode)'),
  lag: duration.default('1ms').describe('asynchronous replication lag: writes this recent are lost when a replica is promoted'),
  wait: z.number().int().min(0).max(5).default(0).describe('WAIT numreplicas after each write: acknowledged writes survive a promotion'),
  sentinel: sentinelSchema.optional().describe('Sentinel watches the primary and promotes a replica when it dies'),
}).strict();
export type ReplicationSpec = z.infer<typeof replicationSchema>;

const at = duration.describe('when, from run start');
export const cacheFailureSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('primary-crash'), at,
    restartAfter: duration.default('10s').describe('the same server process is back after this long (then loads its RDB/AOF, if any)'),
  }).strict(),
  z.object({
    kind: z.literal('sentinel-failover'), at,
    restartAfter: duration.optional().describe('the old primary comes back (as a replica) after this long; default: never during the run'),
  }).strict().describe('the primary dies; Sentinel promotes a replica (needs replication.replicas ≥ 1 and replication.sentinel)'),
  z.object({ kind: z.literal('manual-failover'), at }).strict()
    .describe('SENTINEL FAILOVER: a replica is promoted without a crash (writes in flight see errors briefly)'),
  z.object({
    kind: z.literal('partition'), at, duration: duration.default('5s'),
    share: percent.default('100%').describe('share of clients that cannot reach Redis meanwhile'),
  }).strict(),
  z.object({
    kind: z.literal('shard-failover'), at, shard: z.number().int().min(0).default(0),
  }).strict().describe('cluster mode: one master dies and its replica takes over (needs replication.replicas ≥ 1)'),
]);
export type CacheFailureSpec = z.infer<typeof cacheFailureSchema>;
export type CacheFailureKind = CacheFailureSpec['kind'];

export const recoverySchema = z.object({
  warmup: z.object({
    namespaces: z.array(identifier).min(1).describe('critical namespaces reloaded from the origin when Redis is back'),
    rate: rate.default('5000/s').describe('keys per second the warm-up loads (origin load it adds)'),
  }).strict().optional(),
}).strict();
export type RecoverySpec = z.infer<typeof recoverySchema>;

/** Client fields about Redis failures (merged into the design's `client` section). */
export const clientFailureFields = {
  onRedisError: z.enum(['origin', 'fail']).default('origin')
    .describe('when Redis errors or times out: origin = read from the origin (cache-aside falls through), fail = the request fails'),
  commandTimeout: duration.default('1s').describe('a command unanswered this long is an error (ioredis commandTimeout)'),
};

/** The `failures` section of a RunResult: what the timeline cost (both engines fill it). */
export const failureMetricsSchema = z.object({
  events: z.array(z.object({
    kind: z.string(),
    atMs: z.number(),
    /** Redis unreachable or erroring for clients: first error to last error of this event (ms). */
    unavailableMs: z.number(),
    /** Requests that saw a Redis error or timeout during this event. */
    errors: z.number(),
    /** Requests that failed (onRedisError: fail) or fell through to the origin. */
    failedRequests: z.number(),
    fellThrough: z.number(),
    /** Keys lost: not in the cache after recovery although they were before (persistence, replication lag). */
    keysLost: z.number(),
    /** Reads that returned a value older than the last acknowledged write (after a promotion). */
    staleReads: z.number(),
    /** Hit ratio before the event (the preceding window), its lowest after, and ms until it is back within 1 pp. */
    hitRatioBefore: z.number(),
    hitRatioMin: z.number(),
    recoveryMs: z.number().nullable(),
    /** Origin queries per second at the peak after the event (the herd on a cold cache). */
    originPeakQps: z.number(),
  })),
  /** Fork copy-on-write headroom for BGSAVE/AOF rewrite, against maxmemory. */
  forkHeadroomBytes: z.number().optional(),
  recommendations: z.array(z.string()),
});
export type FailureMetrics = z.infer<typeof failureMetricsSchema>;
