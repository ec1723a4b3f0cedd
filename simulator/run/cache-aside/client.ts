/**
 * The application's cache-aside client, the same for both engines: reads GET and, on a miss, load
 * from the origin pool and SET the value (size drawn per key, TTL ± jitter) when the load
 * completes; writes bump the entity's true version and apply the invalidation rules (possibly after
 * a propagation delay). Because the client knows every entity's true version, it counts stale
 * reads exactly. Redis is behind a port (port.ts): the simulated engine's answers at once, the
 * live engine's later, through readReplied / setReplied / patternDeleted, in plan order.
 */
import type { LatencyHistogram } from '../../metrics';
import type { NumberSampler, Rng } from '../../traffic';
import { createNumberSampler } from '../../traffic';
import { EventQueue } from '../event-queue';
import { OriginPool } from '../origin-pool';
import type { PlannedRule, RunPlan } from '../plan';
import type { KeyLayout } from '../namespace-keys';
import { K_KEY_BYTES, K_NS_LOADING, K_VALUE_BYTES, KEY_WORDS, ONE_LOAD } from '../key-records';
import type { KeyRecords } from '../key-records';
import type { CachePort } from './port';
import { HIT, PENDING, REPLY_OVERHEAD_BYTES, REQUEST_OVERHEAD_BYTES, SET_EXTRA_BYTES, STORED, REFUSED } from './port';

/** Scheduled events (the client's agenda). */
export const LOAD_DONE = 1;
export const DELETE_KEY = 2;
export const DELETE_NAMESPACE = 3;
export const SET_FRESH = 4;
export const PERSIST = 5;

