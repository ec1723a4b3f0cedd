/**
 * The two pieces every chunked line reader needs (the plain key trace's and the recorded
 * formats'): the unfinished tail of a chunk, kept until a later chunk finishes the line, and
 * the log of malformed lines.
 */

/** A line the reader could not use, for messages such as `trace.txt:17:9: bad value size`. */
export interface MalformedLine {
  /** 1-based physical line number. */
  line: number;
  /** 1-based byte column where the problem starts. */
  column: number;
  reason: string;
}

/** Malformed lines kept for reporting; the rest are only counted. */
export const MAX_MALFORMED_KEPT = 20;

/** Malformed lines: every one counted, the first MAX_MALFORMED_KEPT kept in order. */
export class MalformedLog {
  count = 0;
  readonly kept: MalformedLine[] = [];

  add(line: number, column: number, reason: string): void {
    this.count++;
    if (this.kept.length < MAX_MALFORMED_KEPT) this.kept.push({ line, column, reason });
  }
}

/** The bytes of a line a chunk did not finish: `bytes[0, length)`, grown by doubling. */
export class LineCarry {
  bytes: Uint8Array;
  length = 0;

  constructor(initialBytes: number) {
    this.bytes = new Uint8Array(initialBytes);
  }

  /** Appends chunk[from, to). */
  append(chunk: Uint8Array, from: number, to: number): void {
    const needed = this.length + (to - from);
    if (needed > this.bytes.length) {
      const grown = new Uint8Array(Math.max(needed, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(chunk.subarray(from, to), this.length);
    this.length = needed;
  }
}
