/**
 * The maxmemory of a sampled mini-cache when hash tables are counted (policy-curve.ts). A key's own
 * memory scales with the sample rate R, its dict tables do not: Redis' main and expires tables are
 * powers of two (grown when full, or held at 1.618 fill while maxmemory is short), so a cache of
 * R × K keys has a table of nextPow2(R × K) buckets, not R × nextPow2(K). Scaling maxmemory by R
 * alone left the mini-cache up to ±4 % of keys off R × the full cache's (bench/curve-sampled.fidelity.ts:
 * 0.388 × at 2.5 MB, 0.424 × at 5.1 MB) — and the curve's hit ratio off with it. Here the full
 * cache's keys and tables at a maxmemory are worked out by Redis' growth rule, and the mini-cache
 * gets room for R × those keys plus the tables it will itself grow to hold them.
 */
import { BUCKET_BYTES, HASHTABLE_MAX_LOAD_FACTOR, tableSizeBeforeAdd } from '../cache';

/** Keys that fit `roomBytes` (maxmemory less non-key memory) at `keyBytes` each, and their tables' bytes. */
export function keysFitting(roomBytes: number, keyBytes: number, ttlShare: number): { keys: number; tableBytes: number } {
  let keys = 0;
  let ttlKeys = 0;
  let main = 0;
  let expires = 0;
  for (;;) {
    // No table grows before the next key count where one is full (or, once a growth was refused
    // for want of memory — it stays refused as memory fills — where one passes 1.618 keys a
    // bucket): jump there, or to the last key that fits.
    const mainAt = keys < main ? main : keys > main ? Math.floor(main * HASHTABLE_MAX_LOAD_FACTOR) : keys;
    const expiresLimit = ttlKeys < expires ? expires : ttlKeys > expires ? Math.floor(expires * HASHTABLE_MAX_LOAD_FACTOR) : ttlKeys;
    const expiresAt = ttlShare > 0 ? Math.floor(expiresLimit / ttlShare) - 1 : Infinity;
    const byMemory = Math.floor((roomBytes - (main + expires) * BUCKET_BYTES) / keyBytes);
    const jump = Math.min(mainAt, expiresAt, byMemory);
    if (jump > keys) {
      keys = jump;
      ttlKeys = Math.floor(keys * ttlShare);
    }
    // One more key, as dictAdd grows its tables first (refused near maxmemory, tableSizeBeforeAdd).
    const used = keys * keyBytes + (main + expires) * BUCKET_BYTES;
    const grownMain = tableSizeBeforeAdd(keys, main, roomBytes - used);
    const addsTtl = Math.floor((keys + 1) * ttlShare) > ttlKeys;
    const grownExpires = addsTtl ? tableSizeBeforeAdd(ttlKeys, expires, roomBytes - used - (grownMain - main) * BUCKET_BYTES) : expires;
    if ((keys + 1) * keyBytes + (grownMain + grownExpires) * BUCKET_BYTES > roomBytes) return { keys, tableBytes: (main + expires) * BUCKET_BYTES };
    keys++;
    if (addsTtl) ttlKeys++;
    main = grownMain;
    expires = grownExpires;
  }
}

/**
 * Room for keys (maxmemory less non-key memory) of a mini-cache of R of the keys standing for a
 * full cache with `roomBytes`: R of the full cache's room for keys themselves, plus the tables
 * the mini-cache grows to hold R × its keys (a fixed point: the tables depend on the room).
 * Exactly `roomBytes` at R = 1.
 */
export function scaledKeyRoom(roomBytes: number, rate: number, keyBytes: number, ttlShare: number): number {
  if (rate >= 1 || roomBytes <= 0 || !(keyBytes > 0)) return rate * roomBytes;
  const full = keysFitting(roomBytes, keyBytes, ttlShare);
  const keyPart = rate * (roomBytes - full.tableBytes);
  let room = keyPart + rate * full.tableBytes;
  for (let i = 0; i < 4; i++) room = keyPart + keysFitting(room, keyBytes, ttlShare).tableBytes;
  return room;
}
