/**
 * The eviction watcher and the per-namespace evicted/expired counts of a live run, from keyspace
 * notifications: `notify-keyspace-events` gains `E` (keyevent channels), `e` (evicted) and `x`
 * (expired), and a dedicated connection per master listens to `__keyevent@*__:evicted` (every
 * DB: keys of others in any DB matter) and `__keyevent@<db>__:expired` (the run's DB). Each
 * message carries a key name: the run's keys (the run prefix, in the run's DB) count toward their
 * namespace; any other evicted key is foreign, and the first one stops the run.
 *
 * Cost: Redis counts a subscriber's output buffer in used_memory (it can itself cause evictions)
 * and drops a subscriber past client-output-buffer-limit pubsub, so the handler stays cheap — a
 * string compare of the channel, a prefix check and one anchored regex per namespace at most —
 * and a dropped watcher is reported (onLost), never silently ignored.
 */
import type { Redis } from 'ioredis';
import { keyClassifier } from '../../run';

/** The flags the watcher needs: keyevent channels, evicted, expired. */
const NEEDED_FLAGS = ['E', 'e', 'x'] as const;

/**
 * `notify-keyspace-events` with the watcher's flags added to the server's own (A includes e and
 * x); null when the server's value already has them all.
 */
export function mergeNotifyFlags(current: string): string | null {
  const missing = NEEDED_FLAGS.filter((flag) => !current.includes(flag) && !(flag !== 'E' && current.includes('A')));
  return missing.length === 0 ? null : `${current}${missing.join('')}`;
}

export interface KeyspaceWatcherOptions {
  /** Masters of the target; each gets a duplicate connection that subscribes. */
  nodes: Redis[];
  /** The run's DB (0 on a cluster). */
  db: number;
  /** The run prefix ('' on a managed server). */
  prefix: string;
  /** Namespace patterns in plan order. */
  patterns: readonly string[];
  /** Called once, on the first evicted key that is not the run's. */
  onForeignEviction: () => void;
  /** Called once if a subscriber connection ends before close(): events are lost from then on. */
  onLost: (message: string) => void;
}

/** How many foreign key names a message quotes. */
const SAMPLE_NAMES = 3;

export class KeyspaceWatcher {
  /** Evictions and expiries of the run's keys per namespace. */
  readonly evicted: Float64Array;
  readonly expired: Float64Array;
  /** Evicted keys that were not the run's, in all, per DB, and the first few names. */
  foreignEvicted = 0;
  readonly foreignByDb = new Map<number, number>();
  readonly foreignNames: string[] = [];
  private readonly subscribers: Redis[] = [];
  private readonly classify: (key: string) => number;
  private readonly ownEvicted: string;
  private readonly ownExpired: string;
  private closing = false;
  private lost = false;
  /** Told of each of the run's evicted keys and its group (the index into `patterns`), as they arrive. */
  onOwnEvicted: ((group: number, key: string) => void) | undefined;

  constructor(private readonly options: KeyspaceWatcherOptions) {
    this.evicted = new Float64Array(options.patterns.length);
    this.expired = new Float64Array(options.patterns.length);
    this.classify = keyClassifier(options.patterns.map((pattern) => options.prefix + pattern));
    this.ownEvicted = `__keyevent@${options.db}__:evicted`;
    this.ownExpired = `__keyevent@${options.db}__:expired`;
  }

  /** Opens one subscriber per master and subscribes; resolves once every subscription is in place. */
  async open(): Promise<void> {
    for (const node of this.options.nodes) {
      // No reconnection: events missed while reconnecting could not be counted, so a drop is reported instead.
      const subscriber = node.duplicate({ connectionName: 'keyspace-live-events', lazyConnect: true, retryStrategy: () => null });
      subscriber.on('error', () => undefined);
      this.subscribers.push(subscriber);
      subscriber.on('message', (channel: string, key: string) => this.onMessage(channel, key));
      subscriber.on('pmessage', (_pattern: string, channel: string, key: string) => this.onMessage(channel, key));
      await subscriber.connect();
      await subscriber.subscribe(this.ownExpired);
      await subscriber.psubscribe('__keyevent@*__:evicted');
      // Watched from here: a failure to open is the caller's (open() rejects), not a loss.
      subscriber.on('close', () => this.onClose(node));
    }
  }

  private readonly onMessage = (channel: string, key: string): void => {
    if (channel === this.ownExpired) {
      const ns = this.classify(key);
      if (ns < this.expired.length) this.expired[ns]++;
      return;
    }
    // The run's own keys outside its namespaces (pub/sub streams) are not foreign either.
    if (channel === this.ownEvicted && key.startsWith(this.options.prefix)) {
      const ns = this.classify(key);
      if (ns < this.evicted.length) {
        this.evicted[ns]++;
        this.onOwnEvicted?.(ns, key);
      }
      return;
    }
    this.foreign(channel, key);
  };

  private foreign(channel: string, key: string): void {
    const db = Number(/^__keyevent@(\d+)__:/.exec(channel)?.[1] ?? -1);
    this.foreignByDb.set(db, (this.foreignByDb.get(db) ?? 0) + 1);
    if (this.foreignNames.length < SAMPLE_NAMES) this.foreignNames.push(key);
    if (this.foreignEvicted++ === 0) this.options.onForeignEviction();
  }

  private onClose(node: Redis): void {
    if (this.closing || this.lost) return;
    this.lost = true;
    // Through Sentinel, host and port are ioredis's defaults, not the primary's address.
    const where = node.options.sentinels?.length ? `the primary '${node.options.name ?? ''}'` : `${node.options.host ?? ''}:${node.options.port ?? ''}`;
    this.options.onLost(`The keyspace-event subscriber on ${where} disconnected (the server may have dropped it past client-output-buffer-limit pubsub, or died or failed over); evictions and expiries after that were not seen.`);
  }

  /** True when a subscriber dropped: the counts miss what happened after. */
  get incomplete(): boolean {
    return this.lost;
  }

  /**
   * Waits until every event sent before now has been read: a PING on each subscriber answers
   * after the messages queued ahead of it. Bounded by `timeoutMs`; false when it timed out.
   */
  async sync(timeoutMs: number): Promise<boolean> {
    const pings = Promise.all(this.subscribers.map((s) => s.ping().catch(() => undefined))).then(() => true);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([pings, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Reads what is left (bounded), then disconnects every subscriber. Idempotent. */
  async close(timeoutMs = 500): Promise<void> {
    if (this.closing) return;
    if (!this.lost) await this.sync(timeoutMs);
    this.closing = true;
    for (const subscriber of this.subscribers) subscriber.disconnect();
  }

  /** The foreign evictions by DB, as text (`DB 0: 35`). */
  describeForeign(): string {
    return [...this.foreignByDb].sort(([a], [b]) => a - b).map(([db, count]) => `DB ${db}: ${count}`).join(', ');
  }
}
