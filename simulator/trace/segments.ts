/**
 * Key segments: a key split at its separators (`user:8812:profile` → user, 8812, profile), and
 * each segment classified as a literal word or an identifier (number, UUID, hex, random token).
 * Namespace inference turns identifiers into placeholders; the anonymizer hashes them.
 */

export type SegmentKind = 'word' | 'number' | 'uuid' | 'hex' | 'token' | 'text';

/** Characters that separate segments. `{…}` (a hash tag) stays inside its segment. */
export const SEPARATORS = ':/|#';

const NUMBER = /^-?\d+$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const HEX = /^(0x)?[0-9a-fA-F]{8,}$/;
const WORD = /^[A-Za-z][A-Za-z_-]{0,39}$/;
const TOKEN_CHARS = /^[A-Za-z0-9_\-+=.~]+$/;

/**
 * What a segment is: a `word` (letters, `_`, `-`: a namespace name), a `number`, a `uuid`, `hex`
 * (8+ hex digits with a digit among them), a `token` (letters mixed with digits, such as
 * `eeW511W3dcH3` or `page12`), or other `text` (an e-mail, a name with spaces).
 */
export function classifySegment(segment: string): SegmentKind {
  if (segment.length === 0) return 'text';
  if (NUMBER.test(segment)) return 'number';
  if (WORD.test(segment)) return 'word';
  if (segment.length === 36 && UUID.test(segment)) return 'uuid';
  if (HEX.test(segment) && /\d/.test(segment)) return 'hex';
  if (TOKEN_CHARS.test(segment) && /\d/.test(segment) && /[A-Za-z]/.test(segment)) return 'token';
  return 'text';
}

/** Whether a segment kind is an identifier (becomes a placeholder, is hashed when anonymizing). */
export function isIdentifier(kind: SegmentKind): boolean {
  return kind !== 'word';
}

/** Splits a key into segments and the separators between them: segments.length = separators.length + 1. */
export function splitKey(key: string): { segments: string[]; separators: string[] } {
  const segments: string[] = [];
  const separators: string[] = [];
  let current = '';
  let depth = 0;
  for (const ch of key) {
    if (ch === '{') depth++;
    else if (ch === '}' && depth > 0) depth--;
    if (depth === 0 && SEPARATORS.includes(ch)) {
      segments.push(current);
      separators.push(ch);
      current = '';
    } else {
      current += ch;
    }
  }
  segments.push(current);
  return { segments, separators };
}

/** `{42}` → `42` when the whole segment is a Redis hash tag, else null. */
export function hashTagContent(segment: string): string | null {
  return segment.length > 2 && segment.startsWith('{') && segment.endsWith('}') && !segment.slice(1, -1).includes('{') && !segment.slice(1, -1).includes('}')
    ? segment.slice(1, -1)
    : null;
}
