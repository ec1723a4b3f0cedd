/**
 * The parsed-trace cache: a plain key trace, once parsed, is kept as a binary stream of records
 * (the requests' key ids, their value sizes, and the bytes of the keys each record met first), so
 * a later run of the same file reads ids instead of parsing text. One file per trace path under
 * `<data dir>/trace-cache` (KEYSPACE_TRACE_CACHE moves it, `off` disables it), at most
 * KEYSPACE_TRACE_CACHE_MB megabytes in all (default 2048; the least recently used go first).
 *
 * Invalidation: the header holds the text's size, mtime and a hash of its first and last 64 kB.
 * Any edit through an editor or a tool changes the mtime; a copy that keeps mtimes (cp -p,
 * rsync -t) of another file of the same size differs at its head or tail in practice. A full hash
 * would read the whole text again — for a trace of gigabytes, most of the time the cache saves.
 *
 * A cache file is input, not trusted: the header is checksummed and versioned, every record is
 * bounds-checked against the file and the counts the header states, every id against the keys
 * met so far. A bad header means parsing the text; a bad record midway throws TraceCacheError.
 */
import { closeSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { defaultDataDir } from '../data-dir';
import { hashKeyBytes } from '../../trace/key-interner';

const MAGIC = 'KSTRACE\0';
export const TRACE_CACHE_VERSION = 1;
const HEADER_BYTES = 96;
const RECORD_HEADER_BYTES = 16;
const EDGE_BYTES = 64 * 1024;
/** No record of a valid cache exceeds these (a hostile header cannot make the reader allocate more). */
const MAX_RECORD_REQUESTS = 1 << 24;
const MAX_KEY_BYTES = 1024 * 1024;
const MAX_TRAILER_BYTES = 1 << 20;
const PADDING = new Uint8Array(4);

export class TraceCacheError extends Error {}

/** The text file a cache stands for. */
export interface SourceIdentity {
  size: number;
  mtimeMs: number;
  headHash: number;
  tailHash: number;
}

export interface CacheSettings {
  dir: string;
  maxBytes: number;
}

/** Where caches live and how much they may take, from the environment; null when disabled. */
export function traceCacheSettings(env: NodeJS.ProcessEnv = process.env): CacheSettings | null {
  const dir = env.KEYSPACE_TRACE_CACHE;
  if (dir === 'off') return null;
  const mb = Number(env.KEYSPACE_TRACE_CACHE_MB ?? 2048);
  return { dir: dir || join(defaultDataDir(env), 'trace-cache'), maxBytes: (Number.isFinite(mb) && mb >= 0 ? mb : 2048) * 1024 * 1024 };
}

/** The cache file of a trace path (one per path: a changed file replaces its cache). */
export function cacheFileOf(settings: CacheSettings, traceFile: string): string {
  return join(settings.dir, `${createHash('sha256').update(resolve(traceFile)).digest('hex').slice(0, 32)}.bin`);
}

export function sourceIdentity(traceFile: string): SourceIdentity {
  const fd = openSync(traceFile, 'r');
  try {
    const stat = statSync(traceFile);
    const edge = Buffer.allocUnsafe(EDGE_BYTES);
    const head = readSync(fd, edge, 0, EDGE_BYTES, 0);
    const headHash = hashKeyBytes(edge, 0, head);
    const tail = readSync(fd, edge, 0, EDGE_BYTES, Math.max(0, stat.size - EDGE_BYTES));
    return { size: stat.size, mtimeMs: stat.mtimeMs, headHash, tailHash: hashKeyBytes(edge, 0, tail) };
  } finally {
    closeSync(fd);
  }
}

/** What the trace held, besides its records. */
export interface CachedCounts {
  lines: number;
  requests: number;
  malformed: number;
  keys: number;
  malformedLines: Array<{ line: number; reason: string }>;
}

/** One record: requests, their value sizes (or null), and the keys they met first. */
export interface CachedRecord {
  ids: Int32Array;
  valueBytes: Int32Array | null;
  newKeyLengths: Int32Array;
  newKeyBytes: Uint8Array;
}

/** Writes a cache as the text is parsed; `finish` publishes it (atomically), `abandon` drops it. */
export class TraceCacheWriter {
  private readonly temp: string;
  private fd: number;
  private position = HEADER_BYTES;
  private records = 0;
  private readonly recordHead = new Int32Array(4);

  constructor(private readonly settings: CacheSettings, private readonly file: string, private readonly identity: SourceIdentity, tag: string) {
    this.temp = `${file}.${process.pid}-${tag}.tmp`;
    this.fd = openSync(this.temp, 'w');
  }

  /** False once the cache outgrew its budget (then it is dropped). */
  write(record: CachedRecord): boolean {
    if (this.fd < 0) return false;
    const count = record.ids.length;
    const keys = record.newKeyLengths.length;
    const keyBytes = record.newKeyBytes.length;
    const padded = (keyBytes + 3) & ~3;
    const size = RECORD_HEADER_BYTES + 4 * keys + padded + 4 * count * (record.valueBytes ? 2 : 1);
    if (this.position + size > this.settings.maxBytes) {
      this.abandon();
      return false;
    }
    // Straight from the typed arrays, no copy: five writes per record of ~100 k requests.
    const head = this.recordHead;
    head[0] = count;
    head[1] = keys;
    head[2] = keyBytes;
    head[3] = record.valueBytes ? 1 : 0;
    let at = this.position;
    at += writeSync(this.fd, head, 0, RECORD_HEADER_BYTES, at);
    at += writeSync(this.fd, record.newKeyLengths, 0, 4 * keys, at);
    at += writeSync(this.fd, record.newKeyBytes, 0, keyBytes, at);
    at += writeSync(this.fd, PADDING, 0, padded - keyBytes, at);
    at += writeSync(this.fd, record.ids, 0, 4 * count, at);
    if (record.valueBytes) at += writeSync(this.fd, record.valueBytes, 0, 4 * count, at);
    if (at !== this.position + size) throw new Error('short write to the trace cache');
    this.position += size;
    this.records++;
    return true;
  }

  finish(counts: CachedCounts): void {
    if (this.fd < 0) return;
    const trailer = Buffer.from(JSON.stringify(counts.malformedLines.slice(0, 100)));
    writeSync(this.fd, trailer, 0, trailer.length, this.position);
    const header = Buffer.alloc(HEADER_BYTES);
    header.write(MAGIC, 0, 'latin1');
    header.writeUInt32LE(TRACE_CACHE_VERSION, 8);
    header.writeUInt32LE(HEADER_BYTES, 12);
    header.writeDoubleLE(this.identity.size, 16);
    header.writeDoubleLE(this.identity.mtimeMs, 24);
    header.writeInt32LE(this.identity.headHash, 32);
    header.writeInt32LE(this.identity.tailHash, 36);
    header.writeDoubleLE(counts.lines, 40);
    header.writeDoubleLE(counts.requests, 48);
    header.writeDoubleLE(counts.malformed, 56);
    header.writeUInt32LE(counts.keys, 64);
    header.writeUInt32LE(this.records, 68);
    header.writeDoubleLE(this.position, 72);
    header.writeUInt32LE(trailer.length, 80);
    header.writeInt32LE(hashKeyBytes(header, 0, 84), 84);
    writeSync(this.fd, header, 0, HEADER_BYTES, 0);
    closeSync(this.fd);
    this.fd = -1;
    try {
      renameSync(this.temp, this.file);
    } catch {
      rmSync(this.temp, { force: true });
      return;
    }
    evictBeyond(this.settings, this.file);
  }

  abandon(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
    try { unlinkSync(this.temp); } catch { /* already gone */ }
  }
}

/** Removes the least recently used caches until all fit the budget (the one just written stays). */
function evictBeyond(settings: CacheSettings, keep: string): void {
  const entries = readdirSync(settings.dir).filter((name) => name.endsWith('.bin')).flatMap((name) => {
    try {
      const stat = statSync(join(settings.dir, name));
      return [{ file: join(settings.dir, name), size: stat.size, used: stat.mtimeMs }];
    } catch {
      return [];
    }
  }).sort((a, b) => b.used - a.used);
  let total = 0;
  for (const entry of entries) {
    total += entry.size;
    if (total > settings.maxBytes && entry.file !== keep) {
      try { unlinkSync(entry.file); } catch { /* another process removed it */ }
    }
  }
}

/** Reads a cache record by record, checking everything; `open` gives null for a stale or bad header. */
export class TraceCacheReader {
  private position = HEADER_BYTES;
  private requestsRead = 0;
  private keysRead = 0;
  private recordsRead = 0;
  private readonly head = Buffer.alloc(RECORD_HEADER_BYTES);

  private constructor(private readonly fd: number, readonly counts: CachedCounts, private readonly bodyEnd: number, private readonly records: number) {}

  static open(file: string, identity: SourceIdentity): TraceCacheReader | null {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      return null;
    }
    try {
      const size = statSync(file).size;
      const header = Buffer.alloc(HEADER_BYTES);
      if (readSync(fd, header, 0, HEADER_BYTES, 0) !== HEADER_BYTES) throw new TraceCacheError('short header');
      if (header.toString('latin1', 0, 8) !== MAGIC || header.readUInt32LE(8) !== TRACE_CACHE_VERSION || header.readUInt32LE(12) !== HEADER_BYTES) throw new TraceCacheError('not a trace cache of this version');
      if (header.readInt32LE(84) !== hashKeyBytes(header, 0, 84)) throw new TraceCacheError('header checksum');
      if (header.readDoubleLE(16) !== identity.size || header.readDoubleLE(24) !== identity.mtimeMs
        || header.readInt32LE(32) !== identity.headHash || header.readInt32LE(36) !== identity.tailHash) throw new TraceCacheError('stale');
      const bodyEnd = header.readDoubleLE(72);
      const trailerBytes = header.readUInt32LE(80);
      if (!(Number.isSafeInteger(bodyEnd) && bodyEnd >= HEADER_BYTES && trailerBytes <= MAX_TRAILER_BYTES && bodyEnd + trailerBytes === size)) throw new TraceCacheError('sizes');
      const trailer = Buffer.alloc(trailerBytes);
      readSync(fd, trailer, 0, trailerBytes, bodyEnd);
      const malformedLines = parseMalformed(trailer.toString('utf8'));
      const counts: CachedCounts = {
        lines: header.readDoubleLE(40), requests: header.readDoubleLE(48), malformed: header.readDoubleLE(56), keys: header.readUInt32LE(64), malformedLines,
      };
      if (![counts.lines, counts.requests, counts.malformed].every((n) => Number.isSafeInteger(n) && n >= 0) || counts.keys > counts.requests) throw new TraceCacheError('counts');
      // Touched on use: eviction removes the least recently used.
      try { utimesSync(file, new Date(), new Date()); } catch { /* read-only cache: fine */ }
      return new TraceCacheReader(fd, counts, bodyEnd, header.readUInt32LE(68));
    } catch {
      closeSync(fd);
      return null;
    }
  }

  /** The next record, or null after the last; throws TraceCacheError on anything out of bounds. */
  next(): CachedRecord | null {
    if (this.recordsRead === this.records) {
      if (this.position !== this.bodyEnd || this.requestsRead !== this.counts.requests || this.keysRead !== this.counts.keys) throw new TraceCacheError('the records do not add up to the header');
      return null;
    }
    if (this.position + RECORD_HEADER_BYTES > this.bodyEnd || readSync(this.fd, this.head, 0, RECORD_HEADER_BYTES, this.position) !== RECORD_HEADER_BYTES) throw new TraceCacheError('truncated');
    const count = this.head.readInt32LE(0);
    const keys = this.head.readInt32LE(4);
    const keyBytes = this.head.readInt32LE(8);
    const hasValues = this.head.readInt32LE(12);
    if (count < 0 || count > MAX_RECORD_REQUESTS || keys < 0 || keys > count || keyBytes < keys || keyBytes > keys * MAX_KEY_BYTES || (hasValues !== 0 && hasValues !== 1)) throw new TraceCacheError('record header');
    const padded = (keyBytes + 3) & ~3;
    const size = 4 * keys + padded + 4 * count * (1 + hasValues);
    const start = this.position + RECORD_HEADER_BYTES;
    if (start + size > this.bodyEnd) throw new TraceCacheError('record past the end');
    const body = new Uint8Array(size);
    if (readSync(this.fd, body, 0, size, start) !== size) throw new TraceCacheError('truncated');
    const newKeyLengths = new Int32Array(body.buffer, 0, keys);
    let total = 0;
    for (let i = 0; i < keys; i++) {
      const length = newKeyLengths[i];
      if (length < 1 || length > MAX_KEY_BYTES) throw new TraceCacheError('key length');
      total += length;
    }
    if (total !== keyBytes) throw new TraceCacheError('key bytes');
    const ids = new Int32Array(body.buffer, 4 * keys + padded, count);
    const known = this.keysRead + keys;
    for (let i = 0; i < count; i++) if (ids[i] < 0 || ids[i] >= known) throw new TraceCacheError('key id');
    let valueBytes: Int32Array | null = null;
    if (hasValues) {
      valueBytes = new Int32Array(body.buffer, 4 * keys + padded + 4 * count, count);
      for (let i = 0; i < count; i++) if (valueBytes[i] < -1) throw new TraceCacheError('value size');
    }
    this.keysRead = known;
    this.requestsRead += count;
    if (this.requestsRead > this.counts.requests || this.keysRead > this.counts.keys) throw new TraceCacheError('more than the header says');
    this.position = start + size;
    this.recordsRead++;
    return { ids, valueBytes, newKeyLengths, newKeyBytes: body.subarray(4 * keys, 4 * keys + keyBytes) };
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** The line count a valid cache of the trace states (no need to count the text's), or null. */
export function cachedLineCount(cacheFile: string, traceFile: string): number | null {
  let reader: TraceCacheReader | null = null;
  try {
    reader = TraceCacheReader.open(cacheFile, sourceIdentity(traceFile));
  } catch {
    return null;
  }
  reader?.close();
  return reader ? reader.counts.lines : null;
}

function parseMalformed(text: string): Array<{ line: number; reason: string }> {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new TraceCacheError('trailer');
  return parsed.slice(0, 100).map((m: unknown) => {
    const entry = m as { line?: unknown; reason?: unknown };
    if (typeof entry.line !== 'number' || typeof entry.reason !== 'string') throw new TraceCacheError('trailer');
    return { line: entry.line, reason: entry.reason.slice(0, 500) };
  });
}
