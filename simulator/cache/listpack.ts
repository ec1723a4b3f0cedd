/**
 * Listpack sizes (listpack.c): the small encoding of hashes, sets (7.2+), lists and sorted sets,
 * and of the rate limiters' counters.
 */
import { jemallocSizeBytes } from './memory';

/** Bytes of one listpack integer entry (encoding + payload + backlen). */
export function listpackIntBytes(value: number): number {
  if (value >= 0 && value <= 127) return 2;
  if (value >= -4096 && value <= 4095) return 3;
  if (value >= -32768 && value <= 32767) return 4;
  if (value >= -8388608 && value <= 8388607) return 5;
  if (value >= -2147483648 && value <= 2147483647) return 6;
  return 10;
}

/** Bytes of one listpack string entry of `length` bytes (not an integer). */
export function listpackStringBytes(length: number): number {
  const encoded = (length <= 63 ? 1 : length <= 4095 ? 2 : 5) + length;
  return encoded + (encoded <= 127 ? 1 : encoded < 16383 ? 2 : 3);
}

/** A listpack's header (total bytes, element count) and end byte. */
export const LISTPACK_OVERHEAD_BYTES = 7;

/** A listpack's allocation: 6-byte header, entries, end byte, rounded to a jemalloc class. */
export function listpackAllocBytes(entryBytes: number, quantumBytes = 16): number {
  return jemallocSizeBytes(LISTPACK_OVERHEAD_BYTES + entryBytes, quantumBytes);
}
