/**
 * The reads the client has yet to take, in plan order: held back (not sent yet), waiting for
 * their reply, or answered. The client takes them from the head only, so it sees every read in
 * the order the simulator does, whatever order their GETs went out or their replies came back.
 */
import { READ_FAILED, READ_HIT } from './pipe-port';

/** Takes a read at the head: answered (READ_HIT, READ_MISS) or not (READ_FAILED: an error reply, a lost or dropped read). */
export type TakeRead = (atMs: number, id: number, outcome: number, hitMs: number) => void;

const WAITING = 0;
const HELD = 4;

export class ReadRing {
  private head = 0;
  private tail = 0;
  private mask = 255;
  private times = new Float64Array(256);
  private keyIds = new Int32Array(256);
  private states = new Uint8Array(256);
  private hitMs = new Float64Array(256);
  /** Per key: reads sent and not taken, and reads held. */
  private readonly keySent: Uint16Array;
  private readonly keyHeld: Uint16Array;
  /**
   * Per key: reads sent whose load could still be scheduled (not answered, or a miss not yet
   * taken: an answered hit schedules none), and (no later than) the time of the oldest.
   */
  private readonly keyOpen: Uint16Array;
  private readonly keyOldestOpenMs: Float64Array;
  /** Reads sent and not taken. */
  sentTotal = 0;
  /** Held reads (their numbers) per key, in plan order. */
  private readonly held = new Map<number, number[]>();
  heldTotal = 0;

  /** Keys whose first held read may go now (see recheck). */
  private readonly ready = new Set<number>();

  /** `blocked(id)`: whether something outside the ring keeps reads of `id` back (an event set aside). */
  constructor(totalKeys: number, private readonly leastLoadMs: number, private readonly blocked: (id: number) => boolean) {
    this.keySent = new Uint16Array(totalKeys);
    this.keyHeld = new Uint16Array(totalKeys);
    this.keyOpen = new Uint16Array(totalKeys);
    this.keyOldestOpenMs = new Float64Array(totalKeys).fill(Infinity);
  }

  get empty(): boolean {
    return this.head === this.tail;
  }

  /** Plan time of the oldest read not taken (Infinity when none). */
  get oldestMs(): number {
    return this.head === this.tail ? Infinity : this.times[this.head & this.mask];
  }

  timeOf(n: number): number {
    return this.times[n & this.mask];
  }

  keyOf(n: number): number {
    return this.keyIds[n & this.mask];
  }

  /** Whether a read of `id` at `atMs` may go now: no held read of its key, no sent one whose load could end by then. */
  mayGo(id: number, atMs: number, leastLoadMs: number): boolean {
    return this.keyHeld[id] === 0 && this.sentWithin(id, atMs, leastLoadMs);
  }

  /** Whether a read of `id` was sent and is not taken yet. */
  waitsFor(id: number): boolean {
    return this.keySent[id] !== 0;
  }

  /** Adds a read; returns its number. */
  push(atMs: number, id: number, held: boolean): number {
    if (this.tail - this.head > this.mask) this.grow();
    const n = this.tail++;
    const at = n & this.mask;
    this.times[at] = atMs;
    this.keyIds[at] = id;
    if (held) {
      this.states[at] = HELD;
      this.keyHeld[id]++;
      this.heldTotal++;
      const queue = this.held.get(id);
      if (queue) queue.push(n);
      else this.held.set(id, [n]);
      this.recheck(id);
    } else {
      this.sent(n, at, id);
    }
    return n;
  }

  /** The earliest held read that may go now, or -1. */
  firstReleasable(): number {
    let best = -1;
    for (const id of this.ready) {
      const n = (this.held.get(id) as number[])[0];
      if (best < 0 || n < best) best = n;
    }
    return best;
  }

  /** Whether a held read may go now. */
  get anyReady(): boolean {
    return this.ready.size > 0;
  }

  /** Whether key `id`'s first held read may go now, after something about `id` changed. */
  recheck(id: number): void {
    const queue = this.held.get(id);
    if (queue !== undefined && this.sentWithin(id, this.timeOf(queue[0]), this.leastLoadMs) && !this.blocked(id)) this.ready.add(id);
    else this.ready.delete(id);
  }

  /** Held read `n` (the first held of its key) goes out. */
  release(n: number): void {
    const id = this.keyOf(n);
    const queue = this.held.get(id) as number[];
    if (queue.length === 1) this.held.delete(id);
    else queue.shift();
    this.keyHeld[id]--;
    this.heldTotal--;
    this.sent(n, n & this.mask, id);
    this.recheck(id);
  }

  /** Whether `id`'s first held read is the only thing keeping it (for mayGoHeld). */
  sentWithin(id: number, atMs: number, leastLoadMs: number): boolean {
    return this.keyOpen[id] === 0 || atMs < this.keyOldestOpenMs[id] + leastLoadMs;
  }

  private sent(n: number, at: number, id: number): void {
    this.states[at] = WAITING;
    this.sentTotal++;
    this.keySent[id]++;
    if (this.keyOpen[id]++ === 0) this.keyOldestOpenMs[id] = this.times[at];
  }

  private closed(id: number): void {
    if (--this.keyOpen[id] === 0) this.keyOldestOpenMs[id] = Infinity;
    if (this.heldTotal > 0) this.recheck(id);
  }

  /** Read `n`'s reply (READ_*); then `take` gets every answered read at the head, in order. */
  reply(n: number, outcome: number, hitMs: number, take: TakeRead): void {
    const at = n & this.mask;
    this.states[at] = outcome;
    this.hitMs[at] = hitMs;
    if (outcome === READ_HIT) this.closed(this.keyIds[at]);
    this.drain(take);
  }

  private drain(take: TakeRead): void {
    while (this.head !== this.tail) {
      const slot = this.head & this.mask;
      const state = this.states[slot];
      if (state === WAITING || state === HELD) return;
      const id = this.keyIds[slot];
      this.head++;
      this.sentTotal--;
      this.keySent[id]--;
      if (state !== READ_HIT) this.closed(id);
      take(this.times[slot], id, state, this.hitMs[slot]);
    }
  }

  /** Held reads are dropped (no connection, or past the tail deadline), as failed reads; returns how many. */
  dropHeld(take: TakeRead): number {
    const dropped = this.heldTotal;
    for (const [id, queue] of this.held) {
      for (const n of queue) {
        this.keyHeld[id]--;
        this.keySent[id]++;
        this.keyOpen[id]++;
        this.sentTotal++;
        this.states[n & this.mask] = READ_FAILED;
      }
    }
    this.held.clear();
    this.ready.clear();
    this.heldTotal = 0;
    this.drain(take);
    return dropped;
  }

  private grow(): void {
    const size = (this.mask + 1) * 2;
    const times = new Float64Array(size);
    const keyIds = new Int32Array(size);
    const states = new Uint8Array(size);
    const hitMs = new Float64Array(size);
    for (let n = this.head; n < this.tail; n++) {
      const from = n & this.mask;
      const to = n & (size - 1);
      times[to] = this.times[from];
      keyIds[to] = this.keyIds[from];
      states[to] = this.states[from];
      hitMs[to] = this.hitMs[from];
    }
    this.times = times;
    this.keyIds = keyIds;
    this.states = states;
    this.hitMs = hitMs;
    this.mask = size - 1;
  }
}
