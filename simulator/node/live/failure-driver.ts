/**
 * Executes a failure timeline for real during a live run, each event when the run's plan time
 * reaches its `at` (checked on every progress report, i.e. every 100 ms of plan time):
 * - primary-crash: SIGKILL the primary; after restartAfter the same server starts again on its
 *   port in its dir (so it loads its RDB/AOF, if it persists).
 * - sentinel-failover: SIGKILL the primary; the sentinels promote a replica (restartAfter: the
 *   old primary returns, and Sentinel makes it a replica).
 * - manual-failover: SENTINEL FAILOVER.
 * - partition: SIGSTOP the primary for `duration`, then SIGCONT. Every client (and the sentinels)
 *   then sees a server that accepts connections and never answers, as behind a dropped link;
 *   `share` below 100 % cannot be reproduced with the run's one data connection.
 * - shard-failover (cluster): SIGKILL a master; its replica takes over after cluster-node-timeout.
 * Each event records a key census (DBSIZE of the primary just before, and of whichever server is
 * primary as soon as one answers again) and when that was, in plan ms.
 */
import { Redis } from 'ioredis';
import type { RunSink } from '../../run';
import type { ManagedCluster, ManagedSentinelSet } from '../redis';
import type { LiveFailureEvent, LiveFailureScenario } from './failure-scenario';

/** What happened to one event of the timeline. */
export interface FailureRecord {
  kind: LiveFailureEvent['kind'];
  /** Plan ms it was due and when it was executed. */
  atMs: number;
  firedAtMs: number;
  /** Plan ms a primary answered again (restarted, promoted, resumed), if it did. */
  backAtMs: number | null;
  keysBefore: number | null;
  keysAfter: number | null;
  /** Why the event could not be executed as designed. */
  problem?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** DBSIZE, the role or INFO persistence of one port, on a short-lived connection (null when it does not answer). */
async function ask(port: number, what: 'dbsize' | 'role' | 'persistence'): Promise<number | string | null> {
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, commandTimeout: 1000, disableClientInfo: true });
  client.on('error', () => undefined);
  try {
    await client.connect();
    if (what === 'dbsize') return await client.dbsize();
    if (what === 'persistence') return await client.info('persistence');
    return /^role:(\w+)/m.exec(await client.info('replication'))?.[1] ?? null;
  } catch {
    return null;
  } finally {
    client.disconnect();
  }
}

async function poll<T>(deadlineMs: number, check: () => Promise<T | null>): Promise<T | null> {
  while (Date.now() < deadlineMs) {
    const value = await check().catch(() => null);
    if (value !== null) return value;
    await sleep(50);
  }
  return null;
}

export class FailureDriver {
  readonly records: FailureRecord[] = [];
  private next = 0;
  private readonly running: Promise<void>[] = [];
  private readonly stopped = new Set<number>();
  /** clock() minus plan time, from the last progress report. */
  private offset = 0;

  constructor(
    private readonly topology: { set?: ManagedSentinelSet; cluster?: ManagedCluster },
    private readonly scenario: LiveFailureScenario,
    /** The plan's speed-up: the timeline's times are divided by it. */
    private readonly speed: number,
    private readonly clock: () => number,
  ) {}

  /** The sink with the timeline hooked onto its progress reports. */
  wrap(sink: RunSink): RunSink {
    return {
      snapshot: (snapshot) => sink.snapshot(snapshot),
      progress: (progress) => {
        sink.progress(progress);
        this.tick(progress.tMs);
      },
    };
  }

  private planNow(): number {
    return this.clock() - this.offset;
  }

  private tick(tMs: number): void {
    this.offset = this.clock() - tMs;
    const events = this.scenario.events;
    while (this.next < events.length && events[this.next].atMs / this.speed <= tMs) {
      const event = events[this.next++];
      const record: FailureRecord = { kind: event.kind, atMs: event.atMs / this.speed, firedAtMs: tMs, backAtMs: null, keysBefore: null, keysAfter: null };
      this.records.push(record);
      this.running.push(this.execute(event, record).catch((error: Error) => {
        record.problem = error.message;
      }));
    }
  }

