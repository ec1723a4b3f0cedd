/**
 * Recorded commands on a real Redis: a managed redis-server started with the design's server
 * settings, every recorded GET/SET/DEL/EXPIRE issued under a prefix (`ksr:` and, for keys of
 * another DB, `db<N>:`) in pipelines paced by the recorded timestamps divided by the speed (max:
 * as fast as replies come back). Hits and misses are counted from the replies per namespace and
 * checked against INFO's keyspace_hits/misses; evictions, expiries and memory come from INFO.
 *
 * Every wait is bounded (LIVE_DEADLINES.commandMs): a server that stops answering fails the
 * pipeline in flight, and the replay stops with a RedisTargetError naming the server, without
 * waiting on it again; the server is stopped (SIGKILL after its grace period) either way.
 */
import { Redis } from 'ioredis';
import type { RunPlan, RunResult, Snapshot, RecordedKeyLayout, RecordingSummary } from '../../run';
import { LatencyHistogram } from '../../metrics';
import { OP_DELETE, OP_EXPIRE, OP_FLUSH, OP_READ, OP_WRITE, TTL_KEEP } from '../../trace';
import type { RecordBatch, RecordedKeys } from '../../trace';
import { distMean } from '../../traffic';
import { classifyRedisError, isConnectionClosedError, LIVE_DEADLINES, RedisTargetError, startManagedRedis, withDeadline } from '../redis';
import type { ManagedRedis } from '../redis';
import { parseInfo } from '../live';
import { liveResult, ratio, sum } from './live-result';
import { REPLY_OVERHEAD_BYTES, REQUEST_OVERHEAD_BYTES, SET_EXTRA_BYTES } from '../../run/cache-aside';

const PREFIX = 'ksr:';
/** Commands per pipeline at most. */
const PIPELINE = 512;
const SNAPSHOT_EVERY_MS = 1000;

export interface LiveReplayOptions {
  /** Recorded time divided by this (Infinity = as fast as possible). */
  speed: number;
  /** redis-server to start (default: KEYSPACE_REDIS_SERVER, then PATH). */
  binaryPath?: string;
  /** A GET that misses is followed by a SET with the namespace's TTL. */
  cacheAside?: boolean;
  /** Wall clock (ms); injectable for tests. */
  clock?: () => number;
}

interface Pending {
  op: number;
  namespace: number;
  /** Reads under cache-aside: the key id and key, to fill on a miss. */
  id: number;
  key: Buffer | null;
}

export class LiveRecordedReplay {
  private readonly latency = new LatencyHistogram();
  private readonly window = new LatencyHistogram({ significantDigits: 2 });
  private readonly hits: Float64Array;
  private readonly misses: Float64Array;
  private readonly writes: Float64Array;
  private readonly oom: Float64Array;
  private readonly defaultSizes: Int32Array;
  private readonly sizes: Int32Array;
  private readonly series: Snapshot[] = [];
  private pipeline: ReturnType<Redis['pipeline']>;
  private pending: Pending[] = [];
  private values = Buffer.alloc(4096, 0x78);
  private readonly startMs: number;
  private lastSnapshotMs = 0;
  private lastHits = 0;
  private lastMisses = 0;
  private requests = 0;
  private sets = 0;
  private deletes = 0;
  private bytesToRedis = 0;
  private bytesFromRedis = 0;
  private skippedFlushes = 0;
  private readonly clock: () => number;
  /** Set once the server stopped answering: nothing more is sent. */
  private failure: RedisTargetError | undefined;
  readonly warnings: string[] = [];

