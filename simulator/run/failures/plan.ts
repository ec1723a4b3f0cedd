/**
 * The cache side's failure timeline compiled for a run: each event as the windows in which
 * clients cannot use Redis, and the point in time the keyspace falls back to when it comes back.
 * The model of each kind (stated, as REDIS-FACTS states Redis's own numbers):
 * - primary-crash: the process is gone for restartAfter (ioredis queues commands offline, each
 *   fails after commandTimeout), then loads its RDB/AOF at loadRate keys/s answering -LOADING at
 *   once; none keeps nothing, rdb the last snapshot (taken every rdbEvery from run start),
 *   aof-everysec and hybrid all but the last second, aof-always everything.
 * - sentinel-failover: the primary dies; down-after-milliseconds pass, then PROMOTION_MS for the
 *   sentinels' vote, REPLICAOF NO ONE and ioredis asking Sentinel for the new primary (commands
 *   time out meanwhile); the replica lacks the writes of the last `lag` (none with WAIT ≥ 1).
 * - manual-failover: SENTINEL FAILOVER; the old primary's clients are disconnected and reconnect
 *   through Sentinel: MANUAL_FAILOVER_MS of immediate errors; the replica may lack the last `lag`.
 * - partition: a share of the clients' packets are dropped for `duration` (commands time out).
 * - shard-failover: one master of the cluster dies; after cluster-node-timeout and PROMOTION_MS
 *   its replica serves its slots; only that shard's keys error, and they lose the last `lag`.
 */
import type { Design } from '../../model';
import { CACHE_CLUSTER_SHARDS, parseDurationMs, parseRatePerSec } from '../../model';
import type { CacheFailureKind, PersistenceMode } from '../../model';
import type { PlanFailure } from '../../pubsub';

/** From down-after (or cluster-node-timeout) to clients on the promoted replica (ms). */
export const PROMOTION_MS = 1000;
/** A manual failover's window of disconnected clients (ms). */
export const MANUAL_FAILOVER_MS = 500;
/** keepUntilMs for a crash that keeps nothing: before any SET (the first is at 0 ms). */
export const EVERYTHING_LOST = -1;
/** What appendfsync everysec (and hybrid) can lose at a crash (ms). */
export const AOF_EVERYSEC_LOSS_MS = 1000;

/** A stretch of time in which (some) clients cannot use Redis. */
export interface PlannedWindow {
  startMs: number;
  /** For a crash's LOADING window: computed when the crash happens (keys to load ÷ loadRate). */
  endMs: number;
  /** timeout: commands fail after commandTimeout; refused: at once. */
  mode: 'timeout' | 'refused';
}

export interface PlannedFailure {
  kind: CacheFailureKind;
  atMs: number;
  windows: PlannedWindow[];
  /** A crash that loads the keyspace from disk after the restart: a LOADING window follows. */
  loads: boolean;
  /** Keys SET after this time (ms) are lost; null: nothing is lost; −1 (EVERYTHING_LOST): every key (finite, so a plan survives JSON). */
  keepUntilMs: number | null;
  /** Share of clients affected (partition), 1 otherwise. */
  share: number;
  /** Cluster shard whose keys are affected; −1: every key. */
  shard: number;
}

export interface PlannedFailures {
  events: PlannedFailure[];
  persistence: { mode: PersistenceMode; rdbEveryMs: number; loadRatePerSec: number };
  onRedisError: 'origin' | 'fail';
  commandTimeoutMs: number;
  /** Namespace indices the warm-up reloads when Redis is back, and its rate (keys/s). */
  warmup: { namespaces: number[]; ratePerSec: number } | null;
  shards: number;
  warnings: string[];
}

