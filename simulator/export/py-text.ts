/** Small helpers for writing Python source: parameter names, docstring text, float literals. */
import { commentSafe, snakeName, uniqueNames } from './names';

/** Python parameter names of a pattern's placeholders (snake_case, never a keyword). */
export function pyParams(params: ReadonlyArray<string>): Map<string, string> {
  const names = uniqueNames(params, snakeName);
  return new Map(params.map((p, i) => [p, names[i]]));
}

/** Text inside a Python docstring or comment: one line, no quotes that could end it. */
export function pyDoc(text: string): string {
  return commentSafe(text).replace(/\\/g, '\\\\').replace(/"/g, "'");
}

/** A float literal: 0.1, 2.0. */
export function pyNumber(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}
