/**
 * Storage of the client queues: per cohort a ring of entries carved from the slab, and the
 * cohort's scalar state packed in one record of a Float64Array (one cache line per cohort, as
 * a message touches a random cohort). Entries are (arrival, publish time, channel·4 + flags,
 * payload bytes). This file knows nothing of delivery semantics; client-queues.ts does.
 */
import { RingSlab, STRIDE } from './slab';

export const LAST_FINISH = 0;
export const SIZE = 1;
export const SERVICE_MS = 2;
export const CONNECTED = 3;
const SEGMENT = 4;
const SEG_CLASS = 5;
const HEAD = 6;
const LENGTH = 7;
export const STATE_STRIDE = 8;

export class CohortRings {
  /** Per cohort: lastFinish, size, serviceMs, connected (1/0), and the ring's segment, class, head, length. */
  readonly state: Float64Array;
  private readonly slab = new RingSlab();
  private readonly firstClass: number;

  constructor(size: Float64Array, serviceMs: Float64Array, limit: number) {
    const n = size.length;
    this.state = new Float64Array(n * STATE_STRIDE);
    for (let k = 0; k < n; k++) {
      const s = k * STATE_STRIDE;
      this.state[s + SIZE] = size[k];
      this.state[s + SERVICE_MS] = serviceMs[k];
      this.state[s + CONNECTED] = 1;
      this.state[s + SEG_CLASS] = -1;
    }
    this.firstClass = Math.min(1, RingSlab.classFor(limit));
  }

  length(k: number): number {
    return this.state[k * STATE_STRIDE + LENGTH];
  }

  /** The array holding cohort k's entries (valid until the next push to any cohort). */
  data(k: number): Float64Array {
    return this.slab.data(this.state[k * STATE_STRIDE + SEG_CLASS]);
  }

  /** Offset in data(k) of entry i (0 = head) of cohort k. */
  entry(k: number, i: number): number {
    const s = k * STATE_STRIDE;
    const kc = this.state[s + SEG_CLASS];
    const capacity = 1 << kc;
    return (this.state[s + SEGMENT] * capacity + ((this.state[s + HEAD] + i) & (capacity - 1))) * STRIDE;
  }

  push(k: number, arrival: number, pubTime: number, chanFlags: number, bytes: number): void {
    const s = k * STATE_STRIDE;
    const st = this.state;
    let kc = st[s + SEG_CLASS];
    if (kc < 0) {
      kc = this.firstClass;
      st[s + SEG_CLASS] = kc;
      st[s + SEGMENT] = this.slab.alloc(kc);
      st[s + HEAD] = 0;
    } else if (st[s + LENGTH] === 1 << kc) kc = this.grow(k);
    const n = st[s + LENGTH];
    const o = this.entry(k, n);
    const data = this.slab.data(kc);
    data[o] = arrival;
    data[o + 1] = pubTime;
    data[o + 2] = chanFlags;
    data[o + 3] = bytes;
    st[s + LENGTH] = n + 1;
  }

  /** Removes the head; gives the segment back when the ring is empty. */
  shift(k: number): void {
    const s = k * STATE_STRIDE;
    const st = this.state;
    const kc = st[s + SEG_CLASS];
    st[s + HEAD] = (st[s + HEAD] + 1) & ((1 << kc) - 1);
    if (--st[s + LENGTH] === 0) {
      this.slab.release(kc, st[s + SEGMENT]);
      st[s + SEG_CLASS] = -1;
    }
  }

  /** Removes entry i, moving the older entries up by one. */
  removeAt(k: number, i: number): void {
    const data = this.data(k);
    for (let j = i; j > 0; j--) {
      const to = this.entry(k, j);
      const from = this.entry(k, j - 1);
      for (let f = 0; f < STRIDE; f++) data[to + f] = data[from + f];
    }
    this.shift(k);
  }

  private grow(k: number): number {
    const s = k * STATE_STRIDE;
    const st = this.state;
    const from = st[s + SEG_CLASS];
    const to = from + 1;
    const segment = this.slab.alloc(to);
    const source = this.slab.data(from);
    const target = this.slab.data(to);
    const n = st[s + LENGTH];
    for (let i = 0; i < n; i++) {
      const o = this.entry(k, i);
      const d = (segment * (1 << to) + i) * STRIDE;
      for (let f = 0; f < STRIDE; f++) target[d + f] = source[o + f];
    }
    this.slab.release(from, st[s + SEGMENT]);
    st[s + SEG_CLASS] = to;
    st[s + SEGMENT] = segment;
    st[s + HEAD] = 0;
    return to;
  }
}
