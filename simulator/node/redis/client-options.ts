/**
 * ioredis options for a live run's data connection. The choices, and why:
 *
 * - `enableOfflineQueue: false`: ioredis's offline queue has no size limit, so a run that keeps
 *   issuing requests against a dead server would buffer without bound and then replay a stale
 *   burst. With it off, a command issued while disconnected fails at once; the engine counts it
 *   as an error (which is what the application would see) and may wait for 'ready'.
 * - `maxRetriesPerRequest: 0` and `autoResendUnfulfilledCommands: false`: commands in flight when
 *   the connection drops fail at that moment instead of being resent after reconnection, where a
 *   non-idempotent INCR or SPUBLISH would apply twice and latencies would be meaningless.
 * - A retry strategy of exponential backoff with jitter (50·2^(n−1) ms, capped at 2 s) that gives
 *   up once the outage has lasted `reconnectDeadlineMs`, so a server that is gone for good ends
 *   the run instead of hanging it. The same policy bounds cluster and sentinel reconnection.
 * - `lazyConnect: true`: connectTarget awaits connect() so failures surface, classified, there.
 * - A cluster without ioredis's ready check (it can hang connect(), see buildClusterOptions); the
 *   callers ping every master instead (checkClusterHealth).
 * - RESP3 stays on (ioredis 6's default, with RESP2-shaped replies): nothing here depends on the
 *   protocol, and ioredis falls back to RESP2 by itself on servers older than Redis 6.
 */
import { readFile } from 'node:fs/promises';
import type { ConnectionOptions } from 'node:tls';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Target, TargetTls } from './target';
import { LIVE_DEADLINES } from './deadline';

/** The backoff policy. `random` and `now` are injectable for tests. */
export interface RetryPolicy {
  baseMs?: number;
  capMs?: number;
  /** Give up once reconnecting has taken this long (0: never retry). */
  deadlineMs: number;
  random?: () => number;
  now?: () => number;
}

/**
 * The delay before reconnection attempt `attempt` (1-based): exponential, capped, with "equal
 * jitter" (half fixed, half random) so many clients do not reconnect in lockstep yet no delay
 * exceeds the cap.
 */