  private constructor(
    private readonly plan: RunPlan,
    private readonly layout: RecordedKeyLayout,
    private readonly keys: RecordedKeys,
    private readonly summary: RecordingSummary,
    private readonly server: ManagedRedis,
    private readonly client: Redis,
    private readonly options: LiveReplayOptions,
  ) {
    const n = plan.namespaces.length;
    this.hits = new Float64Array(n);
    this.misses = new Float64Array(n);
    this.writes = new Float64Array(n);
    this.oom = new Float64Array(n);
    this.sizes = new Int32Array(layout.totalKeys);
    this.defaultSizes = Int32Array.from(plan.namespaces, (ns) => Math.max(1, Math.round(distMean(ns.valueBytes))));
    this.pipeline = client.pipeline();
    this.clock = options.clock ?? (() => performance.now());
    this.startMs = this.clock();
  }

  /** Starts a managed redis-server with the plan's settings and connects to it. */
  static async start(plan: RunPlan, layout: RecordedKeyLayout, keys: RecordedKeys, summary: RecordingSummary, options: LiveReplayOptions): Promise<LiveRecordedReplay> {
    const s = plan.server;
    const warnings: string[] = [];
    let policy: string = s.policy;
    if (policy === 'exact-lru') {
      policy = 'allkeys-lru';
      warnings.push('exact-lru is a simulator reference; the live server runs allkeys-lru');
    }
    const server = await startManagedRedis({
      binaryPath: options.binaryPath,
      settings: {
        maxmemory: s.maxmemoryBytes, 'maxmemory-policy': policy, 'maxmemory-samples': s.maxmemorySamples,
        'lfu-log-factor': s.lfuLogFactor, 'lfu-decay-time': s.lfuDecayTimeMin, hz: s.hz, 'active-expire-effort': s.activeExpireEffort,
      },
    });
    const client = new Redis({
      host: server.host, port: server.port, maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false,
      commandTimeout: LIVE_DEADLINES.commandMs,
    });
    client.on('error', () => undefined);
    try {
      await withDeadline(client.ping(), LIVE_DEADLINES.commandMs, `PING on the managed redis-server (pid ${server.pid})`);
    } catch (error) {
      client.disconnect();
      await server.stop();
      throw error;
    }
    const replay = new LiveRecordedReplay(plan, layout, keys, summary, server, client, options);
    replay.warnings.push(...warnings);
    return replay;
  }

