/**
 * The MONITOR line format (REDIS-FACTS "MONITOR lines"): scanning a line into its parts without
 * decoding, unescaping an argument when it is needed, and writing lines the way Redis does
 * (sdscatrepr: `\\ \" \n \r \t \a \b` escaped, other non-printable bytes as lower-case `\xhh`).
 *
 *   1712345678.123456 [0 127.0.0.1:54321] "SET" "user:1" "a \"b\"\n"
 *   +1712345678.123457 [3 lua] "GET" "k"          (the wire form starts with "+")
 */
import { decodeUtf8, encodeUtf8 } from './utf8';

const PLUS = 43;
const DOT = 46;
const SPACE = 32;
const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const ZERO = 48;

export const CLIENT_TCP = 0;
export const CLIENT_UNIX = 1;
export const CLIENT_LUA = 2;
export const CLIENT_KIND_NAMES = ['tcp', 'unix', 'lua'] as const;

/**
 * The parts of one scanned line, reused between lines: positions are offsets into the scanned
 * bytes; an argument is the bytes between its quotes, `argEnd` at the closing quote.
 */
export class MonitorLineParts {
  timeUs = 0;
  db = 0;
  sourceStart = 0;
  sourceEnd = 0;
  clientKind = CLIENT_TCP;
  argc = 0;
  argStart = new Int32Array(16);
  argEnd = new Int32Array(16);
  /** Unescaped length of each argument in bytes. */
  argLength = new Int32Array(16);
  /** 1 when the argument holds an escape (its bytes must be unescaped before use). */
  argEscaped = new Uint8Array(16);
  /** Set with an error: the offset where the problem starts. */
  errorAt = 0;

  addArg(start: number, end: number, length: number, escaped: boolean): void {
    const n = this.argc;
    if (n === this.argStart.length) {
      const size = n * 2;
      const starts = new Int32Array(size); starts.set(this.argStart); this.argStart = starts;
      const ends = new Int32Array(size); ends.set(this.argEnd); this.argEnd = ends;
      const lengths = new Int32Array(size); lengths.set(this.argLength); this.argLength = lengths;
      const flags = new Uint8Array(size); flags.set(this.argEscaped); this.argEscaped = flags;
    }
    this.argStart[n] = start;
    this.argEnd[n] = end;
    this.argLength[n] = length;
    this.argEscaped[n] = escaped ? 1 : 0;
    this.argc = n + 1;
  }
}

/** Length of an escape sequence starting at a backslash: 4 for \xhh, else 2. */
function escapeLength(bytes: Uint8Array, at: number, end: number): number {
  return at + 1 < end && bytes[at + 1] === 120 /* x */ ? 4 : 2;
}

/**
 * Scans bytes[start, end) (one line without its line ending) into `parts`. Returns null, or why
 * the line is not a MONITOR line (with parts.errorAt set). `redis-cli`'s leading "OK" is not a
 * line this accepts; callers skip it.
 */
export function scanMonitorLine(bytes: Uint8Array, start: number, end: number, parts: MonitorLineParts): string | null {
  let i = start;
  if (bytes[i] === PLUS) i++;
  // <seconds>.<microseconds>
  let seconds = 0;
  const secondsStart = i;
  for (; i < end; i++) {
    const digit = bytes[i] - ZERO;
    if (digit < 0 || digit > 9) break;
    seconds = seconds * 10 + digit;
  }
  if (i === secondsStart || i - secondsStart > 12 || bytes[i] !== DOT) return fail(parts, secondsStart, 'expected a timestamp "<seconds>.<microseconds>" at the start of the line');
  i++;
  let micros = 0;
  const microsStart = i;
  for (; i < end; i++) {
    const digit = bytes[i] - ZERO;
    if (digit < 0 || digit > 9) break;
    micros = micros * 10 + digit;
  }
  const microDigits = i - microsStart;
  if (microDigits === 0 || microDigits > 9) return fail(parts, microsStart, 'expected the microseconds of the timestamp (6 digits)');
  for (let d = microDigits; d < 6; d++) micros *= 10;
  for (let d = microDigits; d > 6; d--) micros = Math.floor(micros / 10);
  parts.timeUs = seconds * 1e6 + micros;
  // " [<db> <source>] "
  if (bytes[i] !== SPACE || bytes[i + 1] !== OPEN_BRACKET) return fail(parts, i, 'expected " [<db> <client>]" after the timestamp');
  i += 2;
  let db = 0;
  const dbStart = i;
  for (; i < end; i++) {
    const digit = bytes[i] - ZERO;
    if (digit < 0 || digit > 9) break;
    db = db * 10 + digit;
  }
  if (i === dbStart || db > 254 || bytes[i] !== SPACE) return fail(parts, dbStart, 'expected a database number (0 to 254) after "["');
  i++;
  parts.db = db;
  parts.sourceStart = i;
  // The source ends at the "] " before the first quote (an IPv6 source holds brackets itself).
  const quote = bytes.indexOf(QUOTE, i);
  if (quote < 0 || quote >= end || quote - 2 < i || bytes[quote - 1] !== SPACE || bytes[quote - 2] !== CLOSE_BRACKET) {
    return fail(parts, i, 'expected "<client>] " and the quoted command after the database number');
  }
  parts.sourceEnd = quote - 2;
  parts.clientKind = sourceKind(bytes, parts.sourceStart, parts.sourceEnd);
  // "arg" "arg" …
  parts.argc = 0;
  i = quote;
  for (;;) {
    if (bytes[i] !== QUOTE) return fail(parts, i, 'expected a double-quoted argument');
    const argStart = i + 1;
    let length = 0;
    let escaped = false;
    let j = argStart;
    for (;;) {
      if (j >= end) return fail(parts, i, 'unterminated argument: no closing double quote');
      const b = bytes[j];
      if (b === QUOTE) break;
      if (b === BACKSLASH) {
        escaped = true;
        j += escapeLength(bytes, j, end);
      } else {
        j++;
      }
      length++;
    }
    if (j > end) return fail(parts, i, 'unterminated escape at the end of the line');
    parts.addArg(argStart, j, length, escaped);
    i = j + 1;
    if (i === end) break;
    if (bytes[i] !== SPACE) return fail(parts, i, 'expected a space between arguments');
    i++;
  }
  return null;
}

