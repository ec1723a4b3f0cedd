import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, encodeUtf8 } from './utf8';

describe('utf8', () => {
  it('encodes and decodes exactly as the platform TextEncoder and TextDecoder do for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        const bytes = encodeUtf8(text);
        expect(bytes).toEqual(new TextEncoder().encode(text));
        expect(decodeUtf8(bytes, 0, bytes.length)).toBe(text);
      }),
    );
  });

  it('turns malformed bytes into replacement characters instead of failing', () => {
    const bytes = Uint8Array.from([0x61, 0xff, 0x62, 0xe2, 0x82, 0x63, 0xc0, 0xaf]);
    const text = decodeUtf8(bytes, 0, bytes.length);
    expect(text.startsWith('a\ufffdb\ufffd')).toBe(true);
    expect(text).toContain('c');
    expect(text).not.toContain('/');
  });

  it('replaces a lone surrogate when encoding', () => {
    expect(encodeUtf8('a\ud800b')).toEqual(Uint8Array.from([0x61, 0xef, 0xbf, 0xbd, 0x62]));
  });
});
