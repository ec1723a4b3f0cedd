/**
 * Run keys without building strings: a namespace's pattern compiled into byte segments, so the
 * replay writes `prefix + "article:" + 1234` straight into the output buffer. Renders exactly
 * what `renderKey` renders (`{id}` → index, `{{tag}}` → `{index}`), with the run prefix in front.
 */
import { patternToRegExp, renderKey } from '../../model';

const TOKEN = /\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

interface CompiledPattern {
  /** Fixed byte runs around the placeholders: segments.length = placeholders + 1. */
  segments: Buffer[];
  fixedBytes: number;
  placeholders: number;
}

/** Decimal digits of a non-negative integer. */
export function digitCount(value: number): number {
  let digits = 1;
  while (value >= 10) {
    value = Math.floor(value / 10);
    digits++;
  }
  return digits;
}

/**
 * Copies `source` into `target` at `pos`; returns the end. Small copies byte by byte: for keys
 * and command headers that beats Buffer#copy, whose call overhead dominates under ~32 bytes.
 */
export function copyBytes(source: Buffer, target: Buffer, pos: number): number {
  const n = source.length;
  if (n > 32) return pos + source.copy(target, pos);
  for (let i = 0; i < n; i++) target[pos + i] = source[i];
  return pos + n;
}

/** Writes a non-negative integer in ASCII at `pos`; returns the position after it. */
export function writeDecimal(buffer: Buffer, pos: number, value: number): number {
  if (value < 10) {
    buffer[pos] = 48 + value;
    return pos + 1;
  }
  const end = pos + digitCount(value);
  let at = end;
  while (value > 0) {
    const next = Math.floor(value / 10);
    buffer[--at] = 48 + (value - next * 10);
    value = next;
  }
  return end;
}

export class KeyCodec {
  private readonly compiled: CompiledPattern[];
  private readonly cache: Array<Array<string | undefined>>;

  /**
   * @param prefix the run prefix (`kw:<runId>:` on a user's server, empty on a managed one)
   * @param patterns each namespace's key pattern, in plan order
   */
  constructor(readonly prefix: string, readonly patterns: readonly string[]) {
    this.compiled = patterns.map((pattern) => compile(prefix, pattern));
    this.cache = patterns.map(() => []);
  }

  /** Bytes of the key of `index` in namespace `ns`. */
  byteLength(ns: number, index: number): number {
    const c = this.compiled[ns];
    return c.fixedBytes + c.placeholders * digitCount(index);
  }

  /** Writes the key at `pos`; returns the position after it. */
  write(buffer: Buffer, pos: number, ns: number, index: number): number {
    const segments = this.compiled[ns].segments;
    for (let i = 0; i < segments.length; i++) {
      if (i > 0) pos = writeDecimal(buffer, pos, index);
      pos = copyBytes(segments[i], buffer, pos);
    }
    return pos;
  }

  /** The key as a string (for ioredis paths); cached. */
  render(ns: number, index: number): string {
    const cached = this.cache[ns][index];
    if (cached !== undefined) return cached;
    const key = this.prefix + renderKey(this.patterns[ns], index);
    this.cache[ns][index] = key;
    return key;
  }

  /** A SCAN MATCH glob covering every key of namespace `ns` (may match more; filter with `matcher`). */
  glob(ns: number): string {
    const parts = this.patterns[ns].split(TOKEN);
    // split with two capture groups yields [text, g1, g2, text, g1, g2, …, text].
    let glob = escapeGlob(this.prefix);
    for (let i = 0; i < parts.length; i += 3) {
      glob += escapeGlob(parts[i] ?? '');
      if (i + 1 < parts.length) glob += parts[i + 1] !== undefined ? '{*}' : '*';
    }
    return glob;
  }

  /** Matches exactly the keys of namespace `ns` (SCAN MATCH is only a coarse filter). */
  matcher(ns: number): RegExp {
    return new RegExp(`^${escapeRegExp(this.prefix)}${patternToRegExp(this.patterns[ns]).source.slice(1)}`, 's');
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

function compile(prefix: string, pattern: string): CompiledPattern {
  const texts: string[] = [];
  let current = prefix;
  let last = 0;
  for (const match of pattern.matchAll(TOKEN)) {
    current += pattern.slice(last, match.index);
    // {{tag}} renders as {index}: the braces belong to the fixed text around the index.
    if (match[1] !== undefined) current += '{';
    texts.push(current);
    current = match[1] !== undefined ? '}' : '';
    last = (match.index ?? 0) + match[0].length;
  }
  current += pattern.slice(last);
  texts.push(current);
  const segments = texts.map((text) => Buffer.from(text, 'utf8'));
  return { segments, fixedBytes: segments.reduce((sum, s) => sum + s.length, 0), placeholders: texts.length - 1 };
}
