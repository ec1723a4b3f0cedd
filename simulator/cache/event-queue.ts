/**
 * A min-heap of timed events in typed arrays (no object per event): the simulator's agenda for
 * origin loads that complete later and invalidations that arrive after a propagation delay.
 * Ties pop in insertion order, so runs stay deterministic.
 */
export class EventQueue {
  private times: Float64Array;
  private order: Float64Array;
  private kinds: Uint8Array;
  private argsA: Int32Array;
  private argsB: Float64Array;
  private count = 0;
  private sequence = 0;

  constructor(initialCapacity = 1024) {
    this.times = new Float64Array(initialCapacity);
    this.order = new Float64Array(initialCapacity);
    this.kinds = new Uint8Array(initialCapacity);
    this.argsA = new Int32Array(initialCapacity);
    this.argsB = new Float64Array(initialCapacity);
  }

  get size(): number {
    return this.count;
  }

  /** Time of the earliest event, or +Infinity when empty. */
  peekTime(): number {
    return this.count > 0 ? this.times[0] : Number.POSITIVE_INFINITY;
  }

  /**
   * `seq`: an event taken off with pop and put back keeps its place among ties by passing its
   * topSeq() again (the live engine's set-aside events); by default it goes after every tie.
   */
  push(timeMs: number, kind: number, a: number, b: number, seq = this.sequence++): void {
    if (this.count === this.times.length) this.grow();
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.before(timeMs, seq, parent)) {
        this.move(parent, i);
        i = parent;
      } else break;
    }
    this.set(i, timeMs, seq, kind, a, b);
  }

  /** Removes the earliest event; read it first with the `top*` accessors. */
  pop(): void {
    const last = --this.count;
    if (last === 0) return;
    const time = this.times[last];
    const seq = this.order[last];
    const kind = this.kinds[last];
    const a = this.argsA[last];
    const b = this.argsB[last];
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= last) break;
      const right = left + 1;
      const child = right < last && this.lessAt(right, left) ? right : left;
      if (this.before(time, seq, child)) break;
      this.move(child, i);
      i = child;
    }
    this.set(i, time, seq, kind, a, b);
  }

  topKind(): number { return this.kinds[0]; }
  topA(): number { return this.argsA[0]; }
  topB(): number { return this.argsB[0]; }
  /** The earliest event's place among events at its time (see push). */
  topSeq(): number { return this.order[0]; }

  private before(time: number, seq: number, at: number): boolean {
    const other = this.times[at];
    return time < other || (time === other && seq < this.order[at]);
  }

  private lessAt(i: number, j: number): boolean {
    return this.before(this.times[i], this.order[i], j);
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from];
    this.order[to] = this.order[from];
    this.kinds[to] = this.kinds[from];
    this.argsA[to] = this.argsA[from];
    this.argsB[to] = this.argsB[from];
  }

  private set(i: number, time: number, seq: number, kind: number, a: number, b: number): void {
    this.times[i] = time;
    this.order[i] = seq;
    this.kinds[i] = kind;
    this.argsA[i] = a;
    this.argsB[i] = b;
  }

  private grow(): void {
    const size = this.times.length * 2;
    const grow64 = (old: Float64Array) => { const next = new Float64Array(size); next.set(old); return next; };
    this.times = grow64(this.times);
    this.order = grow64(this.order);
    this.argsB = grow64(this.argsB);
    const kinds = new Uint8Array(size); kinds.set(this.kinds); this.kinds = kinds;
    const argsA = new Int32Array(size); argsA.set(this.argsA); this.argsA = argsA;
  }
}
