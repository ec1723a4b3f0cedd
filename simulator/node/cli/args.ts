/**
 * The CLI's arguments, parsed by Node's own `util.parseArgs` (strict: an unknown option is an
 * error), with what that parser leaves to us: `--help` on every command, "did you mean" for a
 * mistyped option, a refusal of an option given twice unless it repeats, and one UsageError type
 * whose message main() prints as `keyspace <command>: …` with exit 2.
 */
import { parseArgs as nodeParseArgs } from 'node:util';
import { closest } from '../../model';

export interface FlagSpec {
  /** Takes a value (`--env prod`) rather than being a switch (`--quiet`). */
  value: boolean;
  repeatable?: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string[]>;
}

export class UsageError extends Error {}

/** Thrown by parseArgs for `--help` / `-h`: main() prints the command's help and exits 0. */
export class HelpRequested extends Error {
  constructor(readonly specs: Record<string, FlagSpec>) {
    super('help');
  }
}

function unknownOption(name: string, specs: Record<string, FlagSpec>): UsageError {
  const known = Object.keys(specs);
  const guess = closest(name, known);
  const hint = guess ? `; did you mean --${guess}?` : known.length > 0 ? `; valid: ${known.map((s) => `--${s}`).join(', ')}` : '; this command takes no options';
  return new UsageError(`unknown option --${name}${hint} (--help lists them)`);
}

export function parseArgs(argv: ReadonlyArray<string>, specs: Record<string, FlagSpec>): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(specs)) options[name] = { type: spec.value ? 'string' : 'boolean', multiple: true };
  const end = argv.indexOf('--');
  const before = end < 0 ? argv : argv.slice(0, end);
  if (before.includes('--help') || before.includes('-h')) throw new HelpRequested(specs);
  let tokens;
  try {
    ({ tokens } = nodeParseArgs({ args: [...argv], options, strict: true, allowPositionals: true, tokens: true }));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const text = (error as Error).message;
    const name = /'-?-?([^' ]+)/.exec(text)?.[1]?.replace(/^-+/, '') ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw unknownOption(name, specs);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const spec = specs[name];
      if (/ambiguous/.test(text)) throw new UsageError(`--${name} takes a value; write --${name}=<value> when the value starts with "-"`);
      throw new UsageError(spec?.value ? `--${name} needs a value` : `--${name} is a switch and takes no value`);
    }
    throw new UsageError(text.split('\n')[0]);
  }
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const spec = specs[token.name];
    const list = flags.get(token.name) ?? [];
    if (list.length > 0 && !spec.repeatable) throw new UsageError(`--${token.name} is given twice`);
    list.push(spec.value ? token.value ?? '' : 'true');
    flags.set(token.name, list);
  }
  return { positionals, flags };
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  return args.flags.get(name)?.[0];
}

export function flags(args: ParsedArgs, name: string): string[] {
  return args.flags.get(name) ?? [];
}

export function intFlag(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const text = flag(args, name);
  if (text === undefined) return undefined;
  const value = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} ${text}: expected a whole number from ${min} to ${max}`);
  }
  return value;
}
