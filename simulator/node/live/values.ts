/**
 * Cache values for the replay: random bytes of the key's size, deterministic per key, cut from
 * one shared buffer, with the entity version the value was loaded at in its first bytes, so a hit
 * can tell whether it returned a stale value. Layout: 0xFE, then the version (uint32, little
 * endian), then random bytes. The marker keeps values of up to 20 bytes from looking like
 * integers (Redis would store those int-encoded, in less memory than the simulator assumes).
 * Values under 5 bytes keep only the low bytes of the version (stale detection is then modulo).
 */
import { Rng } from '../../traffic';

export const VALUE_MARKER = 0xfe;
/** Marker and version. */
export const VALUE_HEADER_BYTES = 5;

const RANDOM_BYTES = 1 << 20;

export class ValueSource {
  private readonly random: Buffer;

  constructor(seed: number) {
    this.random = Buffer.allocUnsafe(RANDOM_BYTES + 64);
    const rng = new Rng(seed).fork('live-values');
    for (let i = 0; i < this.random.length; i += 4) this.random.writeUInt32LE(rng.nextU32(), i);
  }

  /** Writes the value of key `id` (`size` bytes, carrying `version`) at `pos`; returns the end. */
  write(buffer: Buffer, pos: number, id: number, size: number, version: number): number {
    const end = pos + size;
    // A per-key offset into the random bytes: different keys get different contents.
    let offset = Math.imul(id, 0x9e3779b1) >>> 12; // 0 … 2^20 − 1
    let at = pos;
    const random = this.random;
    if (size <= 32) {
      for (let i = 0; i < size; i++) buffer[at + i] = random[offset + i];
    } else {
      while (at < end) {
        const take = Math.min(end - at, RANDOM_BYTES - offset);
        at += random.copy(buffer, at, offset, offset + take);
        offset = 0;
      }
    }
    buffer[pos] = VALUE_MARKER;
    for (let i = 1; i < VALUE_HEADER_BYTES && i < size; i++) buffer[pos + i] = (version >>> (8 * (i - 1))) & 0xff;
    return end;
  }

  /** The value of key `id` as a Buffer (for ioredis paths). */
  buffer(id: number, size: number, version: number): Buffer {
    const value = Buffer.allocUnsafe(size);
    this.write(value, 0, id, size, version);
    return value;
  }
}

/** The version carried by a value's first bytes (as far as its length holds them). */
export function versionOf(value: Buffer): number {
  let version = 0;
  for (let i = 1; i < VALUE_HEADER_BYTES && i < value.length; i++) version |= value[i] << (8 * (i - 1));
  return version >>> 0;
}

/** The version as a value of `size` bytes keeps it (all of it from 5 bytes on). */
export function storedVersion(version: number, size: number): number {
  const kept = Math.max(0, Math.min(VALUE_HEADER_BYTES, size) - 1);
  return kept >= 4 ? version >>> 0 : (version & ((1 << (8 * kept)) - 1)) >>> 0;
}
