import { describe, expect, it } from 'vitest';
import { BYTES_WORD, ID_WORD, NO_SLOT, SLOT_F64S, SLOT_WORDS, SlotStore } from './slot-store';

describe('slot-store', () => {
  it('keeps every record intact when it grows past its initial capacity', () => {
    const slots = new SlotStore(20_000);
    for (let id = 0; id < 20_000; id += 2) {
      const slot = slots.allocate(id);
      slots.words[slot * SLOT_WORDS + BYTES_WORD] = id + 7;
      slots.doubles[slot * SLOT_F64S] = id * 1.5;
    }
    for (let id = 0; id < 20_000; id++) {
      const slot = slots.slotOf(id);
      if (id % 2 === 1) {
        expect(slot).toBe(NO_SLOT);
        continue;
      }
      expect(slots.words[slot * SLOT_WORDS + ID_WORD]).toBe(id);
      expect(slots.words[slot * SLOT_WORDS + BYTES_WORD]).toBe(id + 7);
      expect(slots.doubles[slot * SLOT_F64S]).toBe(id * 1.5);
    }
  });

  it('reuses the most recently freed slot first, keeping live records dense', () => {
    const slots = new SlotStore(100);
    const [a, b] = [slots.allocate(10), slots.allocate(20)];
    slots.free(a);
    slots.free(b);
    expect(slots.slotOf(10)).toBe(NO_SLOT);
    expect(slots.allocate(30)).toBe(b);
    expect(slots.allocate(40)).toBe(a);
    expect(slots.allocate(50)).toBe(2);
    expect(slots.doubles[slots.slotOf(30) * SLOT_F64S]).toBe(Infinity);
  });

  it('treats a key table entry left behind by a freed slot as absent, also once the slot is reused', () => {
    const slots = new SlotStore(100);
    const a = slots.allocate(10);
    slots.free(a);
    // free leaves the table entry stale on purpose; slotOf checks the record's id.
    expect(slots.keys[10]).toBe(a);
    expect(slots.slotOf(10)).toBe(NO_SLOT);
    expect(slots.allocate(20)).toBe(a);
    expect(slots.slotOf(10)).toBe(NO_SLOT);
    expect(slots.slotOf(20)).toBe(a);
    // The key comes back in another slot: the table follows it.
    const b = slots.allocate(10);
    expect(b).not.toBe(a);
    expect(slots.slotOf(10)).toBe(b);
    slots.free(a);
    expect(slots.slotOf(20)).toBe(NO_SLOT);
    expect(slots.slotOf(10)).toBe(b);
  });
});