  /** Waits for the events still in progress (a restart, a promotion) and resumes paused servers. */
  async settle(): Promise<void> {
    await Promise.all(this.running);
    for (const pid of this.stopped) process.kill(pid, 'SIGCONT');
    this.stopped.clear();
  }

  /**
   * The copy-on-write the primary's last fork cost (INFO persistence: rdb_last_cow_size,
   * aof_last_cow_size), the headroom BGSAVE and AOF rewrites need above the data; undefined
   * where nothing forked or the primary does not answer.
   */
  async forkCowBytes(): Promise<number | undefined> {
    const set = this.topology.set;
    if (!set || this.scenario.persistence.mode === 'none') return undefined;
    const info = await ask((await set.primary()).port, 'persistence').catch(() => null);
    if (typeof info !== 'string') return undefined;
    const field = (name: string): number => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? 0);
    const cow = Math.max(field('rdb_last_cow_size'), field('aof_last_cow_size'));
    return cow > 0 ? cow : undefined;
  }

  private async execute(event: LiveFailureEvent, record: FailureRecord): Promise<void> {
    if (event.kind === 'shard-failover') return this.shardFailover(event, record);
    const set = this.topology.set;
    if (!set) throw new Error(`${event.kind} needs the managed primary (--managed)`);
    const sentinel = this.scenario.sentinel;
    const promotionMs = sentinel ? sentinel.downAfterMs + sentinel.failoverTimeoutMs + 5000 : 0;
    const old = await set.primary();
    record.keysBefore = await set.dbsize(old) ?? null;
    const promoted = async (): Promise<void> => {
      const now = await poll(Date.now() + promotionMs, async () => {
        const current = await set.primary();
        return current !== old ? current : null;
      });
      if (!now) throw new Error(`no replica was promoted within ${promotionMs} ms`);
      record.backAtMs = this.planNow();
      record.keysAfter = await set.dbsize(now) ?? null;
    };
    const restartLater = async (afterMs: number | null): Promise<void> => {
      if (afterMs === null) return;
      await sleep(Math.max(0, afterMs / this.speed - (this.planNow() - record.firedAtMs)));
      await set.restart(old);
    };
    if (event.kind === 'primary-crash') {
      await set.kill(old);
      await restartLater(event.restartAfterMs);
      record.backAtMs = this.planNow();
      const now = sentinel ? await set.primary() : old;
      record.keysAfter = await set.dbsize(now) ?? null;
    } else if (event.kind === 'sentinel-failover') {
      await set.kill(old);
      await promoted();
      await restartLater(event.restartAfterMs);
    } else if (event.kind === 'manual-failover') {
      await set.failover();
      await promoted();
    } else {
      const pid = old.process?.pid;
      if (pid === undefined) throw new Error('the primary is down; nothing to partition');
      if (event.share < 1) record.problem = `share ${Math.round(event.share * 100)} % ran as 100 %: the live run pauses the primary for every client`;
      process.kill(pid, 'SIGSTOP');
      this.stopped.add(pid);
      await sleep(event.durationMs / this.speed);
      process.kill(pid, 'SIGCONT');
      this.stopped.delete(pid);
      record.backAtMs = this.planNow();
      record.keysAfter = await set.dbsize(await set.primary()) ?? null;
    }
  }

  private async shardFailover(event: LiveFailureEvent, record: FailureRecord): Promise<void> {
    const cluster = this.topology.cluster;
    if (!cluster) throw new Error('shard-failover needs a managed cluster (--managed-cluster)');
    const masters = cluster.nodes.filter((node) => node.role === 'master');
    const victim = masters[event.shard % masters.length];
    const replica = cluster.nodes.find((node) => node.masterId === victim.id);
    if (!replica) throw new Error(`shard ${event.shard} has no replica to take over`);
    record.keysBefore = (await ask(victim.port, 'dbsize')) as number | null;
    process.kill(victim.pid, 'SIGKILL');
    const role = await poll(Date.now() + 20_000, async () => ((await ask(replica.port, 'role')) === 'master' ? 'master' : null));
    if (!role) throw new Error(`the replica ${replica.host}:${replica.port} did not take over within 20 s`);
    record.backAtMs = this.planNow();
    record.keysAfter = (await ask(replica.port, 'dbsize')) as number | null;
  }
}
