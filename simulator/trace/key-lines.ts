import { hashKeyBytes } from './key-interner';
import type { KeyInterner } from './key-interner';
import { LineCarry, MalformedLog, MAX_LINE_BYTES, overlongLine } from './line-parts';
import type { MalformedLine } from './line-parts';

export { MAX_MALFORMED_KEPT } from './line-parts';
export type { MalformedLine } from './line-parts';

const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const COMMA = 44;
const SPACE = 32;
const TAB = 9;
const ZERO = 48;
const MAX_VALUE_BYTES = 2147483647;

/**
 * The spatial-sampling hash of a key (SHARDS): murmur3's finaliser over the key's interning hash
 * (hashKeyBytes), salted, in [0, 2^32). A key is in a sample of rate R when this is below R·2^32.
 * Not the interning hash itself: sampled keys would then share its high bits, the interner's
 * bucket index, and crowd into one corner of its table.
 */
export function spatialHash(keyHash: number): number {
  let h = (keyHash ^ 0x2545_f491) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85eb_ca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2_ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Reads the plain key trace: one request per line, `key` or `key,valueBytes`, lines ending in
 * `\n` or `\r\n`, from byte chunks of any size (a line may span chunks). Keys are everything
 * before the first comma, byte for byte; spaces or tabs around the number are allowed; blank
 * lines are skipped; a leading UTF-8 byte-order mark is ignored.
 *
 * A batch API, so no callback runs and no string is made per line: `parse(chunk)` returns how
 * many requests the chunk completed, and `ids[i]` / `valueBytes[i]` (−1 when absent) hold them
 * until the next call. Ids come from the interner: dense, in first-seen order.
 *
 * ```ts
 * for (const chunk of chunks) {
 *   const count = reader.parse(chunk);
 *   for (let i = 0; i < count; i++) replay(reader.ids[i], reader.valueBytes[i]);
 * }
 * const last = reader.end(); // a final line without a newline
 * ```
 */
export class KeyLineReader {
  private readonly interner: KeyInterner;
  private idsOut = new Int32Array(1024);
  private valuesOut = new Int32Array(1024);
  private batchCount = 0;
  private readonly carry = new LineCarry(256);
  private lineCount = 0;
  private requestCount = 0;
  private readonly malformedLog = new MalformedLog();
  /** Sampling: keys whose spatialHash is at or above this are skipped (2^32: every key kept). */
  private readonly sampleBelow: number;
  private positionsOut = new Float64Array(0);

  /** `sampleRate` below 1 keeps only a spatial sample of the keys, every request of each (SHARDS). */
  constructor(interner: KeyInterner, sampleRate = 1) {
    this.interner = interner;
    this.sampleBelow = sampleRate >= 1 ? 2 ** 32 : Math.round(sampleRate * 2 ** 32);
    if (this.sampleBelow < 2 ** 32) this.positionsOut = new Float64Array(1024);
  }

  /** When sampling: the request index (in the whole trace, from 0) of each request of the latest batch. */
  get positions(): Float64Array {
    return this.positionsOut;
  }

  /** Key ids of the latest batch, valid for indices below `parse`'s result. */
  get ids(): Int32Array {
    return this.idsOut;
  }

  /** Value sizes of the latest batch in bytes, −1 where the line gave none. */
  get valueBytes(): Int32Array {
    return this.valuesOut;
  }

  /** Physical lines read so far (blank and malformed included). */
  get lines(): number {
    return this.lineCount;
  }

  /** Requests read so far (when sampling: of the whole trace, kept or not). */
  get requests(): number {
    return this.requestCount;
  }

  /** Lines rejected so far. */
  get malformed(): number {
    return this.malformedLog.count;
  }

  /** The first malformed lines (up to MAX_MALFORMED_KEPT), in order. */
  get malformedLines(): readonly MalformedLine[] {
    return this.malformedLog.kept;
  }

  /** Parses every line that `chunk` completes; returns the number of requests in the batch. */
  parse(chunk: Uint8Array): number {
    this.reserve((chunk.length >> 1) + 2);
    this.batchCount = 0;
    const length = chunk.length;
    let position = 0;
    if (this.carry.total > 0) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline < 0) {
        this.carry.append(chunk, 0, length);
        return 0;
      }
      this.carry.append(chunk, 0, newline);
      this.carriedLine();
      position = newline + 1;
    }
    if (position < length && this.lineCount === 0) {
      // The first line may carry a byte-order mark: leave it to the general path.
      const newline = chunk.indexOf(NEWLINE, position);
      if (newline < 0) {
        this.carry.append(chunk, position, length);
        return this.batchCount;
      }
      this.parseLine(chunk, position, newline);
      position = newline + 1;
    }
    while (position < length) {
      const next = this.parseCanonicalLine(chunk, position);
      if (next >= 0) {
        position = next;
        continue;
      }
      const newline = chunk.indexOf(NEWLINE, position);
      if (newline < 0) {
        this.carry.append(chunk, position, length);
        break;
      }
      this.parseLine(chunk, position, newline);
      position = newline + 1;
    }
    return this.batchCount;
  }

  /**
   * The fast path, one pass over the bytes: `key\n` or `key,digits\n` (either may end in
   * `\r\n`). Returns the next line's start, or −1 to hand the line to `parseLine` (blank lines,
   * blanks around the number, anything malformed, or a line the chunk does not finish).
   */
  private parseCanonicalLine(bytes: Uint8Array, start: number): number {
    const length = bytes.length;
    let i = start;
    let b = -1;
    for (; i < length; i++) {
      b = bytes[i];
      if (b === NEWLINE || b === COMMA || b === CARRIAGE_RETURN) break;
    }
    const keyEnd = i;
    if (keyEnd === start || keyEnd === length || keyEnd - start > MAX_LINE_BYTES) return -1;
    let value = -1;
    if (b === COMMA) {
      value = 0;
      for (i = keyEnd + 1; i < length; i++) {
        const digit = bytes[i] - ZERO;
        if (digit < 0 || digit > 9) break;
        value = value * 10 + digit;
      }
      if (i === keyEnd + 1 || i === length || value > MAX_VALUE_BYTES) return -1;
      b = bytes[i];
    }
    if (b === CARRIAGE_RETURN) {
      if (i + 1 === length || bytes[i + 1] !== NEWLINE) return -1;
      i++;
    } else if (b !== NEWLINE) {
      return -1;
    }
    this.lineCount++;
    this.keep(bytes, start, keyEnd, value);
    return i + 1;
  }

  /** Parses a final line that had no newline; returns the number of requests (0 or 1). */
  end(): number {
    this.batchCount = 0;
    if (this.carry.total > 0) this.carriedLine();
    return this.batchCount;
  }

  /** The line the carry finished: parsed, or malformed when it outgrew MAX_LINE_BYTES. */
  private carriedLine(): void {
    if (this.carry.overflowed) this.reject(++this.lineCount, 1, overlongLine(this.carry.total));
    else this.parseLine(this.carry.bytes, 0, this.carry.length);
    this.carry.clear();
  }

  private parseLine(bytes: Uint8Array, lineStart: number, lineEnd: number): void {
    const line = ++this.lineCount;
    let start = lineStart;
    let end = lineEnd;
    if (end > start && bytes[end - 1] === CARRIAGE_RETURN) end--;
    if (line === 1 && end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) start += 3;
    if (end === start) return;
    if (end - start > MAX_LINE_BYTES) {
      this.reject(line, 1, overlongLine(end - start));
      return;
    }

    let i = start;
    while (i < end && bytes[i] !== COMMA) i++;
    if (i === start) {
      this.reject(line, 1 + i - lineStart, 'empty key: expected `key` or `key,valueBytes`');
      return;
    }
    const keyEnd = i;
    let value = -1;
    if (keyEnd < end) {
      value = this.parseValue(bytes, keyEnd + 1, end);
      if (value < 0) {
        this.reject(line, 2 + keyEnd - lineStart, 'bad value size: expected a whole number of bytes after the comma (0 to 2147483647)');
        return;
      }
    }
    this.keep(bytes, start, keyEnd, value);
  }

  /** A request: interned into the batch, unless its key is outside the sample. */
  private keep(bytes: Uint8Array, start: number, keyEnd: number, value: number): void {
    const hash = hashKeyBytes(bytes, start, keyEnd);
    const request = this.requestCount++;
    if (this.sampleBelow < 2 ** 32) {
      if (spatialHash(hash) >= this.sampleBelow) return;
      this.positionsOut[this.batchCount] = request;
    }
    const n = this.batchCount++;
    this.idsOut[n] = this.interner.internHashed(bytes, start, keyEnd, hash);
    this.valuesOut[n] = value;
  }

  /** Digits with optional blanks around them, or −1. */
  private parseValue(bytes: Uint8Array, from: number, to: number): number {
    let i = from;
    while (i < to && (bytes[i] === SPACE || bytes[i] === TAB)) i++;
    const digitsStart = i;
    let value = 0;
    for (; i < to; i++) {
      const digit = bytes[i] - ZERO;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
      if (value > MAX_VALUE_BYTES) return -1;
    }
    if (i === digitsStart) return -1;
    while (i < to && (bytes[i] === SPACE || bytes[i] === TAB)) i++;
    return i === to ? value : -1;
  }

  private reject(line: number, column: number, reason: string): void {
    this.malformedLog.add(line, column, reason);
  }

  /** Makes room for `requests` results without checks in the hot loop. */
  private reserve(requests: number): void {
    if (requests <= this.idsOut.length) return;
    const size = Math.max(requests, this.idsOut.length * 2);
    this.idsOut = new Int32Array(size);
    this.valuesOut = new Int32Array(size);
    if (this.positionsOut.length > 0) this.positionsOut = new Float64Array(size);
  }

}
