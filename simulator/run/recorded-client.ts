/**
 * What one recorded command does, the same for both engines: a GET looks the key up (with
 * `cacheAside`, a miss loads from the origin and SETs with the namespace's TTL: the cache-aside
 * client's read), a SET stores the recorded size with the recorded TTL (TTL_KEEP: what is left of
 * it), DEL deletes, EXPIRE/PERSIST re-store a live key with the new TTL, FLUSHDB/FLUSHALL delete
 * every live key of the recording in the DB. Counters go to the cache-aside client's (writes, OOM
 * refusals, sets, deletes, bytes, requests) and, for reads, to `hits`/`misses` per namespace.
 *
 * Redis is behind a RecordedPort: the simulated replay's answers at once (recorded-port.ts), the
 * live replay's later, through the `…Replied` methods, in the order the commands were sent (one
 * connection). A read's reply is taken in plan order; the live replay sends nothing a pending
 * cache-aside read could still schedule a load before (see `oldestLoadingReadMs`).
 */
import { ALL_DBS, OP_DELETE, OP_EXPIRE, OP_FLUSH, OP_READ, OP_WRITE, TTL_KEEP } from '../trace';
import type { RecordBatch } from '../trace';
import { distMean } from '../traffic';
import type { CacheAsideClient } from './cache-aside';
import { HIT, PENDING, REPLY_OVERHEAD_BYTES, REQUEST_OVERHEAD_BYTES, SET_EXTRA_BYTES } from './cache-aside';
import type { RunPlan } from './plan';
import type { RecordedKeyLayout } from './recorded-keys';
import type { RecordedPort } from './recorded-port';
import { NO_KEY, RECORDED_VERSION } from './recorded-port';

export class RecordedClient {
  /** Reads answered, per namespace (the live replay's hits and misses). */
  readonly hits: Float64Array;
  readonly misses: Float64Array;
  /** Records whose time went backwards, applied at the latest time seen. */
  outOfOrder = 0;
  /** Plan time of the latest record (ms since the recording's first). */
  nowMs = 0;
  private readonly sizes: Int32Array;
  private readonly defaultSizes: Int32Array;
  private readonly cacheable: Uint8Array;
  private readonly rttMs: number;
  // Reads sent and not answered, oldest first: plan time, and the value size a hit returns.
  private readonly readAt: number[] = [];
  private readonly readSize: number[] = [];
  private readHead = 0;
  /** Reads sent and not answered, per key. */
  private readonly pendingOf: Int32Array;

  constructor(plan: RunPlan, private readonly layout: RecordedKeyLayout, private readonly client: CacheAsideClient,
    private readonly port: RecordedPort, private readonly cacheAside: boolean, private readonly originUs: number) {
    const n = plan.namespaces.length;
    this.hits = new Float64Array(n);
    this.misses = new Float64Array(n);
    this.sizes = new Int32Array(layout.totalKeys);
    this.defaultSizes = Int32Array.from(plan.namespaces, (ns) => Math.max(1, Math.round(distMean(ns.valueBytes))));
    this.cacheable = Uint8Array.from(plan.namespaces, (ns) => (ns.cacheable ? 1 : 0));
    this.rttMs = plan.client.rttMs;
    this.pendingOf = new Int32Array(layout.totalKeys);
  }

  /** The plan time of a record recorded at `timeUs`; one that went back in time takes the latest seen. */
  planTime(timeUs: number): number {
    let now = (timeUs - this.originUs) / 1000;
    if (now < this.nowMs) {
      if (now < this.nowMs - 1e-6) this.outOfOrder++;
      now = this.nowMs;
    }
    this.nowMs = now;
    return now;
  }

  /** Plan time of the oldest unanswered read whose miss would load (Infinity when none). */
  get oldestLoadingReadMs(): number {
    return this.cacheAside && this.readHead < this.readAt.length ? this.readAt[this.readHead] : Infinity;
  }

  /** Reads sent and not answered. */
  get pendingReads(): number {
    return this.readAt.length - this.readHead;
  }

  /**
   * Whether record `i` must wait until the reads sent before it are answered (the live replay, with
   * cache-aside): an uncached read takes an origin connection, which the misses before it take first;
   * a new value size must not reach the hit of a read sent before it.
   */
  mustWaitForReads(batch: RecordBatch, i: number): boolean {
    const id = batch.keyId[i];
    if (!this.cacheAside || this.readHead === this.readAt.length || id < 0) return false;
    const op = batch.op[i];
    if (op === OP_READ && this.cacheable[this.layout.namespaceOf(id)] === 0) return true;
    return (op === OP_WRITE || (op !== OP_FLUSH && batch.valueBytes[i] > 0)) && this.pendingOf[id] > 0;
  }

