import { describe, expect, it } from 'vitest';
import { renderKey } from '../../model';
import { digitCount, KeyCodec, writeDecimal } from './keys';

describe('KeyCodec', () => {
  const patterns = ['article:{id}', 'room:{{room}}:msgs', 'a{x}b{y}c', 'plain', 'ключ:{id}'];
  const codec = new KeyCodec('kw:run-1:', patterns);

  it('writes exactly the bytes of the prefix and renderKey, and knows their length beforehand', () => {
    const buffer = Buffer.alloc(128);
    for (let ns = 0; ns < patterns.length; ns++) {
      for (const index of [0, 7, 10, 99, 12345, 2_000_000_000]) {
        const expected = `kw:run-1:${renderKey(patterns[ns], index)}`;
        const end = codec.write(buffer, 3, ns, index);
        expect(buffer.toString('utf8', 3, end)).toBe(expected);
        expect(codec.byteLength(ns, index)).toBe(Buffer.byteLength(expected));
        expect(codec.render(ns, index)).toBe(expected);
      }
    }
  });

  it('gives a SCAN glob that covers the namespace and a matcher that keeps only its keys', () => {
    expect(codec.glob(0)).toBe('kw:run-1:article:*');
    expect(codec.glob(1)).toBe('kw:run-1:room:{*}:msgs');
    const matcher = codec.matcher(0);
    expect(matcher.test('kw:run-1:article:42')).toBe(true);
    expect(matcher.test('kw:run-1:article:42:comments')).toBe(false);
    expect(matcher.test('article:42')).toBe(false);
    expect(codec.matcher(1).test('kw:run-1:room:{5}:msgs')).toBe(true);
  });

  it('escapes glob characters of the prefix and pattern', () => {
    expect(new KeyCodec('p*', ['a?[b]{id}']).glob(0)).toBe('p\\*a\\?\\[b\\]*');
  });
});

describe('writeDecimal', () => {
  it('writes integers in ASCII and returns the end', () => {
    const buffer = Buffer.alloc(16);
    for (const value of [0, 9, 10, 4294967295, 9007199254740991]) {
      const end = writeDecimal(buffer, 0, value);
      expect(buffer.toString('latin1', 0, end)).toBe(String(value));
      expect(end).toBe(digitCount(value));
    }
  });
});
