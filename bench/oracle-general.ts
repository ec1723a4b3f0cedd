/**
 * Converts a plain key trace (`key` or `key,valueBytes` per line) to libCacheSim's oracleGeneral
 * binary format — 24 bytes a request: uint32 time (s), uint64 object id, uint32 size, int64 the
 * index of the object's next request (−1: none) — for the side-by-side bench against `cachesim`.
 * Object ids are the keys' interned ids + 1; sizes are 1 (the cache is sized in objects), times
 * one request per `1/rate` s as `keyspace run --trace` replays them.
 * Usage: node bin/run-ts.mjs bench/oracle-general.ts <keys.txt> <out.oracleGeneral.bin> [rate/s]
 */
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { KeyInterner, KeyLineReader } from '../simulator/trace';

export function toOracleGeneral(input: string, output: string, ratePerSec = 2000): { requests: number; objects: number } {
  const interner = new KeyInterner();
  const reader = new KeyLineReader(interner);
  let ids = new Int32Array(1 << 20);
  let count = 0;
  const append = (n: number) => {
    if (count + n > ids.length) {
      const next = new Int32Array(Math.max(count + n, ids.length * 2));
      next.set(ids.subarray(0, count));
      ids = next;
    }
    ids.set(reader.ids.subarray(0, n), count);
    count += n;
  };
  const fd = openSync(input, 'r');
  const chunk = Buffer.allocUnsafe(4 << 20);
  for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) append(reader.parse(chunk.subarray(0, read)));
  append(reader.end());
  closeSync(fd);
  // Next access, by one backward pass.
  const next = new Float64Array(count);
  const seenAt = new Float64Array(interner.size).fill(-1);
  for (let i = count - 1; i >= 0; i--) {
    next[i] = seenAt[ids[i]];
    seenAt[ids[i]] = i;
  }
  const out = openSync(output, 'w');
  const batch = 1 << 16;
  const record = Buffer.alloc(24 * batch);
  for (let start = 0; start < count; start += batch) {
    const end = Math.min(count, start + batch);
    for (let i = start; i < end; i++) {
      const at = 24 * (i - start);
      record.writeUInt32LE(Math.floor(i / ratePerSec), at);
      record.writeBigUInt64LE(BigInt(ids[i] + 1), at + 4);
      record.writeUInt32LE(1, at + 12);
      record.writeBigInt64LE(BigInt(next[i]), at + 16);
    }
    writeSync(out, record, 0, 24 * (end - start));
  }
  closeSync(out);
  return { requests: count, objects: interner.size };
}

if (process.argv[1]?.endsWith('oracle-general.ts')) {
  const [input, output, rate = '2000'] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: oracle-general.ts <keys.txt> <out.oracleGeneral.bin> [rate/s]');
    process.exit(2);
  }
  console.log(JSON.stringify(toOracleGeneral(input, output, Number(rate))));
}
