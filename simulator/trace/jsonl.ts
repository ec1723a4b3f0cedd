/**
 * JSON Lines traces, one flat object per line:
 *
 *   {"ts": 1712345678.250, "cmd": "SET", "key": "user:1", "valueSize": 512, "ttl": 300}
 *   {"ts": 1712345678.251, "cmd": "GET", "key": "user:1"}
 *
 * ts in seconds (a fraction gives sub-second time; any origin), cmd a Redis command or read/write/
 * delete, valueSize in bytes, ttl in seconds (0 or absent on a write: no expiry), optional db and
 * client. Other fields are skipped. `keyspace anonymize` writes this format.
 *
 * A hand-written scanner over bytes: a key without escapes is interned straight from the line.
 */
import { lookupOperation } from './commands';
import { hashKeyBytes } from './key-interner';
import { RecordLineReader } from './line-reader';
import { parseScaled } from './numbers';
import { pushOperation } from './operation-records';
import type { RecordedKeys } from './records';

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

const F_UNKNOWN = -1;
const F_TS = 0;
const F_CMD = 1;
const F_KEY = 2;
const F_VALUE_SIZE = 3;
const F_TTL = 4;
const F_DB = 5;
const F_CLIENT = 6;
const F_KEY_SIZE = 7;

const FIELD_NAMES: Record<string, number> = {
  ts: F_TS, time: F_TS, timestamp: F_TS,
  cmd: F_CMD, op: F_CMD, command: F_CMD,
  key: F_KEY,
  valueSize: F_VALUE_SIZE, value_size: F_VALUE_SIZE, size: F_VALUE_SIZE,
  ttl: F_TTL,
  db: F_DB,
  client: F_CLIENT, clientId: F_CLIENT,
  keySize: F_KEY_SIZE, key_size: F_KEY_SIZE,
};

function isBlank(b: number): boolean {
  return b === 32 || b === 9 || b === 13;
}

export class JsonlTraceReader extends RecordLineReader {
  private scratch = new Uint8Array(256);
  /** Value of each field on the current line: start and end offsets, string flag, escapes flag. */
  private readonly valueStart = new Int32Array(8);
  private readonly valueEnd = new Int32Array(8);
  private readonly valueIsString = new Uint8Array(8);
  private readonly valueEscaped = new Uint8Array(8);

  constructor(keys?: RecordedKeys) {
    super(keys);
  }

  protected parseLine(bytes: Uint8Array, start: number, end: number): string | null {
    this.valueStart.fill(-1);
    let i = start;
    while (i < end && isBlank(bytes[i])) i++;
    if (i === end) return null;
    if (bytes[i] !== OPEN_BRACE) return this.fail(start, i, 'expected a JSON object: {"ts": …, "cmd": …, "key": …}');
    i++;
    for (;;) {
      while (i < end && isBlank(bytes[i])) i++;
      if (bytes[i] === CLOSE_BRACE && i < end) { i++; break; }
      if (bytes[i] !== QUOTE || i >= end) return this.fail(start, i, 'expected a field name in double quotes');
      const nameEnd = this.stringEnd(bytes, i, end);
      if (nameEnd < 0) return this.fail(start, i, 'unterminated string');
      const field = this.fieldOf(bytes, i + 1, nameEnd);
      i = nameEnd + 1;
      while (i < end && isBlank(bytes[i])) i++;
      if (bytes[i] !== COLON || i >= end) return this.fail(start, i, 'expected ":" after a field name');
      i++;
      while (i < end && isBlank(bytes[i])) i++;
      if (i >= end) return this.fail(start, i, 'expected a value');
      const valueAt = i;
      let isString = 0;
      let escaped = 0;
      let valueEnd: number;
      if (bytes[i] === QUOTE) {
        const close = this.stringEnd(bytes, i, end);
        if (close < 0) return this.fail(start, i, 'unterminated string');
        isString = 1;
        for (let j = i + 1; j < close; j++) if (bytes[j] === BACKSLASH) { escaped = 1; break; }
        valueEnd = close;
        i = close + 1;
      } else if (bytes[i] === OPEN_BRACE || bytes[i] === OPEN_BRACKET) {
        const close = this.skipNested(bytes, i, end);
        if (close < 0) return this.fail(start, i, 'unterminated object or array');
        valueEnd = close;
        i = close;
      } else {
        while (i < end && bytes[i] !== COMMA && bytes[i] !== CLOSE_BRACE && !isBlank(bytes[i])) i++;
        valueEnd = i;
      }
      if (field >= 0) {
        this.valueStart[field] = isString ? valueAt + 1 : valueAt;
        this.valueEnd[field] = valueEnd;
        this.valueIsString[field] = isString;
        this.valueEscaped[field] = escaped;
      }
      while (i < end && isBlank(bytes[i])) i++;
      if (bytes[i] === COMMA && i < end) { i++; continue; }
      if (bytes[i] === CLOSE_BRACE && i < end) { i++; break; }
      return this.fail(start, i, 'expected "," or "}" after a value');
    }
    while (i < end && isBlank(bytes[i])) i++;
    if (i !== end) return this.fail(start, i, 'unexpected text after the object');
    return this.record(bytes, start);
  }

