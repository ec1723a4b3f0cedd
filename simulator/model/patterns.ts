/**
 * Key and channel patterns: `products:{id}` has a placeholder `id` that takes the key's index;
 * `room:{{roomId}}` renders a Redis hash tag, `room:{42}`, so that only the tag is hashed.
 */

const TOKEN = /\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Why a pattern is malformed (an unclosed `{`, an empty `{}`), or undefined when it is fine. */
export function placeholderError(pattern: string): string | undefined {
  const stripped = pattern.replace(TOKEN, '');
  const open = stripped.indexOf('{');
  const close = stripped.indexOf('}');
  if (open >= 0) return `pattern "${pattern}" has an unclosed or empty "{" at column ${columnOf(pattern, stripped, open) + 1}; write {name} for a placeholder, {{name}} for a hash tag`;
  if (close >= 0) return `pattern "${pattern}" has a "}" without its "{"; write {name} for a placeholder`;
  return undefined;
}

function columnOf(pattern: string, stripped: string, indexInStripped: number): number {
  // The offending brace is the n-th unmatched brace; find the same character in the original.
  const brace = stripped[indexInStripped];
  let seen = 0;
  for (let i = 0; i < stripped.length && i <= indexInStripped; i++) if (stripped[i] === brace) seen++;
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === brace && pattern.slice(i).replace(TOKEN, '') === pattern.slice(i)) {
      if (--seen === 0) return i;
    }
  }
  return pattern.indexOf(brace);
}

/** The names of a pattern's placeholders, in order. */
export function placeholders(pattern: string): string[] {
  return [...pattern.matchAll(TOKEN)].map((m) => m[1] ?? m[2]);
}

/** Renders the key of index `index`: every placeholder takes the index; `{{x}}` keeps its braces. */
export function renderKey(pattern: string, index: number): string {
  const value = String(index);
  return pattern.replace(TOKEN, (_m, tag: string | undefined) => (tag ? `{${value}}` : value));
}

/** The fixed characters of a pattern and the number of placeholders, for key-length arithmetic. */
export function patternShape(pattern: string): { fixedBytes: number; placeholderCount: number } {
  let fixed = pattern;
  let placeholderCount = 0;
  fixed = fixed.replace(TOKEN, (_m, tag: string | undefined) => {
    placeholderCount++;
    return tag ? '{}' : '';
  });
  return { fixedBytes: utf8Length(fixed), placeholderCount };
}

/** A RegExp matching every rendered key of a pattern (placeholders match one or more non-`:` chars). */
export function patternToRegExp(pattern: string): RegExp {
  let source = '';
  let last = 0;
  for (const match of pattern.matchAll(TOKEN)) {
    source += escapeRegExp(pattern.slice(last, match.index));
    source += match[1] ? '\\{[^}]+\\}' : '[^:{}]+';
    last = (match.index ?? 0) + match[0].length;
  }
  source += escapeRegExp(pattern.slice(last));
  return new RegExp(`^${source}$`, 's');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Byte length of a string in UTF-8, without TextEncoder (the simulator has no DOM types). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) { bytes += 4; i++; } else bytes += 3;
  }
  return bytes;
}
