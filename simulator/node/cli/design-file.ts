/**
 * Reads a design file for the CLI: kind and size checked before reading, `--set` overrides,
 * validation. Every failure becomes one line per problem: `file:line:column field.path: cause`.
 */
import type { Design } from '../../model';
import { applyOverrides, formatDesignError, loadDesign, parseOverride } from '../../model';
import type { Override } from '../../model';
import { InputFileError, readInputText } from '../input';

export class InputError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

/** The text of a design file, or an InputError naming why it cannot be one. */
export function readDesignText(file: string): string {
  try {
    return readInputText(file, 'design');
  } catch (error) {
    if (error instanceof InputFileError) throw new InputError([error.message]);
    throw error;
  }
}

export function readDesignFile(file: string, setFlags: ReadonlyArray<string> = []): Design {
  let text = readDesignText(file);
  const overrides: Override[] = [];
  for (const entry of setFlags) {
    const parsed = parseOverride(entry);
    if (typeof parsed === 'string') throw new InputError([parsed]);
    overrides.push(parsed);
  }
  const applied = applyOverrides(text, overrides);
  if (!applied.ok) throw new InputError([applied.error]);
  text = applied.text;
  const result = loadDesign(text);
  if (!result.ok) {
    const label = overrides.length > 0 ? `${file} (with --set)` : file;
    throw new InputError(result.errors.map((error) => formatDesignError(label, error)));
  }
  return result.design;
}
