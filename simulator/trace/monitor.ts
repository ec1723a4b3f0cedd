/**
 * Reads Redis MONITOR output (a capture file, redis-cli's or the wire form) into records: time,
 * db, client, command, key id, value size and TTL. Arguments are never decoded unless they hold
 * escapes and are needed (a key, a TTL); value sizes are their unescaped lengths, counted while
 * scanning. Multi-key commands give one record per key (MGET, DEL, MSET); GETSET, GETDEL and
 * SET … GET give a read and then a write or a delete.
 *
 * Not replayed, counted in `ignored`: redis-cli's "OK" and its `COMMAND DOCS` on connect,
 * MULTI/EXEC, EVAL (the commands a script runs come after it, from the `lua` client), AUTH
 * (`"(redacted)"`), SELECT, PING and every command the cache model does not see.
 */
import {
  COMMANDS, KEYS_ALL, KEYS_FIRST, KEYS_PAIRS, lookupCommand, OP_DELETE, OP_FLUSH, OP_OTHER, OP_READ, OP_WRITE,
  ALL_DBS, CMD_FLUSHALL, TTL_BY_EXPIRE, TTL_BY_EXPIREAT, TTL_BY_KEEP, TTL_BY_PERSIST, TTL_BY_PEXPIRE, TTL_BY_PEXPIREAT,
  TTL_BY_PSETEX, TTL_BY_SET_OPTIONS, TTL_BY_SETEX, TTL_KEEP, TTL_NONE,
} from './commands';
import { hashKeyBytes, KeyInterner } from './key-interner';
import { RecordLineReader } from './line-reader';
import { integerArg, MonitorLineParts, scanMonitorLine, unescapeMonitorArg } from './monitor-line';
import type { RecordedKeys } from './records';

/** A TTL option that could not be read: Redis refused the command, so it changed nothing. */
const FAILED = Number.NaN;
/** A TTL already past: the key is deleted. */
const EXPIRED = -2;

export class MonitorReader extends RecordLineReader {
  /** Client sources (`127.0.0.1:54321`, `lua`, `unix:/…`) → client ids, in first-seen order. */
  readonly clients = new KeyInterner();
  private clientKinds = new Uint8Array(64);
  private readonly parts = new MonitorLineParts();
  private scratch = new Uint8Array(256);
  /** The line being parsed, for the helpers. */
  private bytes: Uint8Array = this.scratch;
  private timeUs = 0;
  private db = 0;
  private client = 0;
  private readonly lastSource = new Uint8Array(128);
  private lastSourceLength = -1;
  private lastClient = 0;

  constructor(keys?: RecordedKeys) {
    super(keys);
  }

  /** The kind of a client id: CLIENT_TCP, CLIENT_UNIX or CLIENT_LUA. */
  clientKind(clientId: number): number {
    return this.clientKinds[clientId];
  }

  protected parseLine(bytes: Uint8Array, start: number, end: number): string | null {
    const parts = this.parts;
    // redis-cli prints "OK" when MONITOR starts.
    if (end - start === 2 && bytes[start] === 79 && bytes[start + 1] === 75) {
      this.ignoredCount++;
      return null;
    }
    const error = scanMonitorLine(bytes, start, end, parts);
    if (error !== null) {
      this.errorColumn = parts.errorAt - start + 1;
      return error;
    }
    this.bytes = bytes;
    this.timeUs = parts.timeUs;
    this.db = parts.db;
    this.client = this.clientOf(bytes, parts.sourceStart, parts.sourceEnd, parts.clientKind);
    const command = parts.argEscaped[0] ? 0 : lookupCommand(bytes, parts.argStart[0], parts.argEnd[0]);
    this.countCommand(command);
    const info = COMMANDS[command];
    if (info.op === OP_OTHER) {
      this.ignoredCount++;
      return null;
    }
    const argc = parts.argc;
    if (info.op === OP_FLUSH) {
      this.batch.push(this.timeUs, OP_FLUSH, command, -1, -1, TTL_NONE, command === CMD_FLUSHALL ? ALL_DBS : this.db, this.client);
      return null;
    }
    if (argc < 2) {
      this.errorColumn = parts.argEnd[0] - start + 2;
      return `${info.name} without a key`;
    }
    switch (info.keys) {
      case KEYS_FIRST: return this.keyed(command, argc);
      case KEYS_ALL:
        for (let a = 1; a < argc; a++) this.batch.push(this.timeUs, info.op, command, this.keyAt(a), -1, info.op === OP_READ ? TTL_KEEP : TTL_NONE, this.db, this.client);
        return null;
      case KEYS_PAIRS:
        if (argc % 2 === 0) {
          this.errorColumn = 1;
          return `${info.name} needs key value pairs`;
        }
        for (let a = 1; a < argc; a += 2) this.batch.push(this.timeUs, OP_WRITE, command, this.keyAt(a), parts.argLength[a + 1], TTL_NONE, this.db, this.client);
        return null;
    }
    return null;
  }

