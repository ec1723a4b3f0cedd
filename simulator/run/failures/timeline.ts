/**
 * The hit ratio the application sees, in 1 s windows, while a failure timeline runs: hits ÷
 * (hits + misses + reads that errored), and the origin's queries per second. The per-event
 * metrics (dip, recovery, origin peak) are read off it.
 */
export const BUCKET_MS = 1000;

export class HitTimeline {
  /** End of each closed window (ms), its reads, hits and origin queries. */
  readonly endMs: number[] = [];
  readonly reads: number[] = [];
  readonly hits: number[] = [];
  readonly originQueries: number[] = [];
  nextMs = BUCKET_MS;
  lastMs = 0;
  private last = { hits: 0, reads: 0, origin: 0 };

  /** Closes the window ending at `t` from the run's cumulative counters. */
  close(t: number, hits: number, misses: number, errors: number, originQueries: number): void {
    const reads = hits + misses + errors;
    this.endMs.push(t);
    this.reads.push(reads - this.last.reads);
    this.hits.push(hits - this.last.hits);
    this.originQueries.push(originQueries - this.last.origin);
    this.last = { hits, reads, origin: originQueries };
    this.lastMs = t;
    this.nextMs = t + BUCKET_MS;
  }

  /** Hit ratio of window i (null: no reads in it). */
  ratio(i: number): number | null {
    return this.reads[i] > 0 ? this.hits[i] / this.reads[i] : null;
  }

  /** Hit ratio of the windows ending in (fromMs, toMs]; null without reads. */
  ratioBetween(fromMs: number, toMs: number): number | null {
    let reads = 0;
    let hits = 0;
    for (let i = 0; i < this.endMs.length; i++) {
      if (this.endMs[i] <= fromMs || this.endMs[i] > toMs) continue;
      reads += this.reads[i];
      hits += this.hits[i];
    }
    return reads > 0 ? hits / reads : null;
  }

  /** Origin queries per second of window i. */
  originQps(i: number): number {
    const startMs = i === 0 ? 0 : this.endMs[i - 1];
    return (this.originQueries[i] * 1000) / Math.max(1, this.endMs[i] - startMs);
  }
}
