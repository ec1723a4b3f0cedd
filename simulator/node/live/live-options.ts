/**
 * What a caller chooses about a live run: where it goes (LiveTarget) and how it runs
 * (LiveEngineOptions), and the run id that names its keys on a user's server.
 */
import { randomBytes } from 'node:crypto';
import type { SpeedRequest } from '../../run';
import type { PasswordEnv } from '../redis';
import type { LiveFailureScenario } from './failure-scenario';

/** Where a live run goes. */
export type LiveTarget =
  | 'managed'
  | 'managed-cluster'
  | {
    url: string;
    allowNonEmpty?: boolean;
    /**
     * Run even where the footprint estimate says the server could evict keys the run does not
     * own (eviction-guard.ts); the run still stops at the first such eviction.
     */
    allowEvictionRisk?: boolean;
    db?: number;
    passwordEnv?: string;
  };

export interface LiveEngineOptions {
  target: LiveTarget;
  /** redis-server to start for managed targets (default: KEYSPACE_REDIS_SERVER, then PATH). */
  redisServerPath?: string;
  /** Masters of a managed cluster (default 3). */
  shards?: number;
  /**
   * A number speeds the plan up that many times (scalePlan: durations, TTLs and delays divided,
   * rates multiplied) and paces it at wall-clock time; 1 (default) replays it as written. 'auto'
   * and 'max' choose the factor (run/time-scale.ts); 'max' sends unpaced when no TTL runs out.
   */
  speed?: SpeedRequest;
  /** Highest request rate 'auto' and 'max' ask of the client (default DEFAULT_MAX_RATE_PER_SEC). */
  maxRatePerSec?: number;
  /** Monotonic milliseconds (default performance.now). */
  clock?: () => number;
  /** 'resp' (default): the fast pipelining client where the target allows; 'ioredis' forces ioredis. */
  client?: 'resp' | 'ioredis';
  /** Commands in flight at most (default: from maxmemory, so values in flight stay ≤ 1 % of it; 64 … 1024). */
  pipelineDepth?: number;
  /** Run id for the key prefix on a user's server (default random). */
  runId?: string;
  /** Where tools (redis-server) are looked up (default process.env); never read for passwords. */
  env?: NodeJS.ProcessEnv;
  /** The only environment variables a target's passwordEnv may name, with their values (default: none). */
  passwords?: PasswordEnv;
  /**
   * A command without a reply for this long drops the data connection, and fails on the control
   * connection (default: the URL's commandTimeoutMs, then 5 s).
   */
  commandTimeoutMs?: number;
  /** How long to try reconnecting after a drop before stopping (default: the target's, 30 s; managed 10 s). */
  reconnectDeadlineMs?: number;
  /** Start on a whole wall-clock second, like Redis's LRU clock (default true unless speed is 'max'). */
  alignStart?: boolean;
  /**
   * The design's failure timeline, executed for real (failure-driver.ts): a managed target then
   * runs as a primary with the design's replicas and sentinels (managed-sentinel.ts), a managed
   * cluster with its replicas per shard; the result carries `failures`.
   */
  failures?: LiveFailureScenario;
  /** Called once the server(s) are up (managed) or connected (URL), before traffic starts. */
  onReady?: (info: { url: string; pids: number[] }) => void;
}

/** A fresh run id; on a user's server the run's keys are `kw:<run id>:…`. */
export function newLiveRunId(): string {
  return `live-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
