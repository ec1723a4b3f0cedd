/**
 * UTF-8 without TextDecoder/TextEncoder, which the pure simulator's ES2022 library does not
 * declare. Only used off the hot path: to show a key, or to intern a key given as text.
 */

const REPLACEMENT = 0xfffd;

/** Decodes bytes[start, end) as UTF-8; each malformed sequence becomes one U+FFFD. */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  const units: number[] = [];
  let i = start;
  while (i < end) {
    const b0 = bytes[i];
    if (b0 < 0x80) {
      units.push(b0);
      i++;
      continue;
    }
    // Continuation bytes needed, and the smallest code point that may use this many (no overlongs).
    const need = b0 >= 0xc2 && b0 <= 0xdf ? 1 : b0 >= 0xe0 && b0 <= 0xef ? 2 : b0 >= 0xf0 && b0 <= 0xf4 ? 3 : 0;
    if (need === 0) {
      units.push(REPLACEMENT);
      i++;
      continue;
    }
    const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
    let code = b0 & (0x7f >> need);
    let j = 1;
    for (; j <= need && i + j < end && (bytes[i + j] & 0xc0) === 0x80; j++) code = (code << 6) | (bytes[i + j] & 0x3f);
    if (j <= need || code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      units.push(REPLACEMENT);
      i += Math.max(1, j);
      continue;
    }
    if (code >= 0x10000) {
      code -= 0x10000;
      units.push(0xd800 + (code >> 10), 0xdc00 + (code & 0x3ff));
    } else {
      units.push(code);
    }
    i += need + 1;
  }
  let text = '';
  // fromCharCode takes arguments; chunks keep very long keys under the engine's argument limit.
  for (let k = 0; k < units.length; k += 8192) text += String.fromCharCode(...units.slice(k, k + 8192));
  return text;
}

/** Encodes text as UTF-8 (lone surrogates become U+FFFD, as TextEncoder does). */
export function encodeUtf8(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 3);
  return out.slice(0, encodeUtf8Into(text, out));
}

/**
 * Encodes text as UTF-8 into `target` (at least 3 bytes per UTF-16 unit) and returns the length:
 * no allocation, for hot paths such as HASH_SLOT of channel names.
 */
export function encodeUtf8Into(text: string, target: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code >= 0xd800 && code <= 0xdfff) code = REPLACEMENT;
    if (code < 0x80) target[n++] = code;
    else if (code < 0x800) {
      target[n++] = 0xc0 | (code >> 6);
      target[n++] = 0x80 | (code & 0x3f);
    } else if (code < 0x10000) {
      target[n++] = 0xe0 | (code >> 12);
      target[n++] = 0x80 | ((code >> 6) & 0x3f);
      target[n++] = 0x80 | (code & 0x3f);
    } else {
      target[n++] = 0xf0 | (code >> 18);
      target[n++] = 0x80 | ((code >> 12) & 0x3f);
      target[n++] = 0x80 | ((code >> 6) & 0x3f);
      target[n++] = 0x80 | (code & 0x3f);
    }
  }
  return n;
}
