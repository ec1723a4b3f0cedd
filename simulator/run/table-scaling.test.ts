import { describe, expect, it } from 'vitest';
import { keysFitting, scaledKeyRoom } from './table-scaling';

const KEY_BYTES = 150;

describe('the room of a sampled mini-cache with its hash tables', () => {
  it('holds R × the keys of the full cache, where scaling the memory by R does not', () => {
    // 1.2 MB of room: ~7 600 keys in 8 192-bucket tables; at R = 0.4 ~3 000 keys in 4 096-bucket ones.
    const room = 1_250_000;
    const full = keysFitting(room, KEY_BYTES, 1);
    expect(full.tableBytes).toBe(2 * 8192 * 8);
    const naive = keysFitting(0.4 * room, KEY_BYTES, 1).keys / full.keys;
    const scaled = keysFitting(scaledKeyRoom(room, 0.4, KEY_BYTES, 1), KEY_BYTES, 1).keys / full.keys;
    expect(Math.abs(naive - 0.4)).toBeGreaterThan(0.005);
    expect(scaled).toBeCloseTo(0.4, 3);
  });

  it('is the room itself when every key is sampled', () => {
    for (const room of [10_000, 1_250_000, 9_999_999]) expect(scaledKeyRoom(room, 1, KEY_BYTES, 0.5)).toBe(room);
  });

  it('keeps a full table at 1.618 keys a bucket when growing it would pass maxmemory', () => {
    // At 4 096 keys 60 000 bytes are left, less than a table of 8 192 buckets (65 536): no growth.
    const room = 4096 * KEY_BYTES + 4096 * 8 + 60_000;
    const { keys, tableBytes } = keysFitting(room, KEY_BYTES, 0);
    expect(tableBytes).toBe(4096 * 8);
    expect(keys).toBe(Math.floor((room - 4096 * 8) / KEY_BYTES)); // 4 496, 1.1 keys a bucket
  });
});