/** The design's failure settings, or null when it has no failure timeline and no persistence. */
export function compileFailures(design: Design, durationMs: number): PlannedFailures | null {
  const { persistence, replication } = design.server;
  if (design.failures.length === 0 && persistence.mode === 'none') return null;
  const timeoutMs = ms(design.client.commandTimeout);
  const lagLossMs = replication.wait >= 1 ? 0 : ms(replication.lag);
  const warnings: string[] = [];
  const events = design.failures.map((f, i): PlannedFailure => {
    const atMs = ms(f.at);
    if (atMs >= durationMs) warnings.push(`failures[${i}]: ${f.kind} at ${f.at} is at or after the end of the run (${durationMs} ms): it never happens`);
    const base = { kind: f.kind, atMs, loads: false, keepUntilMs: null, share: 1, shard: -1 };
    const timeout = (endMs: number): PlannedWindow => ({ startMs: atMs, endMs, mode: 'timeout' });
    switch (f.kind) {
      case 'primary-crash': {
        const restartMs = atMs + ms(f.restartAfter);
        return { ...base, windows: [timeout(restartMs)], loads: persistence.mode !== 'none', keepUntilMs: crashKeepsUntil(design, atMs) };
      }
      case 'sentinel-failover':
        return { ...base, windows: [timeout(atMs + ms(replication.sentinel?.downAfter ?? '5s') + PROMOTION_MS)], keepUntilMs: atMs - lagLossMs };
      case 'manual-failover':
        return { ...base, windows: [{ startMs: atMs, endMs: atMs + MANUAL_FAILOVER_MS, mode: 'refused' }], keepUntilMs: atMs - lagLossMs };
      case 'partition':
        return { ...base, windows: [timeout(atMs + ms(f.duration))], share: Number.parseFloat(f.share) / 100 };
      case 'shard-failover':
        return { ...base, windows: [timeout(atMs + ms(replication.nodeTimeout) + PROMOTION_MS)], keepUntilMs: atMs - lagLossMs, shard: f.shard };
    }
  });
  const indexOf = new Map(design.namespaces.map((ns, i) => [ns.name, i]));
  const warmup = design.recovery?.warmup;
  return {
    events,
    persistence: { mode: persistence.mode, rdbEveryMs: ms(persistence.rdbEvery), loadRatePerSec: rate(persistence.loadRate) },
    onRedisError: design.client.onRedisError,
    commandTimeoutMs: timeoutMs,
    warmup: warmup ? { namespaces: warmup.namespaces.map((name) => indexOf.get(name) ?? 0), ratePerSec: rate(warmup.rate) } : null,
    shards: CACHE_CLUSTER_SHARDS,
    warnings,
  };
}

/** What a crash at `atMs` keeps: keys SET up to the returned time (EVERYTHING_LOST: nothing; null: all). */
function crashKeepsUntil(design: Design, atMs: number): number | null {
  const { mode, rdbEvery } = design.server.persistence;
  switch (mode) {
    case 'none': return EVERYTHING_LOST;
    case 'rdb': {
      const every = ms(rdbEvery);
      const lastSnapshot = Math.floor(atMs / every) * every;
      return lastSnapshot > 0 ? lastSnapshot : EVERYTHING_LOST;
    }
    case 'aof-everysec':
    case 'hybrid':
      return atMs - AOF_EVERYSEC_LOSS_MS;
    case 'aof-always': return null;
  }
}

/**
 * The cache failures as the pub/sub model's (its bus runs on the same Redis): a crash or failover
 * of the primary is the pub/sub node failing for the same window; a partition of every client
 * disconnects the subscribers for its duration. The primary is node 0 of a cluster bus; partial
 * partitions do not reach the bus.
 */
export function pubsubFailuresOf(failures: PlannedFailures, nodes: number): PlanFailure[] {
  const out: PlanFailure[] = [];
  for (const f of failures.events) {
    const window = f.windows[0];
    const base: PlanFailure = { kind: 'shard-failover', atMs: f.atMs, worker: -1, node: 0, durationMs: window.endMs - window.startMs, silent: false, share: 1 };
    if (f.kind === 'partition') {
      if (f.share >= 1) out.push({ ...base, kind: 'subscriber-disconnect', node: -1 });
    } else if (f.kind === 'shard-failover') {
      if (f.shard < nodes) out.push({ ...base, node: f.shard });
    } else {
      out.push(base);
    }
  }
  return out;
}

function ms(text: string): number {
  const parsed = parseDurationMs(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

function rate(text: string): number {
  const parsed = parseRatePerSec(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}