  /** A command with one key (argument 1). */
  private keyed(command: number, argc: number): string | null {
    const info = COMMANDS[command];
    const parts = this.parts;
    let readsFirst = info.readsFirst;
    let ttlMs = info.op === OP_READ ? TTL_KEEP : TTL_NONE;
    switch (info.ttl) {
      case TTL_BY_SET_OPTIONS: {
        const from = info.op === OP_READ ? 2 : 3;
        ttlMs = this.setOptionsTtl(from, argc, info.op === OP_READ ? TTL_KEEP : TTL_NONE);
        if (info.op === OP_WRITE && this.setHasGet(from, argc)) readsFirst = true;
        break;
      }
      case TTL_BY_SETEX: ttlMs = this.relativeTtl(2, argc, 1000, false); break;
      case TTL_BY_PSETEX: ttlMs = this.relativeTtl(2, argc, 1, false); break;
      case TTL_BY_EXPIRE: ttlMs = this.relativeTtl(2, argc, 1000, true); break;
      case TTL_BY_PEXPIRE: ttlMs = this.relativeTtl(2, argc, 1, true); break;
      case TTL_BY_EXPIREAT: ttlMs = this.absoluteTtl(2, argc, 1000); break;
      case TTL_BY_PEXPIREAT: ttlMs = this.absoluteTtl(2, argc, 1); break;
      case TTL_BY_PERSIST: ttlMs = TTL_NONE; break;
      case TTL_BY_KEEP: ttlMs = TTL_KEEP; break;
    }
    if (Number.isNaN(ttlMs)) {
      // Redis answered with an error (a bad EX value): the command changed nothing.
      this.ignoredCount++;
      return null;
    }
    if (info.valueArg >= argc) {
      this.errorColumn = 1;
      return `${info.name} without its value argument`;
    }
    const key = this.keyAt(1);
    const valueBytes = info.valueArg > 0 ? parts.argLength[info.valueArg] : -1;
    if (readsFirst || (info.op === OP_READ && ttlMs === EXPIRED)) this.batch.push(this.timeUs, OP_READ, command, key, -1, TTL_KEEP, this.db, this.client);
    // A TTL already past deletes the key (SET … EXAT <past>, EXPIRE k 0, GETEX … PXAT <past>).
    if (ttlMs === EXPIRED) this.batch.push(this.timeUs, OP_DELETE, command, key, -1, TTL_NONE, this.db, this.client);
    else this.batch.push(this.timeUs, info.op, command, key, valueBytes, ttlMs, this.db, this.client);
    return null;
  }

  /** EX/PX/EXAT/PXAT/KEEPTTL/PERSIST among the arguments from `from` on; `none` when there is none. */
  private setOptionsTtl(from: number, argc: number, none: number): number {
    const { parts, bytes } = this;
    for (let a = from; a < argc; a++) {
      const s = parts.argStart[a];
      const length = parts.argEnd[a] - s;
      const c0 = bytes[s] | 0x20;
      const c1 = bytes[s + 1] | 0x20;
      if (length === 2 && c0 === 101 && c1 === 120) return this.relativeTtl(a + 1, argc, 1000, false); // EX
      if (length === 2 && c0 === 112 && c1 === 120) return this.relativeTtl(a + 1, argc, 1, false); // PX
      if (length === 4 && c1 === 120 && (bytes[s + 2] | 0x20) === 97 && (bytes[s + 3] | 0x20) === 116) {
        if (c0 === 101) return this.absoluteTtl(a + 1, argc, 1000); // EXAT
        if (c0 === 112) return this.absoluteTtl(a + 1, argc, 1); // PXAT
      }
      if (length === 7 && c0 === 107 && c1 === 101) return TTL_KEEP; // KEEPTTL
      if (length === 7 && c0 === 112 && c1 === 101) return TTL_NONE; // PERSIST (GETEX)
    }
    return none;
  }

