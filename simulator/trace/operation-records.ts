/**
 * Records of one-key trace lines (CSV, Twitter's traces, JSONL), which give an operation, a key,
 * maybe a value size and a TTL in their own fields rather than as command arguments.
 */
import {
  COMMANDS, OP_DELETE, OP_EXPIRE, OP_FLUSH, OP_OTHER, OP_READ, OP_WRITE, TTL_BY_KEEP, TTL_BY_PERSIST, TTL_KEEP, TTL_NONE,
} from './commands';
import type { RecordBatch } from './records';

/**
 * Pushes the records of one operation on `keyId`; returns false when the command is nothing the
 * replay models (the caller counts the line as ignored). `ttlMs` is the line's TTL (NaN when it
 * gives none; 0 on a write means no expiry); `valueBytes` −1 when unknown.
 */
export function pushOperation(
  batch: RecordBatch, timeUs: number, command: number, keyId: number, valueBytes: number, ttlMs: number, db: number, clientId: number,
): boolean {
  const info = COMMANDS[command];
  switch (info.op) {
    case OP_OTHER:
    case OP_FLUSH:
      return false;
    case OP_READ:
      batch.push(timeUs, OP_READ, command, keyId, valueBytes, TTL_KEEP, db, clientId);
      return true;
    case OP_WRITE: {
      if (info.readsFirst) batch.push(timeUs, OP_READ, command, keyId, -1, TTL_KEEP, db, clientId);
      const ttl = ttlMs > 0 ? ttlMs : info.ttl === TTL_BY_KEEP ? TTL_KEEP : TTL_NONE;
      batch.push(timeUs, OP_WRITE, command, keyId, valueBytes, ttl, db, clientId);
      return true;
    }
    case OP_DELETE:
      if (info.readsFirst) batch.push(timeUs, OP_READ, command, keyId, -1, TTL_KEEP, db, clientId);
      batch.push(timeUs, OP_DELETE, command, keyId, -1, TTL_NONE, db, clientId);
      return true;
    case OP_EXPIRE:
      if (info.ttl === TTL_BY_PERSIST) batch.push(timeUs, OP_EXPIRE, command, keyId, -1, TTL_NONE, db, clientId);
      else if (ttlMs > 0) batch.push(timeUs, OP_EXPIRE, command, keyId, -1, ttlMs, db, clientId);
      else if (ttlMs <= 0) batch.push(timeUs, OP_DELETE, command, keyId, -1, TTL_NONE, db, clientId);
      else return false;
      return true;
  }
  return false;
}
