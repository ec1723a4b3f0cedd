/**
 * The Redis command table the recorded-traffic readers use: what each command does to the cache
 * (read, write, delete, expire, flush, or nothing the simulator models), where its keys are, which
 * argument carries the value and how a TTL is given. Looked up from the command's bytes, any case,
 * without making a string.
 */

/** What a recorded command does to the keyspace, as the replay sees it. */
export const OP_OTHER = 0;
/** A read lookup that counts a hit or a miss (GET, MGET per key, EXISTS, HGET, …). */
export const OP_READ = 1;
/** A write that stores a value (SET, SETEX, MSET per key, HSET, INCR, …). */
export const OP_WRITE = 2;
/** DEL / UNLINK (per key). */
export const OP_DELETE = 3;
/** EXPIRE and friends (ttlMs > 0), or PERSIST (ttlMs = 0). */
export const OP_EXPIRE = 4;
/** FLUSHDB / FLUSHALL (no key; FLUSHALL has db = ALL_DBS). */
export const OP_FLUSH = 5;

export type RecordedOp = typeof OP_OTHER | typeof OP_READ | typeof OP_WRITE | typeof OP_DELETE | typeof OP_EXPIRE | typeof OP_FLUSH;

export const OP_NAMES = ['other', 'read', 'write', 'delete', 'expire', 'flush'] as const;

/** ttlMs of a write that keeps the key's current TTL (SET … KEEPTTL, HSET, INCR, APPEND). */
export const TTL_KEEP = -1;
/** ttlMs of a write without expiry (SET without EX, which also clears an existing TTL). */
export const TTL_NONE = 0;
/** db of a FLUSHALL record. */
export const ALL_DBS = 255;

/** Where a command's keys are. */
export const KEYS_NONE = 0;
export const KEYS_FIRST = 1;
/** Every argument is a key (MGET, DEL, EXISTS, …). */
export const KEYS_ALL = 2;
/** key value key value … (MSET). */
export const KEYS_PAIRS = 3;

/** How a command gives a TTL. */
export const TTL_BY_NONE = 0;
/** SET key value [EX s | PX ms | EXAT t | PXAT t | KEEPTTL] (and GETEX's options from argument 2). */
export const TTL_BY_SET_OPTIONS = 1;
export const TTL_BY_SETEX = 2;
export const TTL_BY_PSETEX = 3;
export const TTL_BY_EXPIRE = 4;
export const TTL_BY_PEXPIRE = 5;
export const TTL_BY_EXPIREAT = 6;
export const TTL_BY_PEXPIREAT = 7;
export const TTL_BY_PERSIST = 8;
/** Writes that keep the key's TTL (HSET, INCR, APPEND, …). */
export const TTL_BY_KEEP = 9;

export interface CommandInfo {
  /** Upper-case name. */
  name: string;
  op: RecordedOp;
  keys: number;
  /** Argument index of the value whose length is the value size, or −1. */
  valueArg: number;
  ttl: number;
  /** Also a read before the write/delete (GETSET, GETDEL, SET … GET). */
  readsFirst: boolean;
}

const table: CommandInfo[] = [{ name: '', op: OP_OTHER, keys: KEYS_NONE, valueArg: -1, ttl: TTL_BY_NONE, readsFirst: false }];

function add(op: RecordedOp, keys: number, names: string, valueArg = -1, ttl = TTL_BY_NONE, readsFirst = false): void {
  for (const name of names.split(' ')) table.push({ name, op, keys, valueArg, ttl, readsFirst });
}

