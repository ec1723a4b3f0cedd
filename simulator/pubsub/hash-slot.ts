/**
 * HASH_SLOT(key) exactly as Redis Cluster computes it (cluster.c keyHashSlot): CRC16 of the key's
 * UTF-8 bytes mod 16384, or of the hash tag alone when the key has a `{`, a later `}` and at
 * least one byte between them. Only the first `{` counts, so `foo{}{bar}` hashes the whole key.
 */
import { crc16 } from './crc16';
import { encodeUtf8Into } from '../trace';

/** Slots in a Redis Cluster. */
export const CLUSTER_SLOTS = 16384;

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

let scratch = new Uint8Array(256);

/** The slot of a key given as bytes. */
export function keyHashSlotBytes(key: Uint8Array, length = key.length): number {
  let open = 0;
  while (open < length && key[open] !== OPEN_BRACE) open++;
  if (open === length) return crc16(key, 0, length) & 0x3fff;
  let close = open + 1;
  while (close < length && key[close] !== CLOSE_BRACE) close++;
  if (close === length || close === open + 1) return crc16(key, 0, length) & 0x3fff;
  return crc16(key, open + 1, close) & 0x3fff;
}

/** The slot of a key given as text (hashed as UTF-8, as redis-cli sends it). */
export function keyHashSlot(key: string): number {
  if (scratch.length < key.length * 3) scratch = new Uint8Array(key.length * 3);
  return keyHashSlotBytes(scratch, encodeUtf8Into(key, scratch));
}

