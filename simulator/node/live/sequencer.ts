/**
 * Pacing and held reads: puts the plan's requests and the client's scheduled events on the wire
 * in plan-time order, and hands GET replies to the cache-aside client in plan order too
 * (read-ring.ts), so the client decides as it does in the simulator, however late replies come.
 *
 * The simulator knows a GET's answer at once; here it comes a round trip later. A read's load
 * cannot end sooner than its time + rtt + the origin's least latency (the horizon). With `order`:
 * - 'key' (the default): a read of a key whose earlier read waits past that horizon is held
 *   (its place kept in the ring) while other keys' reads go on; events wait only for reads of
 *   their key (pattern deletes for all). Per key, commands reach Redis in the simulator's order:
 *   the same hits, misses, duplicate loads and stale reads; random draws and memory follow the
 *   simulator's order as long as replies come within the horizon.
 * - 'plan': nothing is sent past the oldest waiting read's horizon. Every command reaches Redis
 *   in the simulator's order and every draw happens in it: the simulator's counters exactly
 *   (property-tested on a fake server), at one reply per horizon.
 * In both, writes, invalidations and uncached reads wait until every earlier read is taken (a
 * write changes the versions those reads are judged by), and nothing is sent while a pattern
 * delete runs.
 */
import { LatencyHistogram } from '../../metrics';
import type { RequestSource, RunPlan } from '../../run';
import type { CacheAsideClient } from '../../run/cache-aside';
import { DELETE_NAMESPACE, PERSIST } from '../../run/cache-aside';
import { distQuantile } from '../../traffic';
import type { PipePort } from './pipe-port';
import { READ_FAILED, READ_HIT } from './pipe-port';
import { ReadRing } from './read-ring';
import { US_PER_MS } from './live-types';

const READ = 0;
const WRITE = 1;
const INVALIDATE = 2;

/** How far reads may overtake unanswered ones (see the file comment). */
export type SendOrder = 'key' | 'plan';

export class Sequencer {
  /** Whether the source has a request not yet taken. */
  have = false;
  /** Plan time the last request was due. */
  endedAtMs = 0;
  readonly lag = new LatencyHistogram({ significantDigits: 2 });
  lateRequests = 0;
  // Per-namespace hits and misses as the client took them (all, and since the last snapshot).
  readonly hits: Float64Array;
  readonly misses: Float64Array;
  readonly windowHits: Float64Array;
  readonly windowMisses: Float64Array;
  private readonly ring: ReadRing;
  private readonly kinds: Uint8Array;
  private readonly cacheable: Uint8Array;
  private readonly leastLoadMs: number;
  /** Events set aside per key, [time, kind, key, arg, seq, …] (see park); seq keeps their place among ties. */
  private readonly parked = new Map<number, number[]>();

  constructor(plan: RunPlan, private readonly client: CacheAsideClient, readonly source: RequestSource,
    private readonly port: PipePort, private readonly maxSpeed: boolean, private readonly order: SendOrder, totalKeys: number) {
    const n = plan.namespaces.length;
    this.hits = new Float64Array(n);
    this.misses = new Float64Array(n);
    this.windowHits = new Float64Array(n);
    this.windowMisses = new Float64Array(n);
    this.leastLoadMs = plan.client.rttMs + distQuantile(plan.origin.latencyMs, 0);
    this.ring = new ReadRing(totalKeys, this.leastLoadMs, (id) => this.parked.has(id));
    this.kinds = Uint8Array.from(plan.operations, (op) => (op.kind === 'write' ? WRITE : op.kind === 'invalidate' ? INVALIDATE : READ));
    this.cacheable = Uint8Array.from(plan.namespaces, (ns) => (ns.cacheable ? 1 : 0));
  }

  start(): void {
    this.have = this.source.next();
  }

  /** Whether nothing is left to send or to wait for (but replies to SETs and DELs). */
  get idle(): boolean {
    return !this.have && !this.source.waiting && this.client.events.size === 0 && this.ring.empty && this.parked.size === 0 && this.port.deleting === 0;
  }

  /** Sends what is due at plan time `now`, while `room()` says the pipe takes more. */
  issueDue(now: number, room: () => boolean): void {
    const { client, source, ring } = this;
    const events = client.events;
    const leastLoad = this.leastLoadMs;
    while (room() && this.port.deleting === 0) {
      // A source that waits (rate-limit decisions) may have its next request by now.
      if (!this.have && this.source.waiting) this.have = this.source.next();
      const eventAt = events.peekTime();
      // An event due that must wait for reads: 'plan' stops there; 'key' parks a keyed one, and
      // one it cannot park (a pattern delete) lets only what comes before it go: a held read at
      // the ring's head may be what keeps the reads it waits for from being taken.
      let eventWaits = false;
      if (eventAt <= now && !this.eventMayGo(eventAt)) {
        if (this.order === 'plan') break;
        if (this.park()) continue;
        eventWaits = true;
      }
      const held = this.order === 'key' ? ring.firstReleasable() : -1;
      const requestAt = held >= 0 ? ring.timeOf(held) : this.have ? (this.maxSpeed ? now : source.timeMs) : Infinity;
      if (eventAt <= requestAt) {
        // Events before requests at the same time, as the simulator drains them.
        if (eventAt > now || eventWaits) break;
        client.applyNextEvent();
        continue;
      }
      if (requestAt > now) break;
      if (held >= 0) {
        // Its lag was recorded when it was held: the hold is the client's, not the pacing's.
        ring.release(held);
        this.send(ring.keyOf(held), requestAt, held);
        continue;
      }
      const id = source.keyId;
      const ns = client.namespaceOf(id);
      const kind = this.kinds[source.operation];
      if (source.valueBytesHint >= 0) client.setValueBytes(id, source.valueBytesHint);
      const ahead = kind === READ && this.cacheable[ns] === 1;
      // Writes, invalidations and uncached reads go after every earlier read is taken.
      if (!ahead && (!ring.empty || this.parked.size > 0)) break;
      if (this.order === 'plan' && ahead && requestAt >= ring.oldestMs + leastLoad) break;
      this.recordLag(now, requestAt);
      if (!ahead) {
        if (kind === READ) client.read(requestAt, ns, id);
        else if (kind === WRITE) client.write(requestAt, ns, id);
        else client.invalidate(requestAt, id);
      } else if (this.order === 'key' && (!ring.mayGo(id, requestAt, leastLoad) || this.parked.has(id))) {
        ring.push(requestAt, id, true);
      } else {
        this.send(id, requestAt, ring.push(requestAt, id, false));
      }
      client.requests++;
      this.next(now);
    }
  }

