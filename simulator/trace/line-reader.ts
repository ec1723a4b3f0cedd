/**
 * What every recorded-traffic reader shares: byte chunks of any size in, whole lines out (a line
 * may span chunks; only its unfinished tail is copied), line numbers, malformed lines counted and
 * the first few kept with line, column and reason, and a reused batch of records.
 */
import { LineCarry, MalformedLog, MAX_LINE_BYTES, overlongLine } from './line-parts';
import type { MalformedLine } from './line-parts';
import { COMMANDS } from './commands';
import { RecordBatch, RecordedKeys } from './records';

const NEWLINE = 10;
/** A silence longer than this between two records marks an outlying time. */
export const MAX_TIME_GAP_US = 3600 * 1e6;
/** The longest a recorded trace may span (bounds per-second tables and replay time). */
export const MAX_TRACE_SPAN_US = 31 * 86_400 * 1e6;

function describeGap(us: number): string {
  const seconds = Math.abs(us) / 1e6;
  const sign = us < 0 ? 'back ' : '';
  if (seconds >= 86_400 * 365) return `${sign}${(seconds / (86_400 * 365)).toFixed(1)} years`;
  if (seconds >= 86_400) return `${sign}${(seconds / 86_400).toFixed(1)} days`;
  return `${sign}${(seconds / 3600).toFixed(1)} h`;
}
const CARRIAGE_RETURN = 13;

/** Counters every reader reports. */
export interface ReaderStats {
  /** Physical lines read (blank, noise and malformed included). */
  lines: number;
  /** Records produced. */
  records: number;
  /** Lines rejected as malformed. */
  malformed: number;
  /** Lines that are well-formed but carry nothing to replay (headers, redis-cli noise, MULTI, EVAL, PING…). */
  ignored: number;
  /** Bytes consumed. */
  bytes: number;
}

export abstract class RecordLineReader {
  readonly batch = new RecordBatch();
  readonly keys: RecordedKeys;
  /** Commands seen, by command id (COMMANDS), whether or not they produced records. */
  readonly commandCounts = new Float64Array(COMMANDS.length);
  protected lineNumber = 0;
  protected recordCount = 0;
  protected ignoredCount = 0;
  /** Set by parseLine before returning an error: the 1-based byte column of the problem. */
  protected errorColumn = 1;
  private readonly malformedLog = new MalformedLog();
  private byteCount = 0;
  private readonly carry = new LineCarry(4096);
  /**
   * Bytes searched for a newline in place before handing over to indexOf: a native call costs
   * more than scanning a short line, less than scanning a long one (formats with short lines
   * raise it).
   */
  protected shortScanBytes = 0;

  constructor(keys: RecordedKeys = new RecordedKeys()) {
    this.keys = keys;
  }

  get stats(): ReaderStats {
    return { lines: this.lineNumber, records: this.recordCount + this.batch.count, malformed: this.malformedLog.count, ignored: this.ignoredCount, bytes: this.byteCount };
  }

  /** Lines read so far. */
  get lines(): number {
    return this.lineNumber;
  }

  get malformed(): number {
    return this.malformedLog.count;
  }

  /** The first malformed lines (up to MAX_MALFORMED_KEPT), in order. */
  get malformedLines(): readonly MalformedLine[] {
    return this.malformedLog.kept;
  }

  /** Parses every line `chunk` completes into `batch`; returns the batch's record count. */
  parse(chunk: Uint8Array): number {
    this.recordCount += this.batch.count;
    this.batch.reset();
    this.byteCount += chunk.length;
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
    while (position < length) {
      const newline = nextNewline(chunk, position, length, this.shortScanBytes);
      if (newline < 0) {
        this.carry.append(chunk, position, length);
        break;
      }
      this.line(chunk, position, newline);
      position = newline + 1;
    }
    this.flushKeys();
    return this.batch.count;
  }

  /** Parses a last line without a newline; returns the batch's record count. */
  end(): number {
    this.recordCount += this.batch.count;
    this.batch.reset();
    if (this.carry.total > 0) this.carriedLine();
    return this.batch.count;
  }

  /** The line the carry finished: parsed, or malformed when it outgrew MAX_LINE_BYTES. */
  private carriedLine(): void {
    if (this.carry.overflowed) {
      this.lineNumber++;
      this.reject(1, overlongLine(this.carry.total));
    } else {
      this.line(this.carry.bytes, 0, this.carry.length);
      this.flushKeys();
    }
    this.carry.clear();
  }

  /**
   * Parses one line, bytes[start, end) without its line ending (never empty). Pushes records into
   * `this.batch`; returns null, or the reason the line is malformed (after setting errorColumn).
   */
  protected abstract parseLine(bytes: Uint8Array, start: number, end: number): string | null;

  /** Interns keys a reader deferred (DeferredKeys): called before the bytes parsed change and before the batch is handed over. */
  protected flushKeys(): void {}

  private line(bytes: Uint8Array, start: number, newline: number): void {
    this.lineNumber++;
    let end = newline;
    if (end > start && bytes[end - 1] === CARRIAGE_RETURN) end--;
    if (this.lineNumber === 1 && end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf) start += 3;
    if (end === start) return;
    if (end - start > MAX_LINE_BYTES) {
      this.reject(1, overlongLine(end - start));
      return;
    }
    const mark = this.batch.count;
    this.batch.refused = null;
    let error = this.parseLine(bytes, start, end);
    if (error === null && this.batch.refused !== null) {
      error = this.batch.refused;
      this.errorColumn = 1;
    }
    if (error === null) error = this.timeProblem(mark);
    if (error !== null) {
      this.batch.count = mark;
      this.reject(this.errorColumn, error);
    }
  }

  // Times of the records so far: a record far from its neighbours (an epoch timestamp among
  // relative ones) or far from the first would stretch the replay and every per-second table.
  private firstTimeUs = Number.NaN;
  private lastTimeUs = Number.NaN;

  /** Why the records pushed since `mark` have outlying times, or null (and the times noted). */
  private timeProblem(mark: number): string | null {
    const times = this.batch.timeUs;
    for (let i = mark; i < this.batch.count; i++) {
      const t = times[i];
      if (Number.isNaN(this.firstTimeUs)) {
        this.firstTimeUs = t;
        this.lastTimeUs = t;
        continue;
      }
      if (Math.abs(t - this.lastTimeUs) > MAX_TIME_GAP_US) {
        this.errorColumn = 1;
        return `time jumps ${describeGap(t - this.lastTimeUs)} from the previous record (more than ${MAX_TIME_GAP_US / 3.6e9} h): an outlier or a second recording; split the trace there`;
      }
      if (t - this.firstTimeUs > MAX_TRACE_SPAN_US) {
        this.errorColumn = 1;
        return `time is ${describeGap(t - this.firstTimeUs)} after the first record; a trace spans at most ${MAX_TRACE_SPAN_US / 8.64e10} days`;
      }
    }
    for (let i = mark; i < this.batch.count; i++) if (times[i] > this.lastTimeUs) this.lastTimeUs = times[i];
    return null;
  }

  protected reject(column: number, reason: string): void {
    this.malformedLog.add(this.lineNumber, column, reason);
  }

  protected countCommand(id: number): void {
    this.commandCounts[id]++;
  }

}

function nextNewline(chunk: Uint8Array, from: number, length: number, shortScan: number): number {
  const limit = from + shortScan < length ? from + shortScan : length;
  for (let i = from; i < limit; i++) if (chunk[i] === NEWLINE) return i;
  return limit < length ? chunk.indexOf(NEWLINE, limit) : -1;
}
