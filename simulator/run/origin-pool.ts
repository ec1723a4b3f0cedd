/**
 * The database behind the cache as a pool of `maxConcurrency` connections and an optional
 * sustained capacity (queries/s). A query waits for a free connection and for its turn under the
 * capacity, which is how a thundering herd turns into queueing latency.
 */
export class OriginPool {
  /** End times of queries in flight, as a min-heap. */
  private readonly ends: Float64Array;
  private inFlight = 0;
  private nextSlotMs = 0;
  private readonly spacingMs: number;
  peakConcurrency = 0;
  queries = 0;
  queuedMs = 0;

  constructor(private readonly maxConcurrency: number, capacityPerSec: number | null) {
    this.ends = new Float64Array(maxConcurrency);
    this.spacingMs = capacityPerSec && capacityPerSec > 0 ? 1000 / capacityPerSec : 0;
  }

  /**
   * Queries running at `nowMs`, retiring none: a snapshot only reads the pool. (Retiring here once
   * changed later queries dated before the snapshot, e.g. a write-behind's persist, so the engines'
   * origin queues differed.)
   */
  runningAt(nowMs: number): number {
    let running = 0;
    for (let i = 0; i < this.inFlight; i++) if (this.ends[i] > nowMs) running++;
    return running;
  }

  /** Starts a query arriving at `nowMs` that takes `serviceMs`; returns when it completes. */
  query(nowMs: number, serviceMs: number): number {
    this.retire(nowMs);
    let startMs = nowMs;
    if (this.inFlight === this.maxConcurrency) {
      startMs = this.ends[0];
      this.popMin();
    }
    if (this.spacingMs > 0) {
      if (startMs < this.nextSlotMs) startMs = this.nextSlotMs;
      this.nextSlotMs = startMs + this.spacingMs;
    }
    const endMs = startMs + serviceMs;
    this.pushEnd(endMs);
    this.queries++;
    this.queuedMs += startMs - nowMs;
    if (this.inFlight > this.peakConcurrency) this.peakConcurrency = this.inFlight;
    return endMs;
  }

  private retire(nowMs: number): void {
    while (this.inFlight > 0 && this.ends[0] <= nowMs) this.popMin();
  }

  private pushEnd(value: number): void {
    let i = this.inFlight++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.ends[parent] <= value) break;
      this.ends[i] = this.ends[parent];
      i = parent;
    }
    this.ends[i] = value;
  }

  private popMin(): void {
    const last = this.ends[--this.inFlight];
    let i = 0;
    const n = this.inFlight;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const child = left + 1 < n && this.ends[left + 1] < this.ends[left] ? left + 1 : left;
      if (this.ends[child] >= last) break;
      this.ends[i] = this.ends[child];
      i = child;
    }
    this.ends[i] = last;
  }
}