// Reads: every lookup INFO counts as a hit or a miss (REDIS-FACTS "What INFO reports").
add(OP_READ, KEYS_FIRST, 'GET GETRANGE SUBSTR STRLEN TTL PTTL EXPIRETIME PEXPIRETIME TYPE DUMP GETBIT BITCOUNT BITPOS BITFIELD_RO');
add(OP_READ, KEYS_FIRST, 'GETEX', -1, TTL_BY_SET_OPTIONS);
add(OP_READ, KEYS_ALL, 'MGET EXISTS TOUCH PFCOUNT');
add(OP_READ, KEYS_FIRST, 'HGET HMGET HGETALL HKEYS HVALS HLEN HEXISTS HSTRLEN HRANDFIELD HSCAN');
add(OP_READ, KEYS_FIRST, 'LRANGE LINDEX LLEN LPOS');
add(OP_READ, KEYS_FIRST, 'SMEMBERS SISMEMBER SMISMEMBER SCARD SRANDMEMBER SSCAN');
add(OP_READ, KEYS_FIRST, 'ZRANGE ZRANGEBYSCORE ZRANGEBYLEX ZREVRANGE ZREVRANGEBYSCORE ZREVRANGEBYLEX ZSCORE ZMSCORE ZCARD ZCOUNT ZLEXCOUNT ZRANK ZREVRANK ZRANDMEMBER ZSCAN');
add(OP_READ, KEYS_FIRST, 'XRANGE XREVRANGE XLEN GEOPOS GEODIST GEOHASH GEOSEARCH JSON.GET');
// Writes of a string value: the value argument gives the size, the command the TTL.
add(OP_WRITE, KEYS_FIRST, 'SET', 2, TTL_BY_SET_OPTIONS);
add(OP_WRITE, KEYS_FIRST, 'SETNX', 2, TTL_BY_NONE);
add(OP_WRITE, KEYS_FIRST, 'GETSET', 2, TTL_BY_NONE, true);
add(OP_WRITE, KEYS_FIRST, 'SETEX', 3, TTL_BY_SETEX);
add(OP_WRITE, KEYS_FIRST, 'PSETEX', 3, TTL_BY_PSETEX);
add(OP_WRITE, KEYS_PAIRS, 'MSET MSETNX', 1, TTL_BY_NONE);
add(OP_WRITE, KEYS_FIRST, 'RESTORE', 3, TTL_BY_NONE);
// Writes that change a value in place and keep its TTL; their size is not known from the line.
add(OP_WRITE, KEYS_FIRST, 'APPEND SETRANGE INCR DECR INCRBY DECRBY INCRBYFLOAT SETBIT BITFIELD PFADD', -1, TTL_BY_KEEP);
add(OP_WRITE, KEYS_FIRST, 'HSET HSETNX HMSET HINCRBY HINCRBYFLOAT HDEL', -1, TTL_BY_KEEP);
add(OP_WRITE, KEYS_FIRST, 'LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LSET LTRIM LREM LINSERT', -1, TTL_BY_KEEP);
add(OP_WRITE, KEYS_FIRST, 'SADD SREM SPOP SMOVE ZADD ZREM ZINCRBY ZPOPMIN ZPOPMAX ZREMRANGEBYSCORE ZREMRANGEBYRANK ZREMRANGEBYLEX', -1, TTL_BY_KEEP);
add(OP_WRITE, KEYS_FIRST, 'XADD XTRIM XDEL GEOADD JSON.SET', -1, TTL_BY_KEEP);
// Deletes and expiry.
add(OP_DELETE, KEYS_ALL, 'DEL UNLINK');
add(OP_DELETE, KEYS_FIRST, 'GETDEL', -1, TTL_BY_NONE, true);
add(OP_EXPIRE, KEYS_FIRST, 'EXPIRE', -1, TTL_BY_EXPIRE);
add(OP_EXPIRE, KEYS_FIRST, 'PEXPIRE', -1, TTL_BY_PEXPIRE);
add(OP_EXPIRE, KEYS_FIRST, 'EXPIREAT', -1, TTL_BY_EXPIREAT);
add(OP_EXPIRE, KEYS_FIRST, 'PEXPIREAT', -1, TTL_BY_PEXPIREAT);
add(OP_EXPIRE, KEYS_FIRST, 'PERSIST', -1, TTL_BY_PERSIST);
add(OP_FLUSH, KEYS_NONE, 'FLUSHDB FLUSHALL');
// Known commands that do nothing the cache model sees (transactions, scripts, connection, admin).
add(OP_OTHER, KEYS_NONE, 'MULTI EXEC DISCARD WATCH UNWATCH SELECT PING ECHO AUTH HELLO CLIENT COMMAND INFO CONFIG QUIT RESET');
add(OP_OTHER, KEYS_NONE, 'EVAL EVALSHA EVAL_RO EVALSHA_RO FCALL FCALL_RO SCRIPT FUNCTION DBSIZE SCAN KEYS RANDOMKEY TIME LASTSAVE');
add(OP_OTHER, KEYS_NONE, 'PUBLISH SPUBLISH SUBSCRIBE UNSUBSCRIBE PSUBSCRIBE PUNSUBSCRIBE SSUBSCRIBE SUNSUBSCRIBE PUBSUB');
add(OP_OTHER, KEYS_NONE, 'RENAME RENAMENX COPY MOVE OBJECT MEMORY WAIT READONLY READWRITE SAVE BGSAVE BGREWRITEAOF SLOWLOG LATENCY');