  private setHasGet(from: number, argc: number): boolean {
    const { parts, bytes } = this;
    for (let a = from; a < argc; a++) {
      const s = parts.argStart[a];
      if (parts.argEnd[a] - s === 3 && (bytes[s] | 0x20) === 103 && (bytes[s + 1] | 0x20) === 101 && (bytes[s + 2] | 0x20) === 116) return true;
    }
    return false;
  }

  /**
   * A TTL argument in seconds (unitMs 1000) or ms (1): FAILED when missing or not a number, or when
   * not positive for SET-like commands (Redis refuses them); EXPIRED for EXPIRE k 0 and below.
   */
  private relativeTtl(arg: number, argc: number, unitMs: number, expireLike: boolean): number {
    if (arg >= argc) return FAILED;
    const value = integerArg(this.bytes, this.parts.argStart[arg], this.parts.argEnd[arg]);
    if (Number.isNaN(value)) return FAILED;
    if (value > 0) return value * unitMs;
    return expireLike ? EXPIRED : FAILED;
  }

  /** An absolute expiry (unix seconds or ms) as a TTL from the record's time; EXPIRED when past. */
  private absoluteTtl(arg: number, argc: number, unitMs: number): number {
    if (arg >= argc) return FAILED;
    const value = integerArg(this.bytes, this.parts.argStart[arg], this.parts.argEnd[arg]);
    if (Number.isNaN(value)) return FAILED;
    const ttlMs = value * unitMs - this.timeUs / 1000;
    return ttlMs > 0 ? Math.max(1, Math.round(ttlMs)) : EXPIRED;
  }

  /** The key id of argument `a`, unescaping it first when it holds escapes. */
  private keyAt(a: number): number {
    const parts = this.parts;
    const start = parts.argStart[a];
    const end = parts.argEnd[a];
    if (parts.argEscaped[a] === 0) return this.keys.internHashed(this.db, this.bytes, start, end, hashKeyBytes(this.bytes, start, end));
    if (this.scratch.length < end - start) this.scratch = new Uint8Array(Math.max(end - start, this.scratch.length * 2));
    const length = unescapeMonitorArg(this.bytes, start, end, this.scratch, 0);
    return this.keys.internHashed(this.db, this.scratch, 0, length, hashKeyBytes(this.scratch, 0, length));
  }

  private clientOf(bytes: Uint8Array, start: number, end: number, kind: number): number {
    // Consecutive lines often come from one client (a pipeline, a transaction, a script).
    const last = this.lastSource;
    const length = end - start;
    if (length === this.lastSourceLength) {
      let same = true;
      for (let i = 0; i < length; i++) if (bytes[start + i] !== last[i]) { same = false; break; }
      if (same) return this.lastClient;
    }
    if (length <= last.length) {
      last.set(bytes.subarray(start, end));
      this.lastSourceLength = length;
    } else {
      this.lastSourceLength = -1;
    }
    this.lastClient = this.internClient(bytes, start, end, kind);
    return this.lastClient;
  }

  private internClient(bytes: Uint8Array, start: number, end: number, kind: number): number {
    const before = this.clients.size;
    const id = this.clients.intern(bytes, start, end);
    if (id >= before) {
      if (id >= this.clientKinds.length) {
        const grown = new Uint8Array(this.clientKinds.length * 2);
        grown.set(this.clientKinds);
        this.clientKinds = grown;
      }
      this.clientKinds[id] = kind;
    }
    return id;
  }
}

