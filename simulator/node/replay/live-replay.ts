/**
 * Recorded commands on a live connection: the RecordedClient (simulator/run/recorded-client.ts,
 * the simulated replay's own) and the cache-aside client behind a RecordedPipePort, paced by the
 * recorded timestamps divided by the speed (max: as fast as replies come back). Replies come back
 * in the order sent and go to the clients in that order, so they count what the simulator counts:
 * with `cacheAside`, nothing is sent that a read still unanswered could schedule a load before
 * (its time + rtt + the origin's least latency), and a load lands only once every read before it
 * is answered. The connection is a managed redis-server (managed-replay.ts) or, in tests, a fake
 * one backed by the simulator's keyspace (../live/fake-pipe.ts).
 *
 * Every wait is bounded (LIVE_DEADLINES.commandMs): a server that stops answering stops the
 * replay with a RedisTargetError naming it, without waiting on it again.
 */
import { LatencyHistogram } from '../../metrics';
import type { RecordedKeyLayout, RecordingSummary, RunPlan, RunResult, Snapshot } from '../../run';
import { RecordedClient } from '../../run';
import { CacheAsideClient } from '../../run/cache-aside';
import { KeyRecords } from '../../run/key-records';
import type { RecordBatch, RecordedKeys } from '../../trace';
import { distQuantile, Rng } from '../../traffic';
import { classifyRedisError, LIVE_DEADLINES, RedisTargetError } from '../redis';
import type { InfoSample } from '../live/info';
import type { CommandPipe } from '../live/pipe';
import type { ReplyListener } from '../live/resp-pipeline';
import { ValueSource } from '../live/values';
import { liveResult } from './live-result';
import { ratio, sum } from '../../run/client-result';
import { RecordedKeyCodec, RecordedPipePort } from './recorded-pipe-port';

/** Commands in flight at most. */
const PIPELINE = 512;
const SNAPSHOT_EVERY_MS = 1000;

export interface LiveReplayOptions {
  /** Recorded time divided by this (Infinity = as fast as possible). */
  speed: number;
  /** redis-server to start (default: KEYSPACE_REDIS_SERVER, then PATH). */
  binaryPath?: string;
  /** A GET that misses loads from the origin and SETs with the namespace's TTL, as the simulator does. */
  cacheAside?: boolean;
  /** Wall clock (ms); injectable for tests. */
  clock?: () => number;
}

/** The server a live replay runs on. */
export interface ReplayConnection {
  /** The data connection, its replies to `listener`. */
  open(listener: ReplyListener): Promise<CommandPipe>;
  /** INFO, parsed. */
  info(): Promise<InfoSample>;
  /** The server as named in messages. */
  describe: string;
  departures: string[];
  warnings: string[];
  /** Closes the connections (and stops a managed server). */
  close(): Promise<void>;
}

export class LiveRecordedReplay {
  private readonly latency = new LatencyHistogram();
  private readonly window = new LatencyHistogram({ significantDigits: 2 });
  private readonly series: Snapshot[] = [];
  private readonly client: CacheAsideClient;
  private readonly recorded: RecordedClient;
  private readonly port: RecordedPipePort;
  private readonly leastLoadMs: number;
  private readonly clock: () => number;
  private readonly startMs: number;
  private lastSnapshotMs = 0;
  private lastHits = 0;
  private lastMisses = 0;
  /** Set once the server stopped answering or refused: nothing more is sent. */
  private failure: RedisTargetError | undefined;
  private waiting: (() => void) | null = null;
  private lastReplyWallMs = performance.now();
  private readonly watchdog: ReturnType<typeof setInterval>;
  readonly warnings: string[] = [];

  private constructor(private readonly plan: RunPlan, layout: RecordedKeyLayout, keys: RecordedKeys, summary: RecordingSummary,
    private readonly connection: ReplayConnection, pipe: CommandPipe, relay: { to?: RecordedPipePort }, private readonly options: LiveReplayOptions) {
    const rng = new Rng(plan.seed);
    const host = { fatal: (error: RedisTargetError) => this.fail(error), wake: () => this.wake() };
    this.port = new RecordedPipePort(pipe, new RecordedKeyCodec(keys), new ValueSource(plan.seed), host, connection.describe);
    relay.to = this.port;
    this.client = new CacheAsideClient(plan, layout, new KeyRecords(layout), this.port, rng.fork('client'), this.latency, this.window);
    this.recorded = new RecordedClient(plan, layout, this.client, this.port, options.cacheAside ?? false, summary.firstUs);
    this.port.client = this.client;
    this.port.recorded = this.recorded;
    this.leastLoadMs = plan.client.rttMs + distQuantile(plan.origin.latencyMs, 0);
    this.clock = options.clock ?? (() => performance.now());
    this.startMs = this.clock();
    this.warnings.push(...connection.warnings);
    // A server that stops answering: no reply for the command deadline while commands wait.
    this.watchdog = setInterval(() => {
      if (pipe.inFlight > 0 && performance.now() - this.lastReplyWallMs > LIVE_DEADLINES.commandMs) {
        this.fail(classifyRedisError(new Error('Command timed out'), { target: connection.describe, phase: 'command' }));
      }
    }, 100);
  }

  /** A replay over `connection` (closed by finish, or here when opening fails). */
  static async over(connection: ReplayConnection, plan: RunPlan, layout: RecordedKeyLayout, keys: RecordedKeys, summary: RecordingSummary,
    options: LiveReplayOptions): Promise<LiveRecordedReplay> {
    const relay: { to?: RecordedPipePort } = {};
    const listener: ReplyListener = { onReply: (...args) => relay.to?.onReply(...args) };
    let pipe: CommandPipe;
    try {
      pipe = await connection.open(listener);
    } catch (error) {
      await connection.close();
      throw error;
    }
    return new LiveRecordedReplay(plan, layout, keys, summary, connection, pipe, relay, options);
  }

