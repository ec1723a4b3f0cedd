/**
 * The simulation's agenda: a binary min-heap of timed events in typed arrays (no object per
 * event). Each event carries a kind, two integers and two floats — enough for a message
 * (channel, payload bytes, publish time) without allocating one. Ties pop in insertion order.
 */

export const EV_PUBLISH = 1;
export const EV_NODE_OUT = 2;
export const EV_BUS = 3;
export const EV_WORKER_NEXT = 4;
export const EV_FAILURE = 5;
export const EV_RECOVER = 6;
export const EV_LINK_RETRY = 7;
export const EV_CLIENT_RETRY = 8;

export class Agenda {
  private time: Float64Array;
  private seq: Float64Array;
  private kinds: Uint8Array;
  private intA: Int32Array;
  private intB: Int32Array;
  private numC: Float64Array;
  private numD: Float64Array;
  private count = 0;
  private sequence = 0;

  /** The host's current bound (advanceTo's target): nothing may happen after it in this step. */
  horizon = Infinity;

  /** The popped event's fields, valid until the next pop. */
  kind = 0;
  a = 0;
  b = 0;
  c = 0;
  d = 0;

  constructor(capacity = 256) {
    this.time = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.kinds = new Uint8Array(capacity);
    this.intA = new Int32Array(capacity);
    this.intB = new Int32Array(capacity);
    this.numC = new Float64Array(capacity);
    this.numD = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event, or +Infinity. */
  peekTime(): number {
    return this.count > 0 ? this.time[0] : Infinity;
  }

  /**
   * Whether something due at `timeMs` may run right away instead of being queued: nothing else is
   * due before it (ties go to what was queued first) and it is within the horizon. Saves a push
   * and a pop per message on the hot path without changing the order of anything.
   */
  canRunAt(timeMs: number): boolean {
    return timeMs <= this.horizon && (this.count === 0 || timeMs < this.time[0]);
  }

  push(timeMs: number, kind: number, a: number, b: number, c: number, d: number): void {
    if (this.count === this.time.length) this.grow();
    const seq = this.sequence++;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = this.time[parent];
      if (pt < timeMs || (pt === timeMs && this.seq[parent] < seq)) break;
      this.copy(parent, i);
      i = parent;
    }
    this.set(i, timeMs, seq, kind, a, b, c, d);
  }

  /** Removes the earliest event into kind/a/b/c/d and returns its time. */
  pop(): number {
    const t = this.time[0];
    this.kind = this.kinds[0];
    this.a = this.intA[0];
    this.b = this.intB[0];
    this.c = this.numC[0];
    this.d = this.numD[0];
    const last = --this.count;
    if (last > 0) {
      const lt = this.time[last];
      const ls = this.seq[last];
      const lk = this.kinds[last];
      const la = this.intA[last];
      const lb = this.intB[last];
      const lc = this.numC[last];
      const ld = this.numD[last];
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= last) break;
        const right = child + 1;
        if (right < last && this.before(right, child)) child = right;
        const ct = this.time[child];
        if (lt < ct || (lt === ct && ls < this.seq[child])) break;
        this.copy(child, i);
        i = child;
      }
      this.set(i, lt, ls, lk, la, lb, lc, ld);
    }
    return t;
  }

  /** Visits every queued event (in heap order) without removing it. */
  forEach(visit: (timeMs: number, kind: number, a: number, b: number, c: number, d: number) => void): void {
    for (let i = 0; i < this.count; i++) visit(this.time[i], this.kinds[i], this.intA[i], this.intB[i], this.numC[i], this.numD[i]);
  }

  private before(i: number, j: number): boolean {
    return this.time[i] < this.time[j] || (this.time[i] === this.time[j] && this.seq[i] < this.seq[j]);
  }

  private copy(from: number, to: number): void {
    this.time[to] = this.time[from];
    this.seq[to] = this.seq[from];
    this.kinds[to] = this.kinds[from];
    this.intA[to] = this.intA[from];
    this.intB[to] = this.intB[from];
    this.numC[to] = this.numC[from];
    this.numD[to] = this.numD[from];
  }

  private set(i: number, t: number, s: number, k: number, a: number, b: number, c: number, d: number): void {
    this.time[i] = t;
    this.seq[i] = s;
    this.kinds[i] = k;
    this.intA[i] = a;
    this.intB[i] = b;
    this.numC[i] = c;
    this.numD[i] = d;
  }

  private grow(): void {
    const n = this.time.length * 2;
    const grow64 = (old: Float64Array) => { const next = new Float64Array(n); next.set(old); return next; };
    const grow32 = (old: Int32Array) => { const next = new Int32Array(n); next.set(old); return next; };
    this.time = grow64(this.time);
    this.seq = grow64(this.seq);
    this.numC = grow64(this.numC);
    this.numD = grow64(this.numD);
    this.intA = grow32(this.intA);
    this.intB = grow32(this.intB);
    const kinds = new Uint8Array(n);
    kinds.set(this.kinds);
    this.kinds = kinds;
  }
}