  /** Applies record `i` of a batch at plan time `now` (after the client's events due by then). */
  apply(batch: RecordBatch, i: number, now: number): void {
    this.client.requests++;
    const id = batch.keyId[i];
    const op = batch.op[i];
    if (op === OP_FLUSH) return this.flush(now, batch.db[i]);
    if (id < 0) return;
    const { client, layout } = this;
    const keyBytes = layout.keyBytes(id);
    const ns = layout.namespaceOf(id);
    const valueBytes = batch.valueBytes[i];
    if (valueBytes > 0 && op !== OP_WRITE) {
      client.setValueBytes(id, valueBytes);
      if (this.sizes[id] === 0) this.sizes[id] = valueBytes;
    }
    switch (op) {
      case OP_READ: {
        this.read(now, ns, id, keyBytes);
        const ttlMs = batch.ttlMs[i];
        if (ttlMs !== TTL_KEEP && ttlMs >= 0) this.expire(now, id, ns, ttlMs);
        break;
      }
      case OP_WRITE: {
        const size = valueBytes >= 0 ? Math.max(1, valueBytes) : this.sizeOf(id, ns);
        this.sizes[id] = size;
        client.setValueBytes(id, size);
        client.bytesToRedis += keyBytes + size + REQUEST_OVERHEAD_BYTES + SET_EXTRA_BYTES;
        client.bytesFromRedis += REPLY_OVERHEAD_BYTES;
        client.sets++;
        const reply = this.port.set(id, keyBytes, size, batch.ttlMs[i], RECORDED_VERSION, now);
        if (reply !== PENDING) client.setReplied(id, RECORDED_VERSION, reply);
        client.writes[ns]++;
        client.record(this.rttMs);
        break;
      }
      case OP_DELETE:
        client.bytesToRedis += keyBytes + REQUEST_OVERHEAD_BYTES;
        client.bytesFromRedis += REPLY_OVERHEAD_BYTES;
        client.deletes++;
        this.port.del(id, now);
        client.record(this.rttMs);
        break;
      case OP_EXPIRE:
        this.expire(now, id, ns, batch.ttlMs[i]);
        client.record(this.rttMs);
        break;
    }
  }

  private read(now: number, ns: number, id: number, keyBytes: number): void {
    const client = this.client;
    if (this.cacheAside) {
      client.read(now, ns, id);
      // The client sent a GET (a cacheable namespace): its reply, if it comes later, is a read's.
      if (this.cacheable[ns] === 1 && this.port.answersLater) this.pushRead(now, id, 0);
      return;
    }
    client.bytesToRedis += keyBytes + REQUEST_OVERHEAD_BYTES;
    const reply = this.port.get(id, now);
    if (reply === PENDING) this.pushRead(now, id, this.sizeOf(id, ns));
    else this.readDone(ns, reply === HIT, this.sizeOf(id, ns));
    client.record(this.rttMs);
  }

  private pushRead(atMs: number, id: number, size: number): void {
    this.pendingOf[id]++;
    this.readAt.push(atMs);
    this.readSize.push(size);
  }

  /** The reply to the oldest unanswered read: a hit (after `hitMs`) or a miss; `failed`: neither. */
  readReplied(id: number, hit: boolean, hitMs: number, failed = false): void {
    const at = this.readAt[this.readHead];
    const size = this.readSize[this.readHead];
    this.pendingOf[id]--;
    if (++this.readHead === this.readAt.length) {
      this.readHead = 0;
      this.readAt.length = 0;
      this.readSize.length = 0;
    }
    if (failed) return;
    const ns = this.layout.namespaceOf(id);
    if (this.cacheAside) {
      if (hit) this.hits[ns]++;
      else this.misses[ns]++;
      this.client.readReplied(at, ns, id, hit, hitMs);
    } else {
      this.readDone(ns, hit, size);
    }
  }

  private readDone(ns: number, hit: boolean, size: number): void {
    if (hit) this.hits[ns]++;
    else this.misses[ns]++;
    this.client.bytesFromRedis += (hit ? size : 0) + REPLY_OVERHEAD_BYTES;
  }

  /** EXPIRE (ttl > 0) or PERSIST (0): a live key is stored again with the new TTL. */
  private expire(now: number, id: number, ns: number, ttlMs: number): void {
    const size = this.sizeOf(id, ns);
    const reply = this.port.expire(id, this.layout.keyBytes(id), size, ttlMs, now);
    if (reply !== PENDING) this.expireReplied(id, size, reply);
  }

  /** The reply to an EXPIRE/PERSIST of a value of `size` bytes: STORED, REFUSED or NO_KEY. */
  expireReplied(id: number, size: number, reply: number): void {
    if (reply === NO_KEY) return;
    const client = this.client;
    client.bytesToRedis += this.layout.keyBytes(id) + size + REQUEST_OVERHEAD_BYTES + SET_EXTRA_BYTES;
    client.bytesFromRedis += REPLY_OVERHEAD_BYTES;
    client.sets++;
    client.setReplied(id, RECORDED_VERSION, reply);
  }

  /** FLUSHDB (one db) or FLUSHALL: deletes every live key of the recording in it. */
  private flush(now: number, db: number): void {
    const layout = this.layout;
    for (let id = 0; id < layout.totalKeys; id++) {
      if (db !== ALL_DBS && layout.dbOf(id) !== db) continue;
      const reply = this.port.flushKey(id, now);
      if (reply !== PENDING) this.flushKeyReplied(id, reply === 1);
    }
    this.client.record(this.rttMs);
  }

  /** The reply to a FLUSH's DEL of key `id`: whether it was there. */
  flushKeyReplied(id: number, deleted: boolean): void {
    if (!deleted) return;
    const client = this.client;
    client.bytesToRedis += this.layout.keyBytes(id) + REQUEST_OVERHEAD_BYTES;
    client.bytesFromRedis += REPLY_OVERHEAD_BYTES;
    client.deletes++;
  }

  private sizeOf(id: number, ns: number): number {
    const size = this.sizes[id];
    return size > 0 ? size : this.defaultSizes[ns];
  }
}
