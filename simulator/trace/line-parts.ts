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

/**
 * The longest line a reader parses: a key trace line or a MONITOR line with a value that large is
 * malformed (counted and reported), so memory stays bounded whatever the input holds (a 2 GB file
 * with no newline, 10 MB keys).
 */
export const MAX_LINE_BYTES = 1024 * 1024;

/** The message of a line over MAX_LINE_BYTES. */
export function overlongLine(bytes: number): string {
  return `line is ${bytes >= 1024 * 1024 * 1024 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`} long; lines over ${MAX_LINE_BYTES / 1024 / 1024} MB are skipped (no newline, a huge key or value?)`;
}

/**
 * The bytes of a line a chunk did not finish: `bytes[0, length)`, grown by doubling up to
 * MAX_LINE_BYTES; past that only `total` counts on (the line is then malformed).
 */
export class LineCarry {
  bytes: Uint8Array;
  length = 0;
  /** The unfinished line's whole length, stored or not. */
  total = 0;

  constructor(initialBytes: number) {
    this.bytes = new Uint8Array(initialBytes);
  }

  /** Whether the unfinished line went past MAX_LINE_BYTES. */
  get overflowed(): boolean {
    return this.total > MAX_LINE_BYTES;
  }

  /** Forgets the line. */
  clear(): void {
    this.length = 0;
    this.total = 0;
  }

  /** Appends chunk[from, to). */
  append(chunk: Uint8Array, from: number, to: number): void {
    this.total += to - from;
    if (this.total > MAX_LINE_BYTES) return;
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
