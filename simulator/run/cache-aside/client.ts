/**
 * The application's cache-aside client, the same for both engines: reads GET and, on a miss, load
 * from the origin pool and SET the value (size drawn per key, TTL ± jitter) when the load
 * completes; writes bump the entity's true version and apply the invalidation rules (possibly after
 * a propagation delay). Because the client knows every entity's true version, it counts stale
 * reads exactly. Redis is behind a port (port.ts): the simulated engine's answers at once, the
 * live engine's later, through readReplied / setReplied / patternDeleted, in plan order.
 * Its parts: versions and the invalidation rules (invalidation.ts), what a SET carries (value size,
 * TTL with jitter: set-values.ts), the origin pool and single-flight (here, with ../origin-pool.ts),
 * the agenda of scheduled events (agenda.ts) and the counters the result reads (here).
 */
import type { LatencyHistogram } from '../../metrics';
import type { NumberSampler, Rng } from '../../traffic';
import { createNumberSampler } from '../../traffic';
import { EventQueue } from '../../cache/event-queue';
import { OriginPool } from '../origin-pool';
import type { RunPlan } from '../plan';
import type { KeyLayout } from '../namespace-keys';
import { K_KEY_BYTES, K_NS_LOADING, K_VALUE_BYTES, KEY_WORDS, ONE_LOAD } from '../key-records';
import type { KeyRecords } from '../key-records';
import type { CachePort } from './port';
import { HIT, PENDING, REPLY_OVERHEAD_BYTES, REQUEST_OVERHEAD_BYTES, SET_EXTRA_BYTES, STORED, REFUSED } from './port';
import { DELETE_KEY, DELETE_NAMESPACE, LOAD_DONE, PERSIST, SET_FRESH } from './agenda';
import { grown, Versions } from './invalidation';
import { SetValues } from './set-values';

export { DELETE_KEY, DELETE_NAMESPACE, LOAD_DONE, PERSIST, SET_FRESH } from './agenda';

export class CacheAsideClient {
  readonly origin: OriginPool;
  readonly events = new EventQueue();
  /** records.words: the per-key records (see KeyRecords; the simulated cache shares them). */
  protected perKey: Int32Array;
  protected readonly versions: Versions;
  private readonly values: SetValues;
  /** Per key, when its load in flight ends (single-flight only). */
  private loadEndMs: Float64Array;
  protected readonly originLatency: NumberSampler;
  private readonly rttMs: number;
  /** What prefetch read: kept only so that the reads are not optimized away. */
  private prefetched = 0;
  /** Hits not yet recorded in the latency histograms (see flushLatency). */
  private pendingHits = 0;

  // Counters the result reads (per namespace where it matters).
  readonly staleReads: Float64Array;
  readonly writes: Float64Array;
  readonly originQueries: Float64Array;
  readonly oomRejections: Float64Array;
  duplicateLoads = 0;
  sets = 0;
  deletes = 0;
  bytesToRedis = 0;
  bytesFromRedis = 0;
  requests = 0;
  /** Time of the last event applied. */
  lastEventMs = 0;

  constructor(
    readonly plan: RunPlan,
    readonly keys: KeyLayout,
    protected readonly records: KeyRecords,
    private readonly port: CachePort,
    rng: Rng,
    private readonly latency: LatencyHistogram,
    private readonly windowLatency: LatencyHistogram,
  ) {
    const total = records.capacity;
    this.perKey = records.words;
    this.versions = new Versions(plan, total);
    this.values = new SetValues(plan, rng);
    this.loadEndMs = new Float64Array(plan.client.singleFlight ? total : 0);
    const n = plan.namespaces.length;
    this.staleReads = new Float64Array(n);
    this.writes = new Float64Array(n);
    this.originQueries = new Float64Array(n);
    this.oomRejections = new Float64Array(n);
    this.originLatency = createNumberSampler(plan.origin.latencyMs, rng.fork('origin-latency'));
    this.origin = new OriginPool(plan.origin.maxConcurrency, plan.origin.capacityPerSec);
    this.rttMs = plan.client.rttMs;
  }

  /**
   * Takes in the keys the layout has met since the last call (a trace streaming in): their
   * records get the namespace and key length; per-key state grows with the layout's capacity.
   * @returns whether the records were replaced (a cache sharing them must adopt the new table)
   */
  keysAdded(): boolean {
    const records = this.records;
    if (!records.add()) return false;
    const n = records.capacity;
    this.perKey = records.words;
    this.versions.grow(n);
    if (this.plan.client.singleFlight) this.loadEndMs = grown(this.loadEndMs, new Float64Array(n));
    return true;
  }