  private send(id: number, atMs: number, n: number): void {
    this.port.readTag = n;
    this.client.read(atMs, this.client.namespaceOf(id), id);
  }

  private recordLag(now: number, atMs: number): void {
    if (this.maxSpeed) return;
    const late = now - atMs;
    this.lag.record(late * US_PER_MS);
    if (late > 10) this.lateRequests++;
  }

  /** Whether the next event may go: no read of its key waits; 'plan': none could schedule an event before it. */
  private eventMayGo(atMs: number): boolean {
    const ring = this.ring;
    const events = this.client.events;
    const kind = events.topKind();
    // A pattern delete runs on another connection: after every command sent before it is answered.
    if (kind === DELETE_NAMESPACE) return ring.sentTotal === 0 && this.port.pipe.inFlight === 0;
    if (ring.sentTotal === 0) return true;
    // A write-behind's persist queries the origin, as a miss does: after every earlier read took its
    // turn there, so the origin pool (its queue, its peak) sees the simulator's order.
    if (kind === PERSIST) return this.order === 'key' && ring.oldestMs >= atMs;
    if (ring.waitsFor(events.topA())) return false;
    return this.order === 'key' || atMs < ring.oldestMs + this.leastLoadMs;
  }

  /**
   * Order 'key': the next event (a load's SET, a rule's DEL or SET), whose key has reads waiting,
   * is set aside until they are taken; reads of that key are held meanwhile.
   * @returns false when the event cannot be set aside (a pattern delete waits for every read)
   */
  private park(): boolean {
    const events = this.client.events;
    const kind = events.topKind();
    if (kind === DELETE_NAMESPACE || kind === PERSIST) return false;
    const id = events.topA();
    const entry = [events.peekTime(), kind, id, events.topB(), events.topSeq()];
    events.pop();
    const parked = this.parked.get(id);
    if (parked) parked.push(...entry);
    else this.parked.set(id, entry);
    this.ring.recheck(id);
    return true;
  }

  /** Puts the events set aside for key `id` (every key: -1) back on the client's agenda. */
  private unpark(id: number): void {
    const events = this.client.events;
    for (const [key, parked] of this.parked) {
      if (id >= 0 && key !== id) continue;
      // With its original sequence: back before events of the same time that were scheduled after it.
      for (let i = 0; i < parked.length; i += 5) events.push(parked[i], parked[i + 1], parked[i + 2], parked[i + 3], parked[i + 4]);
      this.parked.delete(key);
      this.ring.recheck(key);
    }
  }

  /** A read taken at the ring's head; a failed one counts as neither, yet releases what waited for it like an answer. */
  private readonly take = (atMs: number, id: number, outcome: number, hitMs: number): void => {
    if (outcome !== READ_FAILED) {
      const ns = this.client.namespaceOf(id);
      const hit = outcome === READ_HIT;
      if (hit) {
        this.hits[ns]++;
        this.windowHits[ns]++;
      } else {
        this.misses[ns]++;
        this.windowMisses[ns]++;
      }
      this.client.readReplied(atMs, ns, id, hit, hitMs);
    }
    if (this.parked.size > 0 && !this.ring.waitsFor(id)) this.unpark(id);
  };

  /** A GET's reply (READ_*) to read `n`; returns whether a held read or a set-aside event may go now. */
  readReplied(n: number, outcome: number, hitMs: number): boolean {
    const parked = this.parked.size;
    this.ring.reply(n, outcome, hitMs, this.take);
    return this.ring.anyReady || this.parked.size < parked;
  }

  /**
   * Without a connection: requests, held reads and events that fall due are dropped, not queued.
   * @returns [requests dropped, commands dropped]
   */
  dropDue(now: number): [number, number] {
    this.unpark(-1);
    let requests = this.ring.dropHeld(this.take);
    let commands = 0;
    const events = this.client.events;
    while (events.size > 0 && events.peekTime() <= now) if (this.client.dropNextEvent()) commands++;
    while (this.have && (this.maxSpeed || this.source.timeMs <= now)) {
      requests++;
      this.next(now);
      if (this.maxSpeed) break;
    }
    return [requests, commands];
  }

  /** Past the deadline after the last request: whatever is still scheduled or held is not sent; returns how much. */
  dropTail(): number {
    this.unpark(-1);
    let dropped = this.ring.dropHeld(this.take);
    while (this.client.events.size > 0) if (this.client.dropNextEvent()) dropped++;
    return dropped;
  }

  private next(now: number): void {
    this.have = this.source.next();
    if (!this.have && !this.source.waiting) this.endedAtMs = Math.max(now, this.source.endMs);
  }
}