  private record(bytes: Uint8Array, lineStart: number): string | null {
    const vs = this.valueStart;
    const ve = this.valueEnd;
    if (vs[F_KEY] < 0 || this.valueIsString[F_KEY] === 0) return this.fail(lineStart, lineStart, 'missing "key" (a string)');
    if (vs[F_CMD] < 0 || this.valueIsString[F_CMD] === 0) return this.fail(lineStart, lineStart, 'missing "cmd" (GET, SET, DEL, EXPIRE… or read/write/delete)');
    if (vs[F_TS] < 0) return this.fail(lineStart, lineStart, 'missing "ts" (seconds)');
    const timeUs = this.valueIsString[F_TS] ? Number.NaN : parseScaled(bytes, vs[F_TS], ve[F_TS], 6);
    if (Number.isNaN(timeUs) || timeUs < 0) return this.fail(lineStart, vs[F_TS], '"ts" must be a number of seconds');
    const command = lookupOperation(bytes, vs[F_CMD], ve[F_CMD]);
    if (command === 0) return this.fail(lineStart, vs[F_CMD], 'unknown "cmd": expected a Redis command (GET, SET, DEL, EXPIRE…) or read/write/delete');
    const valueBytes = this.optionalNumber(bytes, F_VALUE_SIZE, 0);
    const ttlMs = vs[F_TTL] < 0 || this.isNull(bytes, F_TTL) ? Number.NaN : this.optionalNumber(bytes, F_TTL, 3);
    const db = this.optionalNumber(bytes, F_DB, 0);
    const client = this.optionalNumber(bytes, F_CLIENT, 0);
    const keySize = this.optionalNumber(bytes, F_KEY_SIZE, 0);
    for (const [field, value, name] of [[F_VALUE_SIZE, valueBytes, 'valueSize'], [F_TTL, ttlMs, 'ttl'], [F_DB, db, 'db'], [F_CLIENT, client, 'client'], [F_KEY_SIZE, keySize, 'keySize']] as const) {
      if (vs[field] >= 0 && !this.isNull(bytes, field) && Number.isNaN(value)) return this.fail(lineStart, vs[field], `"${name}" must be a number`);
    }
    if (db > 254) return this.fail(lineStart, vs[F_DB], '"db" must be 0 to 254');
    const dbIndex = Math.max(0, db);
    const keyId = this.key(bytes, dbIndex);
    if (keyId < 0) return this.fail(lineStart, vs[F_KEY], '"key" is empty or holds a bad escape');
    if (keySize > 0) this.keys.setKeySize(keyId, keySize);
    this.countCommand(command);
    if (!pushOperation(this.batch, timeUs, command, keyId, valueBytes >= 0 ? valueBytes : -1, ttlMs, dbIndex, Math.max(0, client))) this.ignoredCount++;
    return null;
  }

  private optionalNumber(bytes: Uint8Array, field: number, decimals: number): number {
    if (this.valueStart[field] < 0 || this.isNull(bytes, field)) return -1;
    if (this.valueIsString[field]) return Number.NaN;
    return parseScaled(bytes, this.valueStart[field], this.valueEnd[field], decimals);
  }

  private isNull(bytes: Uint8Array, field: number): boolean {
    const s = this.valueStart[field];
    return this.valueIsString[field] === 0 && this.valueEnd[field] - s === 4 && bytes[s] === 110 && bytes[s + 1] === 117;
  }

