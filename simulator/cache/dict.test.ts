import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyDict } from './dict';
import { ID_WORD, MAIN_NEXT_WORD, NO_SLOT, SLOT_WORDS, SlotStore } from './slot-store';
import { Mulberry32 } from './testing-rng';

const CAPACITY = 512;

/** A dict over a slot store, with a helper that adds or removes key ids. */
function makeDict() {
  const slots = new SlotStore(CAPACITY);
  const dict = new KeyDict(slots, MAIN_NEXT_WORD, 12345);
  const add = (id: number) => dict.add(slots.allocate(id), Infinity);
  const remove = (id: number) => {
    const slot = slots.slotOf(id);
    dict.remove(slot);
    slots.free(slot);
  };
  const members = () => {
    const found: number[] = [];
    for (let bucket = 0; bucket < dict.tableSize; bucket++) {
      for (let slot = dict.bucketHead(bucket); slot !== NO_SLOT; slot = dict.nextInChain(slot)) found.push(slot);
    }
    return found.sort((a, b) => a - b);
  };
  return { slots, dict, add, remove, members };
}

const operations = fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: CAPACITY - 1 })), { maxLength: 400 });

describe('dict', () => {
  it('holds exactly the keys added and not removed, through growth and cron shrinks', () => {
    fc.assert(fc.property(operations, (ops) => {
      const { slots, dict, add, remove, members } = makeDict();
      const expected = new Set<number>();
      ops.forEach(([isAdd, id], step) => {
        if (isAdd && !expected.has(id)) {
          add(id);
          expected.add(id);
        } else if (!isAdd && expected.has(id)) {
          remove(id);
          expected.delete(id);
        }
        if (step % 50 === 0) dict.shrinkIfSparse();
      });
      expect(dict.count).toBe(expected.size);
      expect(members()).toEqual([...expected].map((id) => slots.slotOf(id)).sort((a, b) => a - b));
    }));
  });

  it('grows its table to the next power of two once it holds as many keys as buckets', () => {
    const { dict, add } = makeDict();
    add(0);
    expect(dict.tableSize).toBe(4);
    for (let id = 1; id <= 4; id++) add(id);
    expect(dict.tableSize).toBe(8);
  });

  it('returns at most count members from getSomeKeys', () => {
    fc.assert(fc.property(
      fc.uniqueArray(fc.integer({ min: 0, max: CAPACITY - 1 }), { maxLength: 300 }),
      fc.integer({ min: 1, max: 20 }),
      fc.integer(),
      (ids, count, seed) => {
        const { slots, dict, add } = makeDict();
        ids.forEach(add);
        const out = new Int32Array(count);
        const got = dict.getSomeKeys(count, out, new Mulberry32(seed));
        expect(got).toBeLessThanOrEqual(Math.min(count, ids.length));
        // Like dictGetSomeKeys, a jump after empty buckets may revisit a key: no distinctness.
        const sampled = [...out.slice(0, got)];
        const memberSlots = new Set(ids.map((id) => slots.slotOf(id)));
        for (const slot of sampled) expect(memberSlots.has(slot)).toBe(true);
      },
    ));
  });

  it('samples exactly as dict.c walks, one bucket at a time: same slots, same order, same random draws', () => {
    /** dictGetSomeKeys transcribed (over the dict's public bucket walk): the reference. */
    function reference(dict: KeyDict, count: number, rng: Mulberry32): number[] {
      const out: number[] = [];
      const wanted = Math.min(dict.count, count);
      if (wanted === 0) return out;
      const mask = dict.tableSize - 1;
      let maxSteps = wanted * 10;
      let emptyRun = 0;
      let bucket = rng.nextU32() & mask;
      while (out.length < wanted && maxSteps-- > 0) {
        let slot = dict.bucketHead(bucket);
        if (slot === NO_SLOT) {
          emptyRun++;
          if (emptyRun >= 5 && emptyRun > wanted) {
            bucket = rng.nextU32() & mask;
            emptyRun = 0;
          }
        } else {
          emptyRun = 0;
          while (slot !== NO_SLOT) {
            out.push(slot);
            if (out.length === wanted) return out;
            slot = dict.nextInChain(slot);
          }
        }
        bucket = (bucket + 1) & mask;
      }
      return out;
    }
    fc.assert(fc.property(
      // Keys to add, how many of them to remove again (sparse tables make the walk jump), and
      // whether the table may grow (a full maxmemory keeps chains long).
      fc.uniqueArray(fc.integer({ min: 0, max: CAPACITY - 1 }), { minLength: 1, maxLength: CAPACITY }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.boolean(),
      fc.integer({ min: 1, max: 64 }),
      fc.integer(),
      (ids, removedShare, mayGrow, count, seed) => {
        const slots = new SlotStore(CAPACITY);
        const dict = new KeyDict(slots, MAIN_NEXT_WORD, seed);
        for (const id of ids) dict.add(slots.allocate(id), mayGrow || dict.count < 8 ? Infinity : 0);
        for (const id of ids.slice(0, Math.floor(ids.length * removedShare))) {
          const slot = slots.slotOf(id);
          dict.remove(slot);
          slots.free(slot);
        }
        const [rngA, rngB] = [new Mulberry32(seed), new Mulberry32(seed)];
        for (let round = 0; round < 3; round++) {
          const out = new Int32Array(count);
          const got = dict.getSomeKeys(count, out, rngA);
          expect([...out.slice(0, got)]).toEqual(reference(dict, count, rngB));
          expect(rngA.nextU32()).toBe(rngB.nextU32());
        }
      },
    ), { numRuns: 300 });
  });

  it('fills a getSomeKeys request from a dense table', () => {
    const { dict, add } = makeDict();
    for (let id = 0; id < 200; id++) add(id);
    expect(dict.getSomeKeys(5, new Int32Array(5), new Mulberry32(3))).toBe(5);
  });

  it('picks random keys among the members, reaching all of them', () => {
    const { slots, dict, add } = makeDict();
    for (let id = 0; id < 50; id++) add(id * 3);
    const rng = new Mulberry32(9);
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) seen.add(slots.words[dict.randomKey(rng) * SLOT_WORDS + ID_WORD]);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i * 3));
  });

  it('returns no key from an empty dict', () => {
    const { dict } = makeDict();
    expect(dict.randomKey(new Mulberry32(1))).toBe(NO_SLOT);
    expect(dict.getSomeKeys(5, new Int32Array(5), new Mulberry32(1))).toBe(0);
  });
});