  /** Issues the first `count` records of a batch, paced by their recorded times. */
  async feed(batch: RecordBatch, count: number, shouldStop: () => boolean = () => false): Promise<void> {
    const speed = this.options.speed;
    for (let i = 0; i < count; i++) {
      if (shouldStop()) break;
      if (Number.isFinite(speed)) {
        const dueMs = (batch.timeUs[i] - this.summary.firstUs) / 1000 / speed;
        const lateBy = dueMs - (this.clock() - this.startMs);
        if (lateBy > 2) {
          await this.flush();
          const wait = dueMs - (this.clock() - this.startMs);
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
      this.issue(batch, i);
      if (this.pending.length >= PIPELINE) await this.flush();
    }
    await this.flush();
  }

  private issue(batch: RecordBatch, i: number): void {
    const op = batch.op[i];
    const id = batch.keyId[i];
    if (op === OP_FLUSH) {
      this.skippedFlushes++;
      return;
    }
    if (id < 0) return;
    const ns = this.layout.namespaceOf(id);
    const key = this.keyOf(id, batch.db[i]);
    const p = this.pipeline;
    this.requests++;
    switch (op) {
      case OP_READ:
        p.getBuffer(key);
        this.bytesToRedis += key.length + REQUEST_OVERHEAD_BYTES;
        break;
      case OP_WRITE: {
        const size = batch.valueBytes[i] >= 0 ? Math.max(1, batch.valueBytes[i]) : this.sizeOf(id, ns);
        this.sizes[id] = size;
        const ttl = batch.ttlMs[i];
        const value = this.value(size);
        if (ttl > 0) p.set(key, value, 'PX', Math.max(1, Math.round(ttl)));
        else if (ttl === TTL_KEEP) p.set(key, value, 'KEEPTTL');
        else p.set(key, value);
        this.sets++;
        this.writes[ns]++;
        this.bytesToRedis += key.length + size + REQUEST_OVERHEAD_BYTES + SET_EXTRA_BYTES;
        break;
      }
      case OP_DELETE:
        p.del(key);
        this.deletes++;
        this.bytesToRedis += key.length + REQUEST_OVERHEAD_BYTES;
        break;
      case OP_EXPIRE: {
        const ttl = batch.ttlMs[i];
        if (ttl > 0) p.pexpire(key, Math.max(1, Math.round(ttl)));
        else p.persist(key);
        this.bytesToRedis += key.length + REQUEST_OVERHEAD_BYTES + 8;
        break;
      }
      default:
        this.requests--;
        return;
    }
    this.pending.push({ op, namespace: ns, id, key: op === OP_READ && this.options.cacheAside ? key : null });
  }

  /** Sends the pipeline and counts its replies. */
  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const pending = this.pending;
    const pipeline = this.pipeline;
    this.pending = [];
    this.pipeline = this.client.pipeline();
    const sent = this.clock();
    const replies = await this.exec(pipeline);
    const us = Math.round((this.clock() - sent) * 1000);
    const fills: number[] = [];
    replies.forEach(([error, value], i) => {
      const { op, namespace } = pending[i];
      this.latency.record(us);
      this.window.record(us);
      if (error) {
        if (/OOM/.test(error.message)) this.oom[namespace]++;
        return;
      }
      if (op === OP_READ) {
        if (value === null) {
          this.misses[namespace]++;
          if (this.options.cacheAside) fills.push(i);
        } else {
          this.hits[namespace]++;
          this.bytesFromRedis += (value as Buffer).length;
        }
      }
      this.bytesFromRedis += REPLY_OVERHEAD_BYTES;
    });
    if (fills.length > 0) await this.fill(pending, fills);
    if (this.clock() - this.lastSnapshotMs >= SNAPSHOT_EVERY_MS) await this.snapshot();
  }

  /**
   * Cache-aside: SETs the keys whose GET missed, with their namespace's TTL (no origin delay):
   * without PX for `ttl: none`, not at all for a namespace that is not cached (`ttl: 0s`).
   */
  private async fill(pending: Pending[], indices: number[]): Promise<void> {
    const pipeline = this.client.pipeline();
    const filled: number[] = [];
    for (const i of indices) {
      const { id, key, namespace } = pending[i];
      const ttlMs = this.plan.namespaces[namespace].ttlMs;
      if (key === null || ttlMs === 0) continue;
      const value = this.value(this.sizeOf(id, namespace));
      if (ttlMs === null) pipeline.set(key, value);
      else pipeline.set(key, value, 'PX', Math.max(1, Math.round(ttlMs)));
      filled.push(i);
      this.sets++;
      this.bytesToRedis += key.length + value.length + REQUEST_OVERHEAD_BYTES + SET_EXTRA_BYTES;
    }
    const replies = await this.exec(pipeline);
    replies.forEach(([error], n) => { if (error && /OOM/.test(error.message)) this.oom[pending[filled[n]].namespace]++; });
  }

  /** The server as named in messages. */
  private get description(): string {
    return `the managed redis-server (pid ${this.server.pid}, ${this.server.host}:${this.server.port})`;
  }

  /**
   * A pipeline's replies, within the command deadline. A command that timed out or lost its
   * connection stops the replay: the next pipelines would wait the same way.
   */
  private async exec(pipeline: ReturnType<Redis['pipeline']>): Promise<Array<[Error | null, unknown]>> {
    if (this.failure) throw this.failure;
    try {
      const replies = (await withDeadline(pipeline.exec(), LIVE_DEADLINES.commandMs + 1000, `A pipeline to ${this.description}`)) ?? [];
      const lost = replies.find(([error]) => error !== null && (isConnectionClosedError(error) || /Command timed out/.test(error.message)));
      if (lost) throw lost[0];
      return replies;
    } catch (error) {
      const classified = classifyRedisError(error, { target: this.description, phase: 'command' });
      this.failure = new RedisTargetError(classified.code, `${classified.message} The replay stopped.`, { cause: error });
      throw this.failure;
    }
  }

  private keyOf(id: number, db: number): Buffer {
    const bytes = this.keys.bytesOf(id);
    const prefix = db === 0 ? PREFIX : `${PREFIX}db${db}:`;
    const key = Buffer.allocUnsafe(prefix.length + bytes.length);
    key.write(prefix, 0, 'latin1');
    key.set(bytes, prefix.length);
    return key;
  }

  private value(size: number): Buffer {
    if (size > this.values.length) this.values = Buffer.alloc(Math.max(size, this.values.length * 2), 0x78);
    return this.values.subarray(0, size);
  }

  private sizeOf(id: number, ns: number): number {
    return this.sizes[id] > 0 ? this.sizes[id] : this.defaultSizes[ns];
  }

  private async snapshot(): Promise<void> {
    const now = this.clock();
    const info = await this.info();
    const hits = sum(this.hits);
    const misses = sum(this.misses);
    const windowHits = hits - this.lastHits;
    const windowMisses = misses - this.lastMisses;
    this.series.push({
      tMs: now - this.startMs,
      requests: this.requests,
      hitRatio: ratio(windowHits, windowHits + windowMisses),
      cumulativeHitRatio: ratio(hits, hits + misses),
      hits,
      misses,
      evictedKeys: info.evictedKeys,
      expiredKeys: info.expiredKeys,
      usedMemoryBytes: info.usedMemory,
      keys: info.keys,
      staleReads: 0,
      oomRejections: sum(this.oom),
      originQueriesPerSec: 0,
      originConcurrency: 0,
      p50Ms: this.window.valueAtPercentile(50) / 1000,
      p95Ms: this.window.valueAtPercentile(95) / 1000,
      p99Ms: this.window.valueAtPercentile(99) / 1000,
      namespaceHitRatio: Array.from(this.hits, (h, n) => ratio(h, h + this.misses[n])),
    });
    this.window.reset();
    this.lastHits = hits;
    this.lastMisses = misses;
    this.lastSnapshotMs = now;
  }

  private async info(): Promise<ReturnType<typeof parseInfo>> {
    return parseInfo(await withDeadline(this.client.info(), LIVE_DEADLINES.commandMs, `INFO on ${this.description}`), 0);
  }

  /**
   * Final INFO, the RunResult (engine live), then the server is stopped. After a failure it
   * sends nothing more and rethrows it.
   */
  async finish(partial: boolean): Promise<RunResult> {
    try {
      if (this.failure) throw this.failure;
      await this.flush();
      await this.snapshot();
      const info = await this.info();
      const durationMs = this.clock() - this.startMs;
      const hits = sum(this.hits);
      const misses = sum(this.misses);
      if (info.keyspaceHits !== hits || info.keyspaceMisses !== misses) {
        this.warnings.push(`INFO counts ${info.keyspaceHits} hits and ${info.keyspaceMisses} misses; the replies counted ${hits} and ${misses}`);
      }
      if (this.skippedFlushes > 0) this.warnings.push(`${this.skippedFlushes} FLUSHDB/FLUSHALL records were not replayed on the live server`);
      return liveResult({
        plan: this.plan, info, partial, durationMs, latency: this.latency, series: this.series, warnings: this.warnings,
        hits: this.hits, misses: this.misses, writes: this.writes, oom: this.oom, requests: this.requests, sets: this.sets,
        deletes: this.deletes, bytesToRedis: this.bytesToRedis, bytesFromRedis: this.bytesFromRedis,
        departures: [
          `live: redis-server ${this.server.version}, keys under the prefix "${PREFIX}" in DB 0 (other DBs as ${PREFIX}db<N>:); latency is each pipeline's round trip, not per command`,
          'live: per-namespace evictions, expiries and memory are not available from INFO (0)',
        ],
      });
    } finally {
      this.client.disconnect();
      await this.server.stop();
    }
  }
}
