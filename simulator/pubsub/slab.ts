/**
 * Ring segments for the client queues, carved from shared Float64Arrays: class k holds segments
 * of 2^k entries of STRIDE floats. A queue takes a segment when it gets its first entry, moves to
 * the next class when full, and gives it back when empty, so memory follows what is queued and
 * nothing is allocated per message.
 */

/** Floats per queue entry: arrival, publish time, channel·4 + flags, payload bytes. */
export const STRIDE = 4;
const MAX_CLASS = 21;

export class RingSlab {
  private readonly arrays: Float64Array[] = [];
  private readonly highWater: number[] = [];
  private readonly freeLists: number[][] = [];

  constructor() {
    for (let k = 0; k <= MAX_CLASS; k++) {
      this.arrays.push(new Float64Array(0));
      this.highWater.push(0);
      this.freeLists.push([]);
    }
  }

  /** The class whose segments hold at least `entries`. */
  static classFor(entries: number): number {
    let k = 0;
    while ((1 << k) < entries) k++;
    if (k > MAX_CLASS) throw new RangeError(`a queue of ${entries} entries is over the slab's ${2 ** MAX_CLASS}`);
    return k;
  }

  /** The backing array of class k (may be replaced by a later alloc: fetch it again after one). */
  data(k: number): Float64Array {
    return this.arrays[k];
  }

  /** A free segment of class k; its first float is at `segment · 2^k · STRIDE`. */
  alloc(k: number): number {
    const free = this.freeLists[k];
    if (free.length > 0) return free.pop() as number;
    const segment = this.highWater[k]++;
    const needed = (segment + 1) * (1 << k) * STRIDE;
    const old = this.arrays[k];
    if (needed > old.length) {
      const next = new Float64Array(Math.max(needed, old.length * 2, 64 * STRIDE));
      next.set(old);
      this.arrays[k] = next;
    }
    return segment;
  }

  release(k: number, segment: number): void {
    this.freeLists[k].push(segment);
  }
}