  /**
   * Reads key `id`'s record without any effect: the step loop calls this for a key a few
   * requests ahead, so that a cold key's memory read overlaps the requests before it.
   */
  prefetch(id: number): void {
    this.prefetched ^= this.perKey[id * KEY_WORDS];
  }

  /** The namespace of key `id` (as the layout says, from the key's record). */
  namespaceOf(id: number): number {
    return this.perKey[id * KEY_WORDS + K_NS_LOADING] & 0xffff;
  }

  /** Applies every scheduled event due at or before `nowMs`, in time order. */
  drainEvents(nowMs: number): void {
    const events = this.events;
    while (events.size > 0 && events.peekTime() <= nowMs) this.applyNextEvent();
  }

  /** Applies the earliest scheduled event (there must be one). */
  applyNextEvent(): void {
    const events = this.events;
    const at = events.peekTime();
    const kind = events.topKind();
    const id = events.topA();
    const arg = events.topB();
    events.pop();
    this.lastEventMs = at;
    this.port.advance(at);
    switch (kind) {
      case LOAD_DONE:
        this.perKey[id * KEY_WORDS + K_NS_LOADING] -= ONE_LOAD;
        this.store(at, id, arg);
        break;
      case SET_FRESH:
        this.store(at, id, arg);
        break;
      case DELETE_KEY:
        this.deleteKey(at, id);
        break;
      case DELETE_NAMESPACE: {
        const deleted = this.port.deletePattern(id, at);
        if (deleted !== PENDING) this.patternDeleted(deleted, this.port.deletedKeyBytes);
        break;
      }
      case PERSIST:
        this.versions.persisted(id);
        this.originQueries[this.namespaceOf(id)]++;
        this.origin.query(at, this.originLatency.next());
        break;
    }
  }

  /**
   * Drops the earliest scheduled event unsent (the live engine without a connection): a load's
   * SET or an invalidation is lost; the origin's own work (a write-behind's persist) still happens.
   * @returns whether a Redis command was dropped
   */
  dropNextEvent(): boolean {
    const events = this.events;
    const kind = events.topKind();
    if (kind === PERSIST) {
      this.applyNextEvent();
      return false;
    }
    if (kind === LOAD_DONE) this.perKey[events.topA() * KEY_WORDS + K_NS_LOADING] -= ONE_LOAD;
    events.pop();
    return true;
  }

  /** A cache warmer: SETs every key of the prewarmed, cacheable namespaces at `nowMs`. */
  prewarm(nowMs: number): void {
    for (const ns of this.plan.namespaces) {
      if (!ns.prewarm || !ns.cacheable) continue;
      this.keys.forEachKeyOf(ns.index, (id) => this.store(nowMs, id, this.versions.seq));
    }
  }

  /** Fixes a key's value size (a trace line that gives one) before it is first stored. */
  setValueBytes(id: number, bytes: number): void {
    this.perKey[id * KEY_WORDS + K_VALUE_BYTES] = Math.max(1, bytes);
  }

  /** A read (GET, cache-aside) of key `id` of namespace `ns`. */
  read(nowMs: number, ns: number, id: number): void {
    if (!this.plan.namespaces[ns].cacheable) {
      this.originQueries[ns]++;
      this.record(this.origin.query(nowMs, this.originLatency.next()) - nowMs);
      return;
    }
    this.bytesToRedis += this.perKey[id * KEY_WORDS + K_KEY_BYTES] + REQUEST_OVERHEAD_BYTES;
    const reply = this.port.get(id, nowMs);
    if (reply === HIT) {
      this.hit(ns, id);
      // Hits all take one round trip: counted here, recorded together by flushLatency.
      this.pendingHits++;
    } else if (reply !== PENDING) {
      this.miss(nowMs, ns, id);
    }
  }

  /** The reply to a read's GET that was PENDING, in plan order; a hit took `hitMs` (measured). */
  readReplied(nowMs: number, ns: number, id: number, hit: boolean, hitMs: number): void {
    if (hit) {
      this.hit(ns, id);
      this.record(hitMs);
    } else {
      this.miss(nowMs, ns, id);
    }
  }

  private hit(ns: number, id: number): void {
    this.bytesFromRedis += this.perKey[id * KEY_WORDS + K_VALUE_BYTES] + REPLY_OVERHEAD_BYTES;
    // Before the first write every version is 0: no read can be stale (a read-only trace).
    const versions = this.versions;
    if (versions.seq !== 0 && versions.stale(ns, id)) this.staleReads[ns]++;
  }

