/**
 * A plain CSV trace with a header row, its columns mapped to the fields of a request:
 *
 *   time,command,key,bytes,ttl              --map ts=time,op=command,valueSize=bytes
 *   1712345678.5,GET,user:1,,
 *   1712345678.6,SET,user:1,512,300
 *
 * Without a mapping, columns are found by usual names (ts/timestamp/time, key, op/cmd/command/
 * operation, valueSize/value_size/size/bytes, ttl, keySize/key_size, client/client_id, db). Only
 * the key column is required: without an op column every line is a read, without a time column
 * lines are `intervalUs` apart. Fields may be quoted RFC 4180-style (`"a,b"`, `""` for a quote).
 */
import { lookupOperation, commandId } from './commands';
import { hashKeyBytes } from './key-interner';
import { RecordLineReader } from './line-reader';
import { parseScaled, skipBlanks, trimEnd } from './numbers';
import { pushOperation } from './operation-records';
import type { RecordedKeys } from './records';
import { decodeUtf8 } from './utf8';

export const CSV_FIELDS = ['ts', 'key', 'op', 'valueSize', 'ttl', 'keySize', 'client', 'db'] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

const DEFAULT_NAMES: Record<CsvField, string[]> = {
  ts: ['ts', 'timestamp', 'time', 'time_s', 'timestamp_s'],
  key: ['key', 'keyname', 'key_name'],
  op: ['op', 'cmd', 'command', 'operation', 'verb'],
  valueSize: ['valuesize', 'value_size', 'size', 'bytes', 'value_bytes', 'valuebytes'],
  ttl: ['ttl', 'ttl_s', 'ttl_seconds'],
  keySize: ['keysize', 'key_size'],
  client: ['client', 'client_id', 'clientid'],
  db: ['db', 'database'],
};

export interface CsvOptions {
  /** Field → header name, overriding the usual names. */
  columns?: Partial<Record<CsvField, string>>;
  /** Unit of the time column (default seconds). */
  timeUnit?: 's' | 'ms' | 'us';
  /** Unit of the TTL column (default seconds). */
  ttlUnit?: 's' | 'ms';
  /** Field separator (default ","). */
  delimiter?: string;
  /** Spacing of lines when there is no time column (default 1000 µs). */
  intervalUs?: number;
}

/** The header did not name a key column, or named a mapped column that is not there. */
export class CsvHeaderError extends Error {}

const QUOTE = 34;
const TIME_DECIMALS = { s: 6, ms: 3, us: 0 } as const;
const TTL_DECIMALS = { s: 3, ms: 0 } as const;

export class CsvTraceReader extends RecordLineReader {
  private readonly options: Required<Omit<CsvOptions, 'columns'>> & { columns: Partial<Record<CsvField, string>> };
  private readonly delimiter: number;
  /** Column index of each field (−1 when absent), set by the header. */
  private readonly column = new Int32Array(CSV_FIELDS.length).fill(-1);
  private headerRead = false;
  private fieldStart = new Int32Array(16);
  private fieldEnd = new Int32Array(16);
  private fieldQuoted = new Uint8Array(16);
  private fieldCount = 0;
  private scratch = new Uint8Array(256);
  private readonly readCommand = commandId('GET');

  constructor(options: CsvOptions = {}, keys?: RecordedKeys) {
    super(keys);
    this.options = { columns: options.columns ?? {}, timeUnit: options.timeUnit ?? 's', ttlUnit: options.ttlUnit ?? 's', delimiter: options.delimiter ?? ',', intervalUs: options.intervalUs ?? 1000 };
    if (this.options.delimiter.length !== 1) throw new CsvHeaderError(`delimiter "${this.options.delimiter}" must be one character`);
    this.delimiter = this.options.delimiter.charCodeAt(0);
    this.shortScanBytes = 160;
  }

  /** The header columns found for each field, once the header is read. */
  get mapping(): Partial<Record<CsvField, number>> {
    const out: Partial<Record<CsvField, number>> = {};
    CSV_FIELDS.forEach((field, i) => { if (this.column[i] >= 0) out[field] = this.column[i]; });
    return out;
  }