/** Every known command; index 0 is "unknown". A command id is an index into this list. */
export const COMMANDS: readonly CommandInfo[] = table;

/** The id of the command named `name` (any case), or 0. */
export function commandId(name: string): number {
  const upper = name.toUpperCase();
  for (let i = 1; i < table.length; i++) if (table[i].name === upper) return i;
  return 0;
}

// An open-addressing table on the lower-cased name's bytes: 512 buckets of command ids.
const BUCKETS = 512;
const buckets = new Int16Array(BUCKETS);
const nameBytes: Uint8Array[] = table.map((c) => Uint8Array.from(c.name, (ch) => ch.charCodeAt(0) | (ch >= 'A' && ch <= 'Z' ? 0x20 : 0)));

function nameHash(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) {
    const b = bytes[i];
    h = Math.imul(h ^ (b >= 65 && b <= 90 ? b | 0x20 : b), 0x01000193);
  }
  return (h ^ (h >>> 15)) & (BUCKETS - 1);
}

for (let id = 1; id < table.length; id++) {
  let bucket = nameHash(nameBytes[id], 0, nameBytes[id].length);
  while (buckets[bucket] !== 0) bucket = (bucket + 1) & (BUCKETS - 1);
  buckets[bucket] = id;
}

/** The id of the command whose name is bytes[start, end) in any case, or 0 when unknown. */
export function lookupCommand(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length === 0 || length > 20) return 0;
  let bucket = nameHash(bytes, start, end);
  for (;;) {
    const id = buckets[bucket];
    if (id === 0) return 0;
    const name = nameBytes[id];
    if (name.length === length) {
      let same = true;
      for (let i = 0; i < length; i++) {
        const b = bytes[start + i];
        if ((b >= 65 && b <= 90 ? b | 0x20 : b) !== name[i]) { same = false; break; }
      }
      if (same) return id;
    }
    bucket = (bucket + 1) & (BUCKETS - 1);
  }
}

/** Ids of commands the readers and the replay treat specially. */
export const CMD_GET = commandId('GET');
export const CMD_SET = commandId('SET');
export const CMD_DEL = commandId('DEL');
export const CMD_PEXPIRE = commandId('PEXPIRE');
export const CMD_PERSIST = commandId('PERSIST');
export const CMD_COMMAND = commandId('COMMAND');
export const CMD_FLUSHDB = commandId('FLUSHDB');
export const CMD_FLUSHALL = commandId('FLUSHALL');

/** Operation names of other trace formats (Twitter's memcached ops, plain words) → commands. */
const ALIASES: Record<string, string> = {
  GETS: 'GET', READ: 'GET', ADD: 'SETNX', REPLACE: 'SET', CAS: 'SET', WRITE: 'SET', PREPEND: 'APPEND',
  DELETE: 'DEL', REMOVE: 'DEL', INVALIDATE: 'DEL', EXPIRE: 'EXPIRE', INCR: 'INCR', DECR: 'DECR',
};
const aliasNames: Uint8Array[] = Object.keys(ALIASES).map((alias) => Uint8Array.from(alias.toLowerCase(), (ch) => ch.charCodeAt(0)));
const aliasIds: number[] = Object.values(ALIASES).map(commandId);

/**
 * The command of an operation name in a CSV or JSONL trace: a Redis command (`GET`, `setex`), a
 * memcached operation of Twitter's traces (`gets`, `add`, `cas`, `delete`) or `read`/`write`/`delete`.
 */
export function lookupOperation(bytes: Uint8Array, start: number, end: number): number {
  const id = lookupCommand(bytes, start, end);
  if (id !== 0) return id;
  // A dozen aliases: compared in place, lower-cased, without making a string.
  const length = end - start;
  for (let a = 0; a < aliasNames.length; a++) {
    const name = aliasNames[a];
    if (name.length !== length) continue;
    let i = 0;
    while (i < length && (bytes[start + i] >= 65 && bytes[start + i] <= 90 ? bytes[start + i] | 0x20 : bytes[start + i]) === name[i]) i++;
    if (i === length) return aliasIds[a];
  }
  return 0;
}
