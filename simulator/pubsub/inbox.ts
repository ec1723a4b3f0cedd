/**
 * A worker's inbox: what it has to do next, in order — messages read from Redis (pub/sub pushes
 * or stream entries) and client connection handshakes — as a growable ring of fixed-size
 * records in one Float64Array.
 */

/** Floats per record: arrival, publish time, channel (or −1 − cohort for a handshake), payload bytes, link (−1: stream), wire bytes. */
export const INBOX_STRIDE = 6;

export class Inbox {
  private data = new Float64Array(16 * INBOX_STRIDE);
  /** Capacity in records − 1 (capacities are powers of two). */
  private mask = 15;
  private head = 0;
  length = 0;

  push(arrival: number, pubTime: number, channel: number, bytes: number, link: number, wire: number): void {
    if (this.length > this.mask) this.grow();
    const o = ((this.head + this.length) & this.mask) * INBOX_STRIDE;
    const d = this.data;
    d[o] = arrival;
    d[o + 1] = pubTime;
    d[o + 2] = channel;
    d[o + 3] = bytes;
    d[o + 4] = link;
    d[o + 5] = wire;
    this.length++;
  }

  /** Offset of record i (0 = oldest) in `array()`. */
  offset(i: number): number {
    return ((this.head + i) & this.mask) * INBOX_STRIDE;
  }

  array(): Float64Array {
    return this.data;
  }

  shift(): void {
    this.head = (this.head + 1) & this.mask;
    this.length--;
  }

  /** Keeps only the records for which `keep(offset)` is true, in order. */
  filter(keep: (data: Float64Array, offset: number) => boolean): void {
    const kept = new Float64Array(this.data.length);
    let n = 0;
    for (let i = 0; i < this.length; i++) {
      const o = this.offset(i);
      if (!keep(this.data, o)) continue;
      kept.set(this.data.subarray(o, o + INBOX_STRIDE), n * INBOX_STRIDE);
      n++;
    }
    this.data = kept;
    this.head = 0;
    this.length = n;
  }

  private grow(): void {
    const next = new Float64Array(this.data.length * 2);
    for (let i = 0; i < this.length; i++) {
      const o = this.offset(i);
      next.set(this.data.subarray(o, o + INBOX_STRIDE), i * INBOX_STRIDE);
    }
    this.mask = this.mask * 2 + 1;
    this.data = next;
    this.head = 0;
  }
}
