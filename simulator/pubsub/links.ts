/**
 * The workers' subscriber connections to Redis, one per (worker, node) pair in use, and the
 * output buffer Redis keeps for each: bytes written to the connection that the worker has not
 * read yet. After every write Redis checks the pubsub class limits (checkClientOutputBufferLimits):
 * over the hard limit, or over the soft limit for `softLimitMs` in a row, the connection is
 * closed and whatever it buffered is gone.
 */

export class SubscriberLinks {
  readonly up: Uint8Array;
  /** Links a worker actually holds (classic cluster: one per worker, to its home node; otherwise one per node). */
  readonly used: Uint8Array;
  readonly bufferBytes: Float64Array;
  /** When the buffer went over the soft limit (NaN: it is not over). */
  private readonly softSince: Float64Array;
  /** Reconnect attempts fail until this time (a subscriber-disconnect with a duration). */
  readonly blockedUntil: Float64Array;
  readonly attempts: Int32Array;
  totalBufferBytes = 0;
  peakBufferBytes = 0;
  disconnects = 0;
  overflowDisconnects = 0;
  reconnects = 0;

  constructor(
    readonly workers: number,
    readonly nodes: number,
    private readonly hardLimitBytes: number,
    private readonly softLimitBytes: number,
    private readonly softLimitMs: number,
  ) {
    const n = workers * nodes;
    this.up = new Uint8Array(n).fill(1);
    this.used = new Uint8Array(n);
    this.bufferBytes = new Float64Array(n);
    this.softSince = new Float64Array(n).fill(Number.NaN);
    this.blockedUntil = new Float64Array(n);
    this.attempts = new Int32Array(n);
  }

  index(worker: number, node: number): number {
    return worker * this.nodes + node;
  }

  /** Redis appends a push to the buffer; returns false when that trips a limit (the caller closes the link). */
  write(link: number, wireBytes: number, nowMs: number): boolean {
    const bytes = this.bufferBytes[link] + wireBytes;
    this.bufferBytes[link] = bytes;
    this.totalBufferBytes += wireBytes;
    if (this.totalBufferBytes > this.peakBufferBytes) this.peakBufferBytes = this.totalBufferBytes;
    const hard = this.hardLimitBytes > 0 && bytes > this.hardLimitBytes;
    let soft = false;
    if (this.softLimitBytes > 0 && bytes > this.softLimitBytes) {
      const since = this.softSince[link];
      if (Number.isNaN(since)) this.softSince[link] = nowMs;
      else soft = nowMs - since >= this.softLimitMs;
    } else this.softSince[link] = Number.NaN;
    return !(hard || soft);
  }

  /** The worker read a push off the connection. */
  read(link: number, wireBytes: number): void {
    this.bufferBytes[link] -= wireBytes;
    this.totalBufferBytes -= wireBytes;
  }

  /** The connection is closed: its buffer is discarded (the caller counts the messages in it as lost). */
  close(link: number, overflow: boolean): void {
    this.totalBufferBytes -= this.bufferBytes[link];
    this.bufferBytes[link] = 0;
    this.softSince[link] = Number.NaN;
    if (this.up[link] === 1) {
      this.disconnects++;
      if (overflow) this.overflowDisconnects++;
    }
    this.up[link] = 0;
  }

  open(link: number): void {
    if (this.up[link] === 0) this.reconnects++;
    this.up[link] = 1;
    this.attempts[link] = 0;
  }
}
