/**
 * What only a live run reports, next to the RunResult fields both engines share: the target, its
 * pacing, per-command latency, connection gaps, errors, server memory and the session's cleanup.
 */
import { z } from 'zod';

const num = z.number();

/** Commands with a client-side latency histogram. */
export const LIVE_COMMANDS = ['GET', 'SET', 'DEL', 'UNLINK', 'SCAN'] as const;
export type LiveCommand = (typeof LIVE_COMMANDS)[number];

/** Stable failure codes of a Redis target; values never change meaning once released. */
export const REDIS_ERROR_CODES = [
  'auth', // WRONGPASS, NOAUTH
  'acl-denied', // NOPERM
  'unreachable', // ECONNREFUSED, ETIMEDOUT, ENOTFOUND, no cluster/sentinel node answers
  'tls', // handshake or certificate failure, or TLS on one side only
  'oom', // -OOM command not allowed when used memory > 'maxmemory'
  'redirect-storm', // a cluster kept answering MOVED/ASK
  'cluster-redirect', // a cluster node reached through a standalone URL
  'cluster-down', // CLUSTERDOWN
  'loading', // LOADING
  'readonly', // READONLY: a replica
  'disconnected', // the connection dropped; nothing is queued while it is down
  'timeout', // a command got no reply in time
  'config', // the connection settings themselves are wrong (e.g. a password variable is unset)
  'non-empty-db', // a live run refused a database that already holds keys
  'forbidden-command', // a live run refused a destructive command
  'foreign-eviction-risk', // a live run refused a server where it could cause the eviction of keys it does not own
  'foreign-eviction', // a live run stopped: the server evicted keys the run does not own
  'unknown',
] as const;
export type RedisErrorCode = (typeof REDIS_ERROR_CODES)[number];

/** Why a live run could not start or stopped early, classified. */
export const runErrorSchema = z.object({ code: z.enum(REDIS_ERROR_CODES), message: z.string() });
export type RunError = z.infer<typeof runErrorSchema>;

/** Client-side latency of one command type. */
export const commandLatencySchema = z.object({ count: num, errors: num, p50Ms: num, p99Ms: num, meanMs: num, maxMs: num });
export type CommandLatency = z.infer<typeof commandLatencySchema>;

/** A stretch of the run without a working data connection. */
export const liveGapSchema = z.object({
  /** Plan time the connection dropped (ms). */
  startMs: num,
  /** Plan time it worked again, or null when it never did. */
  endMs: num.nullable(),
  reason: z.string(),
  /** Requests whose time came while the connection was down (not sent). */
  droppedRequests: num,
  /** Loads, invalidations and SETs that fell due meanwhile (not sent). */
  droppedCommands: num,
});
export type LiveGap = z.infer<typeof liveGapSchema>;

export const liveRunDetailsSchema = z.object({
  target: z.string(),
  managed: z.boolean(),
  serverVersion: z.string(),
  /** INFO server_name ('redis' when the server has none). */
  serverName: z.string().optional(),
  /** The server profile (server.version) that models this server, absent when none does. */
  serverProfile: z.string().optional(),
  /** Prefix of every run key ('' on a managed server). */
  prefix: z.string(),
  db: num,
  pipeline: z.enum(['resp', 'ioredis']),
  pipelineDepth: num,
  /** How far behind its schedule requests went out (0 at speed 'max'). */
  pacing: z.object({ lagP50Ms: num, lagP99Ms: num, lagMaxMs: num, lateRequests: num, achievedRequestsPerSec: num, commandsPerSec: num }),
  commands: z.record(z.enum(LIVE_COMMANDS), commandLatencySchema),
  gaps: z.array(liveGapSchema),
  /** Error replies and lost commands by classified code. */
  errors: z.record(z.string(), num),
  /** Hits and misses as the client saw them (GET replies); INFO's may include other clients. */
  clientHits: num,
  clientMisses: num,
  serverRestarts: num,
  infoSamples: num,
  /** mem_clients_normal at the end: client buffers inside used_memory (the run's own connections, mostly). */
  clientMemoryBytes: num,
  /** mem_clients_normal averaged over the run's INFO samples. */
  clientMemoryMeanBytes: num,
  /** used_memory before the first request (connections open, no keys of the run yet). */
  baselineMemoryBytes: num,
  /** mem_clients_normal before the first request. */
  baselineClientMemoryBytes: num,
  /** Where the first request fell within the wall-clock minute (ms): the phase of Redis's LRU and LFU clocks. */
  clockPhaseMs: num.optional(),
  configChanged: z.array(z.object({ name: z.string(), oldValue: z.string() })),
  configRestored: z.boolean(),
  keysDeleted: num,
  /** Keys the run did not write that the server evicted while the run watched (keyspace-events.ts). */
  foreignKeysEvicted: num,
  /** The time scale the run used: N (every time in the plan divided by N) or 'max' (time-scale.ts). */
  speed: z.union([num, z.literal('max')]),
});
export type LiveRunDetails = z.infer<typeof liveRunDetailsSchema>;
