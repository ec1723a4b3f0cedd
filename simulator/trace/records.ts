/**
 * The common output of every recorded-traffic reader: a batch of records in parallel typed arrays
 * (time, op, command, key id, value size, TTL, db, client), reused from one chunk to the next so
 * that reading allocates nothing per line, and the keys of all DBs interned to dense ids.
 */
import { hashKeyBytes, KeyInterner } from './key-interner';
import { decodeUtf8, encodeUtf8 } from './utf8';

/**
 * One batch of records, valid until the reader's next `parse`. Record i is
 * (timeUs[i], op[i], command[i], keyId[i], valueBytes[i], ttlMs[i], db[i], clientId[i]).
 */
export class RecordBatch {
  count = 0;
  /**
   * Why the last push was refused (a value over 512 MB, a TTL or time that is not a finite,
   * keepable number), or null. The line reader turns it into a malformed line.
   */
  refused: string | null = null;
  /** Microseconds, as recorded (MONITOR: since the epoch; other formats: their own origin). */
  timeUs = new Float64Array(1024);
  /** OP_READ, OP_WRITE, … (commands.ts). */
  op = new Uint8Array(1024);
  /** Index into COMMANDS (0 = unknown). */
  command = new Uint16Array(1024);
  /** Key id from RecordedKeys, −1 for a command without a key (FLUSHDB). */
  keyId = new Int32Array(1024);
  /** Value size in bytes, −1 when the record does not say. */
  valueBytes = new Int32Array(1024);
  /** Writes: TTL_NONE (0), TTL_KEEP (−1) or ms; expire records: ms (0 = PERSIST). */
  ttlMs = new Float64Array(1024);
  db = new Uint8Array(1024);
  /** Client id: MONITOR's interned source address, the trace's client column, or 0. */
  clientId = new Int32Array(1024);

  reset(): void {
    this.count = 0;
    this.refused = null;
  }

  push(timeUs: number, op: number, command: number, keyId: number, valueBytes: number, ttlMs: number, db: number, clientId: number): void {
    const problem = recordProblem(timeUs, valueBytes, ttlMs);
    if (problem !== null) {
      this.refused ??= problem;
      return;
    }
    const i = this.count;
    if (i === this.op.length) this.grow();
    this.timeUs[i] = timeUs;
    this.op[i] = op;
    this.command[i] = command;
    this.keyId[i] = keyId;
    this.valueBytes[i] = valueBytes;
    this.ttlMs[i] = ttlMs;
    this.db[i] = db;
    this.clientId[i] = clientId;
    this.count = i + 1;
  }

  private grow(): void {
    const size = this.op.length * 2;
    const grow = <T extends Float64Array | Uint8Array | Uint16Array | Int32Array>(from: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(from);
      return next;
    };
    this.timeUs = grow(this.timeUs, (n) => new Float64Array(n));
    this.op = grow(this.op, (n) => new Uint8Array(n));
    this.command = grow(this.command, (n) => new Uint16Array(n));
    this.keyId = grow(this.keyId, (n) => new Int32Array(n));
    this.valueBytes = grow(this.valueBytes, (n) => new Int32Array(n));
    this.ttlMs = grow(this.ttlMs, (n) => new Float64Array(n));
    this.db = grow(this.db, (n) => new Uint8Array(n));
    this.clientId = grow(this.clientId, (n) => new Int32Array(n));
  }
}

/** Redis refuses a bulk string over 512 MB (proto-max-bulk-len). */
export const MAX_RECORD_VALUE_BYTES = 512 * 1024 * 1024;
/** A TTL beyond a century is not one an application sets; 1e300 s is a corrupt field. */
export const MAX_RECORD_TTL_MS = 100 * 365 * 24 * 3600 * 1000;

/** Why a record's numbers cannot be replayed, or null. */
function recordProblem(timeUs: number, valueBytes: number, ttlMs: number): string | null {
  if (!Number.isFinite(timeUs)) return 'the time is not a finite number';
  if (!(valueBytes <= MAX_RECORD_VALUE_BYTES) || !Number.isInteger(valueBytes)) return `value size ${valueBytes} is not a whole number of bytes up to 512 MB (Redis's largest value)`;
  if (Number.isNaN(ttlMs) ? false : !(ttlMs <= MAX_RECORD_TTL_MS)) return `TTL ${ttlMs} ms is over 100 years: not a TTL Redis would keep`;
  return null;
}

/**
 * Tag before the bytes of a key of DB n > 0 in the shared interner: `\xff\xfe` `ks` n. A key of
 * DB 0 would need to start with these five bytes to be mistaken for one of DB n.
 */
const DB_TAG = [0xff, 0xfe, 0x6b, 0x73];
const TAG_BYTES = DB_TAG.length + 1;

/**
 * Keys of every DB, each (db, key bytes) pair a dense id in first-seen order. The same name in two
 * DBs is two keys. One interner holds them all: keys of DB 0 as they are (their id is the
 * interner's, with no lookup table in between), keys of other DBs behind a 5-byte DB tag. A trace
 * may give a key's original size (Twitter's traces anonymize keys but keep their size):
 * `keyBytes` then answers with it.
 */
export class RecordedKeys {
  private readonly interner = new KeyInterner();
  private dbs = new Uint8Array(1024);
  private sizes = new Int32Array(1024);
  private count = 0;
  private scratch = new Uint8Array(256);
  private readonly usedDb = new Uint8Array(256);

  get size(): number {
    return this.count;
  }