  protected parseLine(bytes: Uint8Array, start: number, end: number): string | null {
    const error = this.split(bytes, start, end);
    if (error !== null) return error;
    if (!this.headerRead) {
      this.readHeader(bytes);
      this.ignoredCount++;
      return null;
    }
    const col = this.column;
    const keyField = col[1];
    if (keyField >= this.fieldCount) return this.fieldError(start, this.fieldCount - 1, `expected at least ${keyField + 1} fields, found ${this.fieldCount}`);
    let timeUs = this.recordCount + this.batch.count;
    timeUs *= this.options.intervalUs;
    if (col[0] >= 0) {
      timeUs = this.number(bytes, col[0], TIME_DECIMALS[this.options.timeUnit]);
      if (Number.isNaN(timeUs) || timeUs < 0) return this.fieldError(start, col[0], `bad time: expected a number of ${this.options.timeUnit === 'us' ? 'microseconds' : this.options.timeUnit === 'ms' ? 'milliseconds' : 'seconds'}`);
    }
    let command = this.readCommand;
    if (col[2] >= 0) {
      const s = this.fieldStart[col[2]];
      const e = this.fieldEnd[col[2]];
      command = lookupOperation(bytes, skipBlanks(bytes, s, e), trimEnd(bytes, s, e));
      if (command === 0) return this.fieldError(start, col[2], 'unknown operation: expected a Redis command (GET, SET, DEL, EXPIRE…) or read/write/delete');
    }
    const valueBytes = this.optionalNumber(bytes, col[3], 0);
    if (Number.isNaN(valueBytes) || valueBytes < -1) return this.fieldError(start, col[3], 'bad value size: expected a whole number of bytes');
    const ttlMs = col[4] >= 0 && this.fieldEnd[col[4]] > this.fieldStart[col[4]] ? this.number(bytes, col[4], TTL_DECIMALS[this.options.ttlUnit]) : Number.NaN;
    if (col[4] >= 0 && this.fieldEnd[col[4]] > this.fieldStart[col[4]] && Number.isNaN(ttlMs)) return this.fieldError(start, col[4], 'bad TTL: expected a number');
    const keySize = this.optionalNumber(bytes, col[5], 0);
    const client = this.optionalNumber(bytes, col[6], 0);
    const db = this.optionalNumber(bytes, col[7], 0);
    if (Number.isNaN(keySize) || Number.isNaN(client) || Number.isNaN(db) || db > 254) return this.fieldError(start, Number.isNaN(keySize) ? col[5] : Number.isNaN(client) ? col[6] : col[7], 'bad number');
    const keyId = this.key(bytes, keyField, Math.max(0, db));
    if (keyId < 0) return this.fieldError(start, keyField, 'empty key');
    if (keySize > 0) this.keys.setKeySize(keyId, keySize);
    this.countCommand(command);
    if (!pushOperation(this.batch, timeUs, command, keyId, valueBytes, ttlMs, Math.max(0, db), Math.max(0, client))) this.ignoredCount++;
    return null;
  }

  private readHeader(bytes: Uint8Array): void {
    this.headerRead = true;
    const names: string[] = [];
    for (let f = 0; f < this.fieldCount; f++) names.push(this.text(bytes, f).trim());
    const lower = names.map((n) => n.toLowerCase());
    CSV_FIELDS.forEach((field, i) => {
      const mapped = this.options.columns[field];
      if (mapped !== undefined) {
        const index = lower.indexOf(mapped.toLowerCase());
        if (index < 0) throw new CsvHeaderError(`column "${mapped}" (mapped to ${field}) is not in the header; the header has ${names.map((n) => `"${n}"`).join(', ')}`);
        this.column[i] = index;
        return;
      }
      this.column[i] = lower.findIndex((name) => DEFAULT_NAMES[field].includes(name.replace(/\s+/g, '_')));
    });
    if (this.column[1] < 0) {
      throw new CsvHeaderError(`no key column in the header (${names.map((n) => `"${n}"`).join(', ')}); name it "key" or map it: --map key=<column>`);
    }
  }