  /** A miss of a GET sent at `sentMs` (the latency runs from then; default `nowMs`). */
  protected miss(nowMs: number, ns: number, id: number, sentMs = nowMs): void {
    const perKey = this.perKey;
    const at = id * KEY_WORDS;
    this.bytesFromRedis += REPLY_OVERHEAD_BYTES;
    if (perKey[at + K_NS_LOADING] >>> 16 !== 0) {
      if (this.plan.client.singleFlight) {
        this.record(Math.max(0, this.loadEndMs[id] - nowMs) + this.rttMs + nowMs - sentMs);
        return;
      }
      this.duplicateLoads++;
    }
    const snapshot = this.versions.loadVersion(id);
    this.originQueries[ns]++;
    const endMs = this.origin.query(nowMs + this.rttMs, this.originLatency.next());
    perKey[at + K_NS_LOADING] += ONE_LOAD;
    if (this.plan.client.singleFlight) this.loadEndMs[id] = endMs;
    this.events.push(endMs, LOAD_DONE, id, snapshot);
    this.record(endMs + this.rttMs - sentMs);
  }

  /** An entity write: the origin gets the new version (now, or later behind the cache), then the namespace's rules run. */
  write(nowMs: number, ns: number, id: number): void {
    const versions = this.versions;
    this.writes[ns]++;
    let doneMs = nowMs + this.rttMs;
    if (!versions.writesBehind(ns)) {
      this.originQueries[ns]++;
      doneMs = this.origin.query(nowMs, this.originLatency.next());
    }
    versions.write(this.events, ns, id, nowMs, doneMs);
    this.record(doneMs - nowMs + (versions.hasRules(ns) ? this.rttMs : 0));
  }

  /** An explicit invalidation (DEL) without an origin write. */
  invalidate(nowMs: number, id: number): void {
    this.deleteKey(nowMs, id);
    this.record(this.rttMs);
  }

  private store(atMs: number, id: number, snapshotSeq: number): void {
    const perKey = this.perKey;
    const at = id * KEY_WORDS;
    const ns = perKey[at + K_NS_LOADING] & 0xffff;
    const meta = this.plan.namespaces[ns];
    let size = perKey[at + K_VALUE_BYTES];
    if (size === 0) {
      size = this.values.valueBytes(ns);
      perKey[at + K_VALUE_BYTES] = size;
    }
    const keyBytes = perKey[at + K_KEY_BYTES];
    this.bytesToRedis += keyBytes + size + REQUEST_OVERHEAD_BYTES + SET_EXTRA_BYTES;
    this.bytesFromRedis += REPLY_OVERHEAD_BYTES;
    this.sets++;
    const reply = this.port.set(id, keyBytes, size, this.values.ttlMs(meta.ttlMs, meta.jitterPct), snapshotSeq, atMs);
    if (reply !== PENDING) this.setReplied(id, snapshotSeq, reply);
  }

  /** The reply to a SET carrying `version`: STORED, REFUSED (OOM) or FAILED. */
  setReplied(id: number, version: number, reply: number): void {
    if (reply === STORED) {
      this.versions.stored(id, version);
    } else if (reply === REFUSED) {
      this.oomRejections[this.namespaceOf(id)]++;
    }
  }

  private deleteKey(atMs: number, id: number): void {
    this.bytesToRedis += this.perKey[id * KEY_WORDS + K_KEY_BYTES] + REQUEST_OVERHEAD_BYTES;
    this.bytesFromRedis += REPLY_OVERHEAD_BYTES;
    this.deletes++;
    this.port.del(id, atMs);
  }

  /** A pattern delete removed `count` keys of `keyBytes` bytes in all (one DEL each, as counted). */
  patternDeleted(count: number, keyBytes: number): void {
    this.bytesToRedis += keyBytes + count * REQUEST_OVERHEAD_BYTES;
    this.bytesFromRedis += count * REPLY_OVERHEAD_BYTES;
    this.deletes += count;
  }

  /** Records the pending hits (one round trip each): histograms are order-free counts. Call before reading them. */
  flushLatency(): void {
    const hits = this.pendingHits;
    if (hits === 0) return;
    this.pendingHits = 0;
    const us = Math.round(this.rttMs * 1000);
    this.latency.recordMany(us, hits);
    this.windowLatency.recordMany(us, hits);
  }

  /** Records one request's latency (ms). */
  record(latencyMs: number): void {
    const us = Math.round(latencyMs * 1000);
    this.latency.record(us);
    this.windowLatency.record(us);
  }
}
