import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc16 } from './crc16';
import { keyHashSlot, keyHashSlotBytes } from './hash-slot';

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe('CRC16 (XMODEM) and HASH_SLOT', () => {
  it('gives 0x31C3 for "123456789", the XMODEM check value', () => {
    expect(crc16(ascii('123456789'))).toBe(0x31c3);
  });

  it('matches the published slots: foo 12182, bar 5061', () => {
    expect(keyHashSlot('foo')).toBe(12182);
    expect(keyHashSlot('bar')).toBe(5061);
  });

  it('hashes only the tag: {user1000}.following and {user1000}.followers share slot 3443 with user1000', () => {
    expect(keyHashSlot('{user1000}.following')).toBe(3443);
    expect(keyHashSlot('{user1000}.followers')).toBe(3443);
    expect(keyHashSlot('user1000')).toBe(3443);
  });

  it('hashes the whole key when the first {} is empty: foo{}{bar} is 8363', () => {
    expect(keyHashSlot('foo{}{bar}')).toBe(8363);
  });

  it('takes the tag up to the first } after the first {: foo{{bar}}zap hashes "{bar}" to 4015', () => {
    expect(keyHashSlot('foo{{bar}}zap')).toBe(4015);
    expect(keyHashSlot('{bar')).toBe(4015);
  });

  it('hashes text as UTF-8 bytes', () => {
    const bytes = Uint8Array.of(0xc3, 0xa9, 0x74, 0xc3, 0xa9); // "été"
    expect(keyHashSlot('été')).toBe(keyHashSlotBytes(bytes));
  });

  it('puts any key with a non-empty tag in the slot of its tag (property)', () => {
    const noBraces = fc.string({ maxLength: 12 }).filter((s) => !s.includes('{') && !s.includes('}'));
    fc.assert(fc.property(noBraces, noBraces.filter((s) => s.length > 0), fc.string({ maxLength: 12 }), (before, tag, after) => {
      expect(keyHashSlot(`${before}{${tag}}${after}`)).toBe(keyHashSlot(tag));
    }));
  });

  it('always returns a slot from 0 to 16383 (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (key) => {
      const slot = keyHashSlot(key);
      expect(slot).toBeGreaterThanOrEqual(0);
      expect(slot).toBeLessThan(16384);
    }));
  });
});
