/**
 * Reads a design file for the CLI: size check before reading, `--set` overrides, validation.
 * Every failure becomes one line per problem: `file:line:column field.path: cause`.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Design } from '../../model';
import { applyOverrides, formatDesignError, loadDesign, MAX_DESIGN_BYTES, parseOverride } from '../../model';
import type { Override } from '../../model';

export class InputError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

export function readDesignFile(file: string, setFlags: ReadonlyArray<string> = []): Design {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    throw new InputError([`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the path`]);
  }
  if (size > MAX_DESIGN_BYTES) {
    throw new InputError([`${file}:1:1 file is ${(size / 1024 / 1024).toFixed(1)} MB; a design is at most ${MAX_DESIGN_BYTES / 1024 / 1024} MB — is this a trace? (use --trace)`]);
  }
  let text = readFileSync(file, 'utf8');
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
