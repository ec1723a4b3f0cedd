/**
 * HASH_SLOT(key) exactly as Redis Cluster computes it (cluster.c keyHashSlot): CRC16 of the key's
 * UTF-8 bytes mod 16384, or of the hash tag alone when the key has a `{`, a later `}` and at
 * least one byte between them. Only the first `{` counts, so `foo{}{bar}` hashes the whole key.
 */
import { crc16 } from './crc16';

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
  const length = encodeUtf8(key);
  return keyHashSlotBytes(scratch, length);
}

/** Encodes into the shared scratch buffer (no TextEncoder: the simulator has no DOM types). */
function encodeUtf8(text: string): number {
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code < 0x80) scratch[n++] = code;
    else if (code < 0x800) {
      scratch[n++] = 0xc0 | (code >> 6);
      scratch[n++] = 0x80 | (code & 0x3f);
    } else if (code < 0x10000) {
      // A lone surrogate encodes as U+FFFD, as TextEncoder does.
      if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
      scratch[n++] = 0xe0 | (code >> 12);
      scratch[n++] = 0x80 | ((code >> 6) & 0x3f);
      scratch[n++] = 0x80 | (code & 0x3f);
    } else {
      scratch[n++] = 0xf0 | (code >> 18);
      scratch[n++] = 0x80 | ((code >> 12) & 0x3f);
      scratch[n++] = 0x80 | ((code >> 6) & 0x3f);
      scratch[n++] = 0x80 | (code & 0x3f);
    }
  }
  return n;
}
