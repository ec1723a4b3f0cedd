/**
 * A small argument parser for the CLI: positionals, `--flag value`, `--flag=value`, repeatable
 * flags and booleans, with an error naming an unknown flag and the valid ones.
 */

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

export function parseArgs(argv: ReadonlyArray<string>, specs: Record<string, FlagSpec>): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq >= 0 ? eq : undefined);
    const spec = specs[name];
    if (!spec) throw new UsageError(`unknown option --${name}; valid: ${Object.keys(specs).map((s) => `--${s}`).join(', ')}`);
    let value = 'true';
    if (spec.value) {
      if (eq >= 0) value = arg.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i];
      else throw new UsageError(`--${name} needs a value`);
    }
    const list = flags.get(name) ?? [];
    if (list.length > 0 && !spec.repeatable) throw new UsageError(`--${name} is given twice`);
    list.push(value);
    flags.set(name, list);
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