export function backoffDelayMs(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>, random: () => number = Math.random): number {
  const base = policy.baseMs ?? 50;
  const cap = policy.capMs ?? 2000;
  const exponential = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/**
 * A retry strategy for ioredis: `times` restarts at 1 after each successful connection, which
 * marks the start of a new outage; returns null (stop) once the outage exceeds the deadline.
 */
export function createRetryStrategy(policy: RetryPolicy): (times: number) => number | null {
  const now = policy.now ?? Date.now;
  let outageStart = now();
  return (times: number) => {
    if (times <= 1) outageStart = now();
    const remaining = policy.deadlineMs - (now() - outageStart);
    if (remaining <= 0) return null;
    return Math.max(1, Math.min(remaining, backoffDelayMs(times, policy, policy.random)));
  };
}

/** Passwords resolved from the environment and TLS files read from disk. */
export interface ResolvedSecrets {
  password?: string;
  sentinelPassword?: string;
  tls?: ConnectionOptions;
}

/** Reads the CA, certificate and key files named by a target's TLS settings. */
export async function loadTls(tls: TargetTls): Promise<ConnectionOptions> {
  const read = (path: string | undefined): Promise<Buffer | undefined> =>
    path === undefined
      ? Promise.resolve(undefined)
      : readFile(path).catch((error: NodeJS.ErrnoException) => {
        throw new Error(`Cannot read TLS file ${path} (${error.code ?? error.message}).`);
      });
  const [ca, cert, key] = await Promise.all([read(tls.caFile), read(tls.certFile), read(tls.keyFile)]);
  return { ca, cert, key, servername: tls.servername, rejectUnauthorized: tls.rejectUnauthorized };
}

/** Extras a caller may set on the data connection. */
export interface DataConnectionExtras {
  /** Prefixes every key ioredis sends (not SCAN patterns), e.g. a RunGuard's prefix. */
  keyPrefix?: string;
  connectionName?: string;
  /** Cluster only: one extra subscriber connection per master, needed for SSUBSCRIBE. */
  shardedSubscribers?: boolean;
  retry?: Omit<RetryPolicy, 'deadlineMs'>;
  /** A command without a reply for this long is rejected, unless the target sets its own commandTimeoutMs. */
  commandTimeoutMs?: number;
}

/** Options shared by every Redis connection of the run (cluster nodes included). */
function perConnection(target: Target, secrets: ResolvedSecrets, extras: DataConnectionExtras): RedisOptions {
  return {
    username: target.username,
    password: secrets.password,
    connectTimeout: target.connectTimeoutMs,
    // Every connection's commands are bounded (cleanup, a connection test, recovery too), not only the run's.
    commandTimeout: target.commandTimeoutMs ?? extras.commandTimeoutMs ?? LIVE_DEADLINES.commandMs,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    keyPrefix: extras.keyPrefix,
    connectionName: extras.connectionName ?? 'keyspace-workbench',
    tls: secrets.tls,
  };
}

/** ioredis options for a standalone, unix-socket or sentinel target. */
export function buildRedisOptions(
  target: Exclude<Target, { kind: 'cluster' }>,
  secrets: ResolvedSecrets,
  extras: DataConnectionExtras = {},
): RedisOptions {
  const retryStrategy = createRetryStrategy({ ...extras.retry, deadlineMs: target.reconnectDeadlineMs });
  const options: RedisOptions = {
    ...perConnection(target, secrets, extras),
    db: target.db,
    lazyConnect: true,
    enableOfflineQueue: false,
    retryStrategy,
  };
  switch (target.kind) {
    case 'standalone':
      return { ...options, host: target.host, port: target.port };
    case 'unix':
      return { ...options, path: target.path, tls: undefined };
    case 'sentinel':
      return {
        ...options,
        sentinels: target.sentinels.map(({ host, port }) => ({ host, port })),
        name: target.masterName,
        sentinelUsername: target.sentinelUsername,
        sentinelPassword: secrets.sentinelPassword,
        // ioredis's default retries resolving the master forever; bound it like the rest.
        sentinelRetryStrategy: createRetryStrategy({ ...extras.retry, deadlineMs: target.reconnectDeadlineMs }),
        // Follow a failover: on the sentinels' +switch-master the connection drops and resolves the
        // new master (a demoted master would keep serving reads and refuse writes with READONLY).
        failoverDetector: true,
        // One TLS setting for the whole deployment: to the master (enableTLSForSentinelMode
        // makes ioredis use `tls` there) and to the sentinels (sentinelTLS).
        enableTLSForSentinelMode: secrets.tls !== undefined,
        sentinelTLS: secrets.tls,
      };
  }
}

/** ioredis options for a cluster target (startup nodes are passed separately). */
export function buildClusterOptions(
  target: Extract<Target, { kind: 'cluster' }>,
  secrets: ResolvedSecrets,
  extras: DataConnectionExtras = {},
): ClusterOptions {
  // Cluster's redisOptions type omits retryStrategy/enableOfflineQueue: the cluster owns those.
  // keyPrefix belongs to the Cluster object: set on the nodes too, keys would be prefixed twice.
  const { keyPrefix, ...redisOptions } = perConnection(target, secrets, extras);
  return {
    keyPrefix,
    redisOptions,
    lazyConnect: true,
    enableOfflineQueue: false,
    // ioredis's ready check sends CLUSTER INFO to a random node; when that node is a dead master,
    // connect() never settles (the cluster reconnects on its own and the caller waits forever).
    // connectTarget and the live run check the masters themselves (checkClusterHealth).
    enableReadyCheck: false,
    clusterRetryStrategy: createRetryStrategy({ ...extras.retry, deadlineMs: target.reconnectDeadlineMs }),
    // Sharded pub/sub needs one subscriber per master (messages arrive as 'smessage'); off
    // unless asked for, since it costs a connection per master.
    shardedSubscribers: extras.shardedSubscribers ?? false,
  };
}

/** A client of any target, not yet connected (call connect()): a Cluster for a cluster, a Redis otherwise. */
export function createTargetClient(target: Target, secrets: ResolvedSecrets, extras: DataConnectionExtras = {}): Redis | Cluster {
  return target.kind === 'cluster'
    ? new Cluster(target.nodes.map(({ host, port }) => ({ host, port })), buildClusterOptions(target, secrets, extras))
    : new Redis(buildRedisOptions(target, secrets, extras));
}
