/**
 * `keyspace import --from env|conf <file> [--into design.yaml] [--env name]` — reads TTLs (from a
 * .env) or server settings (from a redis.conf) back into a design. Without --into it prints the
 * YAML fragment; with --into it merges the values into the design file, keeping its comments, and
 * validates the result before writing. Ambiguous values are skipped and listed.
 */
import { writeFileSync } from 'node:fs';
import { readInputText } from '../input';
import { stringify } from 'yaml';
import type { ImportResult } from '../../export';
import { importConf, importEnv, mergeIntoDesignText } from '../../export';
import type { Design } from '../../model';
import { formatDesignError, loadDesign } from '../../model';
import { flag, parseArgs, UsageError } from './args';
import { InputError, readDesignFile, readDesignText } from './design-file';
import type { Io } from './main';

export async function importCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { from: { value: true }, into: { value: true }, env: { value: true } });
  const from = flag(args, 'from');
  if (from !== 'env' && from !== 'conf') throw new UsageError('--from env or --from conf: which kind of file to read');
  const [file, ...extra] = args.positionals;
  if (!file) throw new UsageError(`name the file to read: keyspace import --from ${from} export/${from === 'env' ? '.env' : 'redis.conf'}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const text = readInputText(file, 'import');
  const into = flag(args, 'into');
  const design: Design | undefined = into ? readDesignFile(into) : undefined;
  const options = { ...(design ? { design } : {}), ...(flag(args, 'env') ? { environment: flag(args, 'env') } : {}) };
  const result: ImportResult = from === 'env' ? importEnv(text, options) : importConf(text, options);
  for (const note of result.notes) io.err(`note: ${note}`);
  for (const ambiguity of result.ambiguities) io.err(`skipped (ambiguous): ${ambiguity}`);
  if (Object.keys(result.fragment).length === 0) {
    io.err(`${file}: nothing could be imported unambiguously`);
    return 1;
  }
  if (!into || !design) {
    io.out(stringify(result.fragment, { lineWidth: 0 }).trimEnd());
    return 0;
  }
  const merged = mergeIntoDesignText(readDesignText(into), result.fragment, design);
  if (merged.changed.length === 0) {
    io.out(`${into} already matches ${file}`);
    return 0;
  }
  const checked = loadDesign(merged.text);
  if (!checked.ok) throw new InputError(checked.errors.map((error) => formatDesignError(`${into} (after import)`, error)));
  writeFileSync(into, merged.text);
  io.out(`updated ${into}:`);
  for (const change of merged.changed) io.out(`  ${change.path}: ${change.before === undefined ? '(unset)' : String(change.before)} → ${String(change.after)}`);
  return 0;
}
