import { describe, expect, it } from 'vitest';
import { SampleHalves } from './trace-stream';
import type { TraceBatch } from './trace-stream';
import { hashKeyBytes, KeyInterner } from '../trace/key-interner';
import { KeyLineReader, spatialHash } from '../trace/key-lines';
import { encodeUtf8 } from '../trace/utf8';

const sampled = (key: string, rate: number) => {
  const bytes = encodeUtf8(key);
  return spatialHash(hashKeyBytes(bytes, 0, bytes.length)) < Math.round(rate * 2 ** 32);
};

describe('spatial sampling of a key trace (SHARDS)', () => {
  it('keeps every request of the sampled keys, with its index in the whole trace, and counts all requests', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `user:${(i * 7919) % 4000}${i % 5 === 0 ? ',64' : ''}`);
    const text = encodeUtf8(`${lines.join('\n')}\n`);
    const interner = new KeyInterner();
    const reader = new KeyLineReader(interner, 0.1);
    const kept: Array<{ key: string; position: number; value: number }> = [];
    // Chunks that split lines anywhere.
    for (let at = 0; at < text.length; at += 777) {
      const count = reader.parse(text.subarray(at, Math.min(text.length, at + 777)));
      for (let i = 0; i < count; i++) kept.push({ key: interner.keyOf(reader.ids[i]), position: reader.positions[i], value: reader.valueBytes[i] });
    }
    expect(reader.end()).toBe(0);
    expect(reader.requests).toBe(20_000);
    const expected = lines.map((line, position) => ({ key: line.split(',')[0], position, value: line.includes(',') ? 64 : -1 })).filter((r) => sampled(r.key, 0.1));
    expect(kept).toEqual(expected);
    // About a tenth of the 4000 keys (binomial σ ≈ 19).
    expect(interner.size).toBeGreaterThan(400 - 80);
    expect(interner.size).toBeLessThan(400 + 80);
  });

  it('splits a sample\'s batches into two halves that partition its requests, each with dense ids in first-seen order', () => {
    const halves = new SampleHalves();
    const batches: TraceBatch[] = [
      { ids: Int32Array.from([0, 1, 0, 2]), valueBytes: null, newGroups: Uint16Array.from([0, 1, 0]), newKeyBytes: Int32Array.from([5, 6, 7]), positions: Float64Array.from([3, 8, 9, 20]), newHalves: Uint8Array.from([0, 1, 1]) },
      { ids: Int32Array.from([3, 2, 1, 3]), valueBytes: Int32Array.from([10, -1, 11, 12]), newGroups: Uint16Array.from([1]), newKeyBytes: Int32Array.from([9]), positions: Float64Array.from([21, 30, 31, 40]), newHalves: Uint8Array.from([0]) },
    ];
    const [a1, b1] = halves.split(batches[0]);
    expect([...a1.ids]).toEqual([0, 0]);
    expect([...a1.positions ?? []]).toEqual([3, 9]);
    expect([...b1.ids]).toEqual([0, 1]);
    expect([...b1.positions ?? []]).toEqual([8, 20]);
    expect([...b1.newGroups]).toEqual([1, 0]);
    expect([...b1.newKeyBytes]).toEqual([6, 7]);
    const [a2, b2] = halves.split(batches[1]);
    expect([...a2.ids]).toEqual([1, 1]);
    expect([...a2.newKeyBytes]).toEqual([9]);
    expect([...a2.valueBytes ?? []]).toEqual([10, 12]);
    expect([...b2.ids]).toEqual([1, 0]);
    expect([...b2.valueBytes ?? []]).toEqual([-1, 11]);
    expect([...b2.positions ?? []]).toEqual([30, 31]);
    expect(b2.newGroups.length).toBe(0);
  });
});