export class CacheAsideClient {
  readonly origin: OriginPool;
  readonly events = new EventQueue();
  /** Write sequence number: the count of entity writes so far. */
  private seq = 0;
  /** records.words: the per-key records (see KeyRecords; the simulated cache shares them). */
  private perKey: Int32Array;
  /** Per-key write state; empty arrays while the plan has no write (reads never index them then). */
  private lastWriteSeq: Int32Array;
  /** The write sequence number of the value the cache holds, per key. */
  private cachedSeq: Int32Array;
  private unpersisted: Uint16Array;
  private loadEndMs: Float64Array;
  private readonly tracksWrites: boolean;
  private readonly namespaceDirtySeq: Int32Array;
  private readonly valueSamplers: NumberSampler[];
  private readonly originLatency: NumberSampler;
  private readonly rulesByNamespace: PlannedRule[][];
  private readonly ttlRng: Rng;
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
    this.tracksWrites = plan.operations.some((op) => op.kind === 'write');
    this.perKey = records.words;
    this.lastWriteSeq = new Int32Array(this.tracksWrites ? total : 0);
    this.cachedSeq = new Int32Array(this.tracksWrites ? total : 0);
    this.unpersisted = new Uint16Array(this.tracksWrites ? total : 0);
    this.loadEndMs = new Float64Array(plan.client.singleFlight ? total : 0);
    const n = plan.namespaces.length;
    this.namespaceDirtySeq = new Int32Array(n);
    this.staleReads = new Float64Array(n);
    this.writes = new Float64Array(n);
    this.originQueries = new Float64Array(n);
    this.oomRejections = new Float64Array(n);
    this.valueSamplers = plan.namespaces.map((ns) => createNumberSampler(ns.valueBytes, rng.fork(`value-bytes:${ns.name}`)));
    this.originLatency = createNumberSampler(plan.origin.latencyMs, rng.fork('origin-latency'));
    this.ttlRng = rng.fork('ttl-jitter');
    this.origin = new OriginPool(plan.origin.maxConcurrency, plan.origin.capacityPerSec);
    this.rulesByNamespace = plan.namespaces.map((ns) => plan.rules.filter((rule) => rule.on === ns.index));
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
    if (this.tracksWrites) {
      this.lastWriteSeq = grown(this.lastWriteSeq, new Int32Array(n));
      this.cachedSeq = grown(this.cachedSeq, new Int32Array(n));
      this.unpersisted = grown(this.unpersisted, new Uint16Array(n));
    }
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
        this.unpersisted[id]--;
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
      this.keys.forEachKeyOf(ns.index, (id) => this.store(nowMs, id, this.seq));
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
    if (this.seq !== 0) {
      const truth = Math.max(this.lastWriteSeq[id], this.namespaceDirtySeq[ns]);
      if (this.cachedSeq[id] < truth) this.staleReads[ns]++;
    }
  }

  private miss(nowMs: number, ns: number, id: number): void {
    const perKey = this.perKey;
    const at = id * KEY_WORDS;
    this.bytesFromRedis += REPLY_OVERHEAD_BYTES;
    if (perKey[at + K_NS_LOADING] >>> 16 !== 0) {
      if (this.plan.client.singleFlight) {
        this.record(Math.max(0, this.loadEndMs[id] - nowMs) + this.rttMs);
        return;
      }
      this.duplicateLoads++;
    }
    // The value as of the load: the origin still holds the old one while a write-behind is pending.
    const snapshot = this.seq !== 0 && this.unpersisted[id] > 0 ? this.lastWriteSeq[id] - 1 : this.seq;
    this.originQueries[ns]++;
    const endMs = this.origin.query(nowMs + this.rttMs, this.originLatency.next());
    perKey[at + K_NS_LOADING] += ONE_LOAD;
    if (this.plan.client.singleFlight) this.loadEndMs[id] = endMs;
    this.events.push(endMs, LOAD_DONE, id, snapshot);
    this.record(endMs + this.rttMs - nowMs);
  }

  /** An entity write: the origin gets the new version, then the namespace's rules run. */
  write(nowMs: number, ns: number, id: number): void {
    const seq = ++this.seq;
    this.lastWriteSeq[id] = seq;
    this.writes[ns]++;
    const rules = this.rulesByNamespace[ns];
    let writeBehind = false;
    for (let i = 0; i < rules.length; i++) if (rules[i].action === 'write-behind') writeBehind = true;
    let doneMs = nowMs;
    if (writeBehind) {
      doneMs = nowMs + this.rttMs;
    } else {
      this.originQueries[ns]++;
      doneMs = this.origin.query(nowMs, this.originLatency.next());
    }
    const events = this.events;
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      const at = doneMs + rule.delayMs;
      switch (rule.action) {
        case 'delete':
          events.push(at, DELETE_KEY, id, 0);
          break;
        case 'delete-pattern':
          for (const target of rule.targets) {
            this.namespaceDirtySeq[target] = seq;
            events.push(at, DELETE_NAMESPACE, target, 0);
          }
          break;
        case 'write-through':
          events.push(at, SET_FRESH, id, seq);
          break;
        case 'write-behind':
          this.unpersisted[id]++;
          events.push(nowMs, SET_FRESH, id, seq);
          events.push(nowMs + Math.max(rule.delayMs, 0), PERSIST, id, 0);
          break;
        case 'ttl-only':
          for (const target of rule.targets) if (target !== ns) this.namespaceDirtySeq[target] = seq;
          break;
      }
    }
    this.record(doneMs - nowMs + (rules.length > 0 ? this.rttMs : 0));
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
      size = Math.max(1, Math.round(this.valueSamplers[ns].next()));
      perKey[at + K_VALUE_BYTES] = size;
    }
    const keyBytes = perKey[at + K_KEY_BYTES];
    this.bytesToRedis += keyBytes + size + REQUEST_OVERHEAD_BYTES + SET_EXTRA_BYTES;
    this.bytesFromRedis += REPLY_OVERHEAD_BYTES;
    this.sets++;
    const reply = this.port.set(id, keyBytes, size, this.ttlMs(meta.ttlMs, meta.jitterPct), snapshotSeq, atMs);
    if (reply !== PENDING) this.setReplied(id, snapshotSeq, reply);
  }

  /** The reply to a SET carrying `version`: STORED, REFUSED (OOM) or FAILED. */
  setReplied(id: number, version: number, reply: number): void {
    if (reply === STORED) {
      // Without writes every version is 0 and nothing reads it.
      if (this.tracksWrites) this.cachedSeq[id] = version;
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

  /**
   * TTL with symmetric jitter: uniform in [ttl·(1−j), ttl·(1+j)], whole milliseconds. `ttl: none`
   * (null) is 0, no TTL, and draws nothing from the TTL stream.
   */
  private ttlMs(ttlMs: number | null, jitterPct: number): number {
    if (ttlMs === null) return 0;
    if (jitterPct === 0) return ttlMs;
    const spread = (ttlMs * jitterPct) / 100;
    return Math.max(1, Math.round(ttlMs - spread + 2 * spread * this.ttlRng.nextFloat()));
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

function grown<T extends Int32Array | Uint16Array | Float64Array>(from: T, to: T): T {
  to.set(from); return to;
}
