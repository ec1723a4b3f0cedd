/**
 * Names for generated code and variables: a design name such as `room-members` becomes
 * `ROOM_MEMBERS` (env), `roomMembers` (TypeScript), `room_members` (Python). Names that collide
 * after conversion get a numeric suffix, in design order, so output stays deterministic.
 */

/** The words of a name: split at non-alphanumerics and at lower→upper case changes. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/** `room-members` → `ROOM_MEMBERS`. */
export function constName(name: string): string {
  return words(name).join('_').toUpperCase() || 'X';
}

/** `room-members` → `roomMembers` (a TypeScript identifier, never a reserved word). */
export function camelName(name: string): string {
  const parts = words(name);
  const text = parts.map((word, i) => (i === 0 ? word : capitalise(word))).join('') || 'x';
  return safeIdentifier(/^\d/.test(text) ? `n${text}` : text);
}

/** `room-members` → `RoomMembers`. */
export function pascalName(name: string): string {
  const text = words(name).map(capitalise).join('') || 'X';
  return /^\d/.test(text) ? `N${text}` : text;
}

/** `roomId` → `room_id` (a Python identifier, never a keyword). */
export function snakeName(name: string): string {
  const text = words(name).join('_') || 'x';
  return safeIdentifier(/^\d/.test(text) ? `n_${text}` : text);
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

// Reserved in TypeScript (strict mode) or Python 3, plus names the generated modules use.
const RESERVED = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else',
  'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof',
  'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void',
  'while', 'with', 'implements', 'interface', 'let', 'package', 'private', 'protected', 'public',
  'static', 'yield', 'await', 'async', 'arguments', 'eval', 'undefined', 'type', 'of',
  'and', 'as', 'assert', 'def', 'del', 'elif', 'except', 'from', 'global', 'is', 'lambda', 'none',
  'nonlocal', 'not', 'or', 'pass', 'raise', 'match', 'None', 'True', 'False',
  'client', 'value', 'load', 'options', 'redis', 'r', 'random', 'json', 'time', 'typing',
]);

/** Appends `_` to a reserved word. */
export function safeIdentifier(name: string): string {
  return RESERVED.has(name) ? `${name}_` : name;
}

/** Maps names through `convert`, suffixing `_2`, `_3`… to later names that collide. */
export function uniqueNames(names: ReadonlyArray<string>, convert: (name: string) => string): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const base = convert(name);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}_${count}`;
  });
}

/** A string literal for TypeScript or Python source (JSON escaping is valid in both). */
export function quote(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** One line of text safe for any comment style: no control characters, no comment terminators. */
export function commentSafe(text: string): string {
  return withoutControls(text).replace(/\*\//g, '* /').replace(/--/g, '- -').trim();
}

/** Control characters (and the JS line separators) as single spaces. */
export function withoutControls(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    out += code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 ? ' ' : c;
  }
  return out.replace(/ {2,}/g, ' ');
}