  private get pipe(): CommandPipe {
    return this.port.pipe;
  }

  private fail(error: RedisTargetError): void {
    this.failure ??= new RedisTargetError(error.code, `${error.message} The replay stopped.`, { cause: error });
    this.wake();
  }

  private wake(): void {
    this.lastReplyWallMs = performance.now();
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
  }

  /** Waits for the next reply (or a failure, thrown). */
  private async reply(): Promise<void> {
    if (this.failure) throw this.failure;
    this.pipe.flush();
    await new Promise<void>((resolve) => {
      this.waiting = resolve;
    });
    if (this.failure) throw this.failure;
  }

  /**
   * Before a record at plan time `now`: the loads due by then land, each once every read before it
   * is answered, and every read whose miss could load by then is answered.
   */
  private async catchUp(now: number): Promise<void> {
    const { client, recorded } = this;
    const events = client.events;
    for (;;) {
      const oldestRead = recorded.oldestLoadingReadMs;
      if (events.size > 0 && events.peekTime() <= now) {
        if (oldestRead < events.peekTime()) await this.reply();
        else client.applyNextEvent();
      } else if (oldestRead !== Infinity && oldestRead + this.leastLoadMs <= now) {
        await this.reply();
      } else {
        return;
      }
    }
  }

  /** Issues the first `count` records of a batch, paced by their recorded times. */
  async feed(batch: RecordBatch, count: number, shouldStop: () => boolean = () => false, from = 0): Promise<void> {
    const speed = this.options.speed;
    for (let i = from; i < count; i++) {
      if (shouldStop()) break;
      if (this.failure) throw this.failure;
      const now = this.recorded.planTime(batch.timeUs[i]);
      if (Number.isFinite(speed)) {
        const lateBy = now / speed - (this.clock() - this.startMs);
        if (lateBy > 2) {
          this.pipe.flush();
          await new Promise((resolve) => setTimeout(resolve, lateBy));
        }
      }
      await this.catchUp(now);
      while (this.recorded.mustWaitForReads(batch, i)) await this.reply();
      this.recorded.apply(batch, i, now);
      while (this.pipe.inFlight >= PIPELINE) await this.reply();
      if (this.clock() - this.lastSnapshotMs >= SNAPSHOT_EVERY_MS) await this.snapshot();
    }
    this.pipe.flush();
  }

  private async snapshot(): Promise<InfoSample> {
    const now = this.clock();
    // After a failure, the failure (an INFO to a frozen server times out as well, later).
    const info = await this.connection.info().catch((error: unknown) => {
      throw this.failure ?? error;
    });
    const { hits: nsHits, misses: nsMisses } = this.recorded;
    const hits = sum(nsHits);
    const misses = sum(nsMisses);
    const windowHits = hits - this.lastHits;
    const windowMisses = misses - this.lastMisses;
    this.client.flushLatency();
    this.series.push({
      tMs: now - this.startMs, requests: this.client.requests,
      hitRatio: ratio(windowHits, windowHits + windowMisses), cumulativeHitRatio: ratio(hits, hits + misses), hits, misses,
      evictedKeys: info.evictedKeys, expiredKeys: info.expiredKeys, usedMemoryBytes: info.usedMemory, keys: info.keys,
      staleReads: 0, oomRejections: sum(this.client.oomRejections), originQueriesPerSec: 0, originConcurrency: 0,
      p50Ms: this.window.valueAtPercentile(50) / 1000, p95Ms: this.window.valueAtPercentile(95) / 1000, p99Ms: this.window.valueAtPercentile(99) / 1000,
      namespaceHitRatio: Array.from(nsHits, (h, n) => ratio(h, h + nsMisses[n])),
    });
    this.window.reset();
    this.lastHits = hits;
    this.lastMisses = misses;
    this.lastSnapshotMs = now;
    return info;
  }

  /**
   * The loads still due land, every reply is in, a final INFO, the RunResult (engine live); then
   * the connection closes. After a failure it sends nothing more and rethrows it.
   */
  async finish(partial: boolean): Promise<RunResult> {
    try {
      if (this.failure) throw this.failure;
      await this.catchUp(Infinity);
      while (this.pipe.inFlight > 0) await this.reply();
      const info = await this.snapshot();
      const durationMs = this.clock() - this.startMs;
      const { hits, misses } = this.recorded;
      if (info.keyspaceHits !== sum(hits) || info.keyspaceMisses !== sum(misses)) {
        this.warnings.push(`INFO counts ${info.keyspaceHits} hits and ${info.keyspaceMisses} misses; the replies counted ${sum(hits)} and ${sum(misses)}`);
      }
      if (this.recorded.outOfOrder > 0) this.warnings.push(`${this.recorded.outOfOrder} records were out of time order; each was applied at the latest time seen`);
      for (const [code, count] of this.port.errors) this.warnings.push(`${count} commands failed (${code})`);
      return liveResult({
        plan: this.plan, info, partial, durationMs, latency: this.latency, series: this.series, warnings: this.warnings,
        hits, misses, client: this.client, departures: [...this.connection.departures,
          'live: latency is each command\'s round trip, a hit\'s as measured; SET KEEPTTL after a cache-aside fill keeps the fill\'s TTL on Redis, where the simulator keeps only a recorded TTL'],
      });
    } finally {
      clearInterval(this.watchdog);
      this.pipe.close();
      await this.connection.close();
    }
  }
}