function fail(parts: MonitorLineParts, at: number, reason: string): string {
  parts.errorAt = at;
  return reason;
}

function sourceKind(bytes: Uint8Array, start: number, end: number): number {
  if (end - start === 3 && bytes[start] === 108 && bytes[start + 1] === 117 && bytes[start + 2] === 97) return CLIENT_LUA;
  if (end - start > 5 && bytes[start] === 117 && bytes[start + 1] === 110 && bytes[start + 2] === 105 && bytes[start + 3] === 120 && bytes[start + 4] === 58) return CLIENT_UNIX;
  return CLIENT_TCP;
}

const SIMPLE_ESCAPES: Record<number, number> = { 110: 10, 114: 13, 116: 9, 97: 7, 98: 8, 34: 34, 92: 92 };

function hexValue(b: number): number {
  if (b >= 48 && b <= 57) return b - 48;
  if (b >= 97 && b <= 102) return b - 87;
  if (b >= 65 && b <= 70) return b - 55;
  return -1;
}

/**
 * Unescapes bytes[start, end) (an argument's raw text) into out[at…]; returns the position after
 * the last byte written. `out` must hold (end − start) bytes from `at`. An unknown escape `\q`
 * stands for `q`, as redis-cli's own argument splitter reads it.
 */
export function unescapeMonitorArg(bytes: Uint8Array, start: number, end: number, out: Uint8Array, at: number): number {
  let o = at;
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    if (b !== BACKSLASH || i + 1 >= end) {
      out[o++] = b;
      continue;
    }
    const next = bytes[++i];
    if (next === 120 && i + 2 < end) {
      const high = hexValue(bytes[i + 1]);
      const low = hexValue(bytes[i + 2]);
      if (high >= 0 && low >= 0) {
        out[o++] = (high << 4) | low;
        i += 2;
        continue;
      }
    }
    out[o++] = SIMPLE_ESCAPES[next] ?? next;
  }
  return o;
}

/** Parses a whole-number argument (optional minus sign); NaN when it is not one. */
export function integerArg(bytes: Uint8Array, start: number, end: number): number {
  let i = start;
  const negative = bytes[i] === 45;
  if (negative) i++;
  if (i === end || end - i > 16) return Number.NaN;
  let value = 0;
  for (; i < end; i++) {
    const digit = bytes[i] - ZERO;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return negative ? -value : value;
}

/** One MONITOR line, fully decoded (for tools and tests; the reader never builds this). */
export interface MonitorLine {
  timeUs: number;
  db: number;
  /** `127.0.0.1:54321`, `[::1]:6379`, `unix:/tmp/redis.sock` or `lua`. */
  source: string;
  clientKind: 'tcp' | 'unix' | 'lua';
  args: Uint8Array[];
}

/** Decodes one line (text or bytes, without its line ending); an Error names what is wrong. */
export function decodeMonitorLine(line: string | Uint8Array): MonitorLine | Error {
  const bytes = typeof line === 'string' ? encodeUtf8(line) : line;
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 13) end--;
  const parts = new MonitorLineParts();
  const error = scanMonitorLine(bytes, 0, end, parts);
  if (error !== null) return new Error(`column ${parts.errorAt + 1}: ${error}`);
  const args: Uint8Array[] = [];
  for (let a = 0; a < parts.argc; a++) {
    const out = new Uint8Array(parts.argEnd[a] - parts.argStart[a]);
    const written = unescapeMonitorArg(bytes, parts.argStart[a], parts.argEnd[a], out, 0);
    args.push(out.subarray(0, written));
  }
  return {
    timeUs: parts.timeUs,
    db: parts.db,
    source: decodeUtf8(bytes, parts.sourceStart, parts.sourceEnd),
    clientKind: CLIENT_KIND_NAMES[parts.clientKind],
    args,
  };
}

const HEX = '0123456789abcdef';

const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** One argument as Redis's sdscatrepr writes it, quotes included. */
export function escapeMonitorArg(arg: string | Uint8Array): string {
  if (typeof arg === 'string' && PLAIN.test(arg)) return `"${arg}"`;
  const bytes = typeof arg === 'string' ? encodeUtf8(arg) : arg;
  let text = '"';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    switch (b) {
      case 92: text += '\\\\'; break;
      case 34: text += '\\"'; break;
      case 10: text += '\\n'; break;
      case 13: text += '\\r'; break;
      case 9: text += '\\t'; break;
      case 7: text += '\\a'; break;
      case 8: text += '\\b'; break;
      default:
        text += b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : `\\x${HEX[b >> 4]}${HEX[b & 15]}`;
    }
  }
  return `${text}"`;
}

/** A MONITOR line as redis-cli prints it (no "+", no line ending). */
export function formatMonitorLine(timeUs: number, db: number, source: string, args: ReadonlyArray<string | Uint8Array>): string {
  const seconds = Math.floor(timeUs / 1e6);
  const micros = Math.round(timeUs - seconds * 1e6);
  return `${seconds}.${String(micros).padStart(6, '0')} [${db} ${source}] ${args.map(escapeMonitorArg).join(' ')}`;
}
