import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyInterner } from './key-interner';

describe('KeyInterner', () => {
  it('gives dense ids in first-seen order and the same id for the same bytes', () => {
    const interner = new KeyInterner();
    expect(interner.internString('user:1')).toBe(0);
    expect(interner.internString('user:2')).toBe(1);
    expect(interner.internString('user:1')).toBe(0);
    const bytes = new TextEncoder().encode('xxuser:2yy');
    expect(interner.intern(bytes, 2, 8)).toBe(1);
    expect(interner.size).toBe(2);
  });

  it('agrees with a Map of strings for any keys, through table and arena growth', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { maxLength: 3000 }), (keys) => {
        const interner = new KeyInterner();
        const reference = new Map<string, number>();
        for (const key of keys) {
          if (!reference.has(key)) reference.set(key, reference.size);
          expect(interner.internString(key)).toBe(reference.get(key));
        }
        expect(interner.size).toBe(reference.size);
        for (const [key, id] of reference) {
          expect(interner.keyOf(id)).toBe(key);
          expect(interner.keyBytes(id)).toBe(new TextEncoder().encode(key).length);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('keeps 200 000 distinct keys apart', () => {
    const interner = new KeyInterner();
    for (let i = 0; i < 200_000; i++) interner.internString(`session:${i}`);
    let wrong = 0;
    for (let i = 0; i < 200_000; i++) if (interner.internString(`session:${i}`) !== i) wrong++;
    expect(wrong).toBe(0);
    expect(interner.size).toBe(200_000);
    expect(interner.keyOf(123_456)).toBe('session:123456');
    expect(interner.totalKeyBytes).toBeGreaterThan(200_000 * 9);
  });

  it('hands out key bytes without decoding them', () => {
    const interner = new KeyInterner();
    const id = interner.internString('ключ');
    expect(Array.from(interner.bytesOf(id))).toEqual(Array.from(new TextEncoder().encode('ключ')));
    expect(interner.keyBytes(id)).toBe(8);
  });

  it('rejects ids it never gave out', () => {
    const interner = new KeyInterner();
    interner.internString('a');
    expect(() => interner.keyOf(1)).toThrow(/key id 1 is not interned; ids run from 0 to 0/);
  });
});
