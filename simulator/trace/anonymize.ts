/**
 * Anonymizing recorded traffic: keys keep their namespace structure while their identifiers are
 * replaced by keyed hashes (`user:8812:profile` → `user:3f9a0c1d2b4e5f60:profile`; the same id
 * always hashes the same way, so popularity and cardinality survive), values are dropped and only
 * their sizes kept, client addresses become numbers. The hash is injected: the Node layer passes a
 * keyed HMAC, so nobody without the salt can test guesses of an id against the output.
 */
import { classifySegment, hashTagContent, splitKey } from './segments';
import { COMMANDS, OP_DELETE, OP_EXPIRE, OP_READ, OP_WRITE, TTL_BY_KEEP, TTL_KEEP } from './commands';
import type { RecordBatch } from './records';

/** Hashes one identifier segment to hex text (at least 16 characters). */
export type SegmentHasher = (segment: string) => string;

export interface AnonymizeOptions {
  /**
   * Also hash word segments after the first one (`user:alice:profile` → `user:<h>:<h>`). By default
   * words are kept, as they usually name namespaces; a key made of words that are personal data
   * (a user name) needs this.
   */
  strict?: boolean;
}

/** Hex length of a hashed segment: the segment's own length, at least 16 and at most 64. */
export function hashedLength(segment: string): number {
  return Math.min(64, Math.max(16, segment.length));
}

/** The anonymized form of a key. */
export function anonymizeKey(key: string, hash: SegmentHasher, options: AnonymizeOptions = {}): string {
  const { segments, separators } = splitKey(key);
  let out = '';
  segments.forEach((segment, i) => {
    out += anonymizeSegment(segment, i, hash, options.strict ?? false);
    if (i < separators.length) out += separators[i];
  });
  return out;
}

function anonymizeSegment(segment: string, index: number, hash: SegmentHasher, strict: boolean): string {
  if (segment === '') return '';
  const tag = hashTagContent(segment);
  if (tag !== null) return `{${anonymizeSegment(tag, index, hash, strict)}}`;
  const kind = classifySegment(segment);
  if (kind === 'word' && (!strict || index === 0)) return segment;
  const hex = hash(segment);
  const length = hashedLength(segment);
  return hex.length >= length ? hex.slice(0, length) : hex.padEnd(length, hex);
}

/**
 * Writes records as the JSONL trace format (`{"ts":…,"cmd":…,"key":…,"valueSize":…,"ttl":…}`),
 * times in seconds from `originUs`. `keyText(id)` gives each key's (anonymized) text.
 */
export function recordsToJsonl(batch: RecordBatch, count: number, keyText: (keyId: number) => string, originUs: number): string {
  let text = '';
  for (let i = 0; i < count; i++) {
    const keyId = batch.keyId[i];
    if (keyId < 0) continue;
    const seconds = (batch.timeUs[i] - originUs) / 1e6;
    let line = `{"ts":${seconds.toFixed(6)},"cmd":"${commandName(batch, i)}","key":${JSON.stringify(keyText(keyId))}`;
    if (batch.valueBytes[i] >= 0) line += `,"valueSize":${batch.valueBytes[i]}`;
    const ttlMs = batch.ttlMs[i];
    if (ttlMs > 0) line += `,"ttl":${Number((ttlMs / 1000).toFixed(3))}`;
    if (batch.db[i] !== 0) line += `,"db":${batch.db[i]}`;
    if (batch.clientId[i] !== 0) line += `,"client":${batch.clientId[i]}`;
    text += `${line}}\n`;
  }
  return text;
}

/**
 * The command a record is written back as, chosen so that reading the line back gives the same
 * record: the recorded command when it means the same alone (GET, HGET, SET, INCR…), else the
 * plain one (a GETSET's write half becomes SET; its read half is a record of its own).
 */
function commandName(batch: RecordBatch, i: number): string {
  const info = COMMANDS[batch.command[i]];
  const ttlMs = batch.ttlMs[i];
  switch (batch.op[i]) {
    case OP_READ: return info.op === OP_READ ? info.name : 'GET';
    case OP_WRITE:
      if (ttlMs === TTL_KEEP) return info.op === OP_WRITE && info.ttl === TTL_BY_KEEP ? info.name : 'APPEND';
      return info.op === OP_WRITE && info.ttl !== TTL_BY_KEEP && !info.readsFirst && info.name !== 'SETNX' ? info.name : 'SET';
    case OP_DELETE: return 'DEL';
    case OP_EXPIRE: return ttlMs > 0 ? 'PEXPIRE' : 'PERSIST';
    default: return 'FLUSHDB';
  }
}