  /** The key's id: straight from the line, or decoded from its JSON escapes; −1 when empty or bad. */
  private key(bytes: Uint8Array, db: number): number {
    const s = this.valueStart[F_KEY];
    const e = this.valueEnd[F_KEY];
    if (e === s) return -1;
    if (this.valueEscaped[F_KEY] === 0) return this.keys.internHashed(db, bytes, s, e, hashKeyBytes(bytes, s, e));
    if (this.scratch.length < (e - s) * 2) this.scratch = new Uint8Array((e - s) * 2);
    const n = unescapeJsonString(bytes, s, e, this.scratch);
    if (n <= 0) return -1;
    return this.keys.internHashed(db, this.scratch, 0, n, hashKeyBytes(this.scratch, 0, n));
  }

  private fieldOf(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    if (length > 12) return F_UNKNOWN;
    let name = '';
    for (let i = start; i < end; i++) name += String.fromCharCode(bytes[i]);
    return FIELD_NAMES[name] ?? F_UNKNOWN;
  }

  /** Index of the closing quote of the string opening at `at`, or −1. */
  private stringEnd(bytes: Uint8Array, at: number, end: number): number {
    for (let j = at + 1; j < end; j++) {
      const b = bytes[j];
      if (b === QUOTE) return j;
      if (b === BACKSLASH) j++;
    }
    return -1;
  }

  /** Position after the object or array opening at `at` (strings respected), or −1. */
  private skipNested(bytes: Uint8Array, at: number, end: number): number {
    let depth = 0;
    for (let j = at; j < end; j++) {
      const b = bytes[j];
      if (b === QUOTE) {
        j = this.stringEnd(bytes, j, end);
        if (j < 0) return -1;
      } else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
        depth++;
      } else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
        if (--depth === 0) return j + 1;
      }
    }
    return -1;
  }

  private fail(lineStart: number, at: number, reason: string): string {
    this.errorColumn = at - lineStart + 1;
    return reason;
  }
}

function hex4(bytes: Uint8Array, at: number): number {
  let value = 0;
  for (let k = 0; k < 4; k++) {
    const b = bytes[at + k];
    const digit = b >= 48 && b <= 57 ? b - 48 : b >= 97 && b <= 102 ? b - 87 : b >= 65 && b <= 70 ? b - 55 : -1;
    if (digit < 0) return -1;
    value = (value << 4) | digit;
  }
  return value;
}

/** Decodes a JSON string's contents (UTF-8 out); returns the length, or −1 on a bad escape. */
export function unescapeJsonString(bytes: Uint8Array, start: number, end: number, out: Uint8Array): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    if (b !== BACKSLASH) { out[n++] = b; continue; }
    const e = bytes[++i];
    switch (e) {
      case 110: out[n++] = 10; break;
      case 114: out[n++] = 13; break;
      case 116: out[n++] = 9; break;
      case 98: out[n++] = 8; break;
      case 102: out[n++] = 12; break;
      case 34: case 92: case 47: out[n++] = e; break;
      case 117: {
        if (i + 4 >= end) return -1;
        let code = hex4(bytes, i + 1);
        if (code < 0) return -1;
        i += 4;
        if (code >= 0xd800 && code <= 0xdbff && bytes[i + 1] === BACKSLASH && bytes[i + 2] === 117) {
          const low = hex4(bytes, i + 3);
          if (low >= 0xdc00 && low <= 0xdfff) {
            code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
            i += 6;
          }
        }
        if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
        if (code < 0x80) out[n++] = code;
        else if (code < 0x800) { out[n++] = 0xc0 | (code >> 6); out[n++] = 0x80 | (code & 0x3f); } else if (code < 0x10000) {
          out[n++] = 0xe0 | (code >> 12); out[n++] = 0x80 | ((code >> 6) & 0x3f); out[n++] = 0x80 | (code & 0x3f);
        } else {
          out[n++] = 0xf0 | (code >> 18); out[n++] = 0x80 | ((code >> 12) & 0x3f); out[n++] = 0x80 | ((code >> 6) & 0x3f); out[n++] = 0x80 | (code & 0x3f);
        }
        break;
      }
      default: return -1;
    }
  }
  return n;
}