  /** Splits the line into fields; returns an error for an unterminated quote. */
  private split(bytes: Uint8Array, start: number, end: number): string | null {
    this.fieldCount = 0;
    const delimiter = this.delimiter;
    let i = start;
    for (;;) {
      if (this.fieldCount === this.fieldStart.length) this.growFields();
      const f = this.fieldCount++;
      if (bytes[i] === QUOTE && i < end) {
        let j = i + 1;
        for (;;) {
          if (j >= end) {
            this.errorColumn = i - start + 1;
            return 'unterminated quoted field';
          }
          if (bytes[j] === QUOTE) {
            if (j + 1 < end && bytes[j + 1] === QUOTE) { j += 2; continue; }
            break;
          }
          j++;
        }
        this.fieldStart[f] = i + 1;
        this.fieldEnd[f] = j;
        this.fieldQuoted[f] = 1;
        i = j + 1;
        if (i < end && bytes[i] !== delimiter) {
          this.errorColumn = i - start + 1;
          return 'expected a separator after a quoted field';
        }
      } else {
        let j = i;
        while (j < end && bytes[j] !== delimiter) j++;
        this.fieldStart[f] = i;
        this.fieldEnd[f] = j;
        this.fieldQuoted[f] = 0;
        i = j;
      }
      if (i >= end) return null;
      i++;
      if (i === end) {
        if (this.fieldCount === this.fieldStart.length) this.growFields();
        const last = this.fieldCount++;
        this.fieldStart[last] = end;
        this.fieldEnd[last] = end;
        this.fieldQuoted[last] = 0;
        return null;
      }
    }
  }

  private key(bytes: Uint8Array, field: number, db: number): number {
    const s = this.fieldStart[field];
    const e = this.fieldEnd[field];
    if (e === s) return -1;
    if (this.fieldQuoted[field] === 0) return this.keys.internHashed(db, bytes, s, e, hashKeyBytes(bytes, s, e));
    if (this.scratch.length < e - s) this.scratch = new Uint8Array(Math.max(e - s, this.scratch.length * 2));
    let n = 0;
    for (let i = s; i < e; i++) {
      this.scratch[n++] = bytes[i];
      if (bytes[i] === QUOTE) i++;
    }
    return this.keys.internHashed(db, this.scratch, 0, n, hashKeyBytes(this.scratch, 0, n));
  }

  private number(bytes: Uint8Array, field: number, decimals: number): number {
    const s = this.fieldStart[field];
    const e = this.fieldEnd[field];
    return parseScaled(bytes, skipBlanks(bytes, s, e), trimEnd(bytes, s, e), decimals);
  }

  /** A whole-number column that may be absent or empty (−1). */
  private optionalNumber(bytes: Uint8Array, field: number, decimals: number): number {
    if (field < 0 || field >= this.fieldCount || this.fieldEnd[field] === this.fieldStart[field]) return -1;
    return this.number(bytes, field, decimals);
  }

  private text(bytes: Uint8Array, field: number): string {
    return decodeUtf8(bytes, this.fieldStart[field], this.fieldEnd[field]).replace(/""/g, '"');
  }

  private fieldError(lineStart: number, field: number, reason: string): string {
    this.errorColumn = field >= 0 && field < this.fieldCount ? this.fieldStart[field] - lineStart + 1 : 1;
    return reason;
  }

  private growFields(): void {
    const size = this.fieldStart.length * 2;
    const starts = new Int32Array(size); starts.set(this.fieldStart); this.fieldStart = starts;
    const ends = new Int32Array(size); ends.set(this.fieldEnd); this.fieldEnd = ends;
    const quoted = new Uint8Array(size); quoted.set(this.fieldQuoted); this.fieldQuoted = quoted;
  }
}