  /** The id of key bytes[start, end) of `db` (hashed with hashKeyBytes), adding it if new. */
  internHashed(db: number, bytes: Uint8Array, start: number, end: number, hash: number): number {
    if (db === 0) {
      const id = this.interner.internHashed(bytes, start, end, hash);
      if (id >= this.count) this.added(id, 0);
      return id;
    }
    const length = end - start + TAG_BYTES;
    if (this.scratch.length < length) this.scratch = new Uint8Array(Math.max(length, this.scratch.length * 2));
    const tagged = this.scratch;
    tagged.set(DB_TAG);
    tagged[DB_TAG.length] = db;
    tagged.set(bytes.subarray(start, end), TAG_BYTES);
    const id = this.interner.intern(tagged, 0, length);
    if (id >= this.count) this.added(id, db);
    return id;
  }

  /** As `internHashed` for keys i in [0, count) of DB 0, in order (KeyInterner.internAll). */
  internAll(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, hashes: Int32Array, count: number, ids: Int32Array): void {
    const before = this.count;
    this.interner.internAll(bytes, starts, ends, hashes, count, ids);
    for (let id = before; id < this.interner.size; id++) this.added(id, 0);
  }

  /** The id of a key given as text (tests, tools). */
  internString(db: number, key: string): number {
    const bytes = encodeUtf8(key);
    return this.internHashed(db, bytes, 0, bytes.length, hashKeyBytes(bytes, 0, bytes.length));
  }

  private added(id: number, db: number): void {
    this.count = id + 1;
    if (id >= this.dbs.length) {
      const size = Math.max(id + 1, this.dbs.length * 2);
      const dbs = new Uint8Array(size); dbs.set(this.dbs); this.dbs = dbs;
      const sizes = new Int32Array(size); sizes.set(this.sizes); this.sizes = sizes;
    }
    this.dbs[id] = db;
    this.usedDb[db] = 1;
  }

  /** Records the original size of a key (bytes) when the trace gives it. */
  setKeySize(id: number, bytes: number): void {
    this.sizes[id] = bytes;
  }

  dbOf(id: number): number {
    return this.dbs[id];
  }

  /** The key's length in bytes: the size the trace gave, or its own length. */
  keyBytes(id: number): number {
    const given = this.sizes[id];
    if (given > 0) return given;
    return this.interner.keyBytes(id) - (this.dbs[id] === 0 ? 0 : TAG_BYTES);
  }

  /** The key's bytes (a view; do not modify). */
  bytesOf(id: number): Uint8Array {
    this.check(id);
    const bytes = this.interner.bytesOf(id);
    return this.dbs[id] === 0 ? bytes : bytes.subarray(TAG_BYTES);
  }

  /** The key's text (UTF-8 decoded; for display and pattern mining, not hot loops). */
  keyOf(id: number): string {
    const bytes = this.bytesOf(id);
    return decodeUtf8(bytes, 0, bytes.length);
  }

  /** DBs that hold at least one key, in ascending order. */
  usedDbs(): number[] {
    const dbs: number[] = [];
    this.usedDb.forEach((used, db) => { if (used) dbs.push(db); });
    return dbs;
  }

  private check(id: number): void {
    if (!(Number.isInteger(id) && id >= 0 && id < this.count)) {
      throw new RangeError(`key id ${id} is not interned; ids run from 0 to ${this.count - 1}`);
    }
  }
}

const DEFERRED = 512;

/**
 * Keys of DB 0 whose interning waits until a few hundred lines are parsed, so that
 * `RecordedKeys.internAll` can overlap their cache misses: each with the batch records [from, to)
 * that get its id, and the key size the trace gave (recorded on the key's first sighting). The
 * reader flushes before its bytes change and before it hands the batch over; ids come out as if
 * each key had been interned on its own line.
 */
export class DeferredKeys {
  private bytes: Uint8Array | null = null;
  private readonly starts = new Int32Array(DEFERRED);
  private readonly ends = new Int32Array(DEFERRED);
  private readonly hashes = new Int32Array(DEFERRED);
  private readonly from = new Int32Array(DEFERRED);
  private readonly to = new Int32Array(DEFERRED);
  private readonly sizes = new Float64Array(DEFERRED);
  private readonly ids = new Int32Array(DEFERRED);
  private count = 0;

  constructor(private readonly keys: RecordedKeys, private readonly batch: RecordBatch) {}

  /** Defers key bytes[start, end) (hashed with hashKeyBytes) for records [from, to) of the batch. */
  add(bytes: Uint8Array, start: number, end: number, hash: number, from: number, to: number, keySize: number): void {
    if (this.count === DEFERRED || (this.bytes !== bytes && this.count > 0)) this.flush();
    const i = this.count++;
    this.bytes = bytes;
    this.starts[i] = start;
    this.ends[i] = end;
    this.hashes[i] = hash;
    this.from[i] = from;
    this.to[i] = to;
    this.sizes[i] = keySize;
  }

  /** Interns the deferred keys and writes their ids into the batch. */
  flush(): void {
    const n = this.count;
    if (n === 0) return;
    this.count = 0;
    const keys = this.keys;
    let known = keys.size;
    keys.internAll(this.bytes as Uint8Array, this.starts, this.ends, this.hashes, n, this.ids);
    this.bytes = null;
    const keyId = this.batch.keyId;
    for (let i = 0; i < n; i++) {
      const id = this.ids[i];
      for (let r = this.from[i]; r < this.to[i]; r++) keyId[r] = id;
      if (id >= known) {
        known = id + 1;
        if (this.sizes[i] > 0) keys.setKeySize(id, this.sizes[i]);
      }
    }
  }
}
