/**
 * `keyspace` — the command line of Keyspace Workbench. Exit codes: 0 success, 1 an assertion
 * failed, 2 bad input (the message names file:line:column, the field and what is valid).
 */
import { HelpRequested, UsageError } from './args';
import { closest } from '../../model';
import { commandHelp } from './help';
import { printable } from './format';
import { InputFileError } from '../input';
import { InputError } from './design-file';
import { RedisTargetError } from '../redis';
import { validateCommand } from './validate';
import { runCommand } from './run';
import { compareCommand } from './compare';
import { mrcCommand } from './mrc';
import { slotsCommand } from './slots';
import { exportCommand } from './export';
import { diffCommand } from './diff';
import { importCommand } from './import';
import { captureCommand } from './capture';
import { anonymizeCommand } from './anonymize';
import { inferCommand } from './infer';
import { replayCommand } from './replay';
import { fidelityCommand } from './fidelity';
import { cleanupCommand } from './cleanup';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** stderr when it is a terminal (progress bars), else null. */
  tty: NodeJS.WriteStream | null;
}

type Command = (argv: string[], io: Io) => Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  validate: { run: validateCommand, summary: 'validate <design.yaml>…            check designs; errors as file:line:column' },
  run: { run: runCommand, summary: 'run <design.yaml> [options]         simulate a design and print its metrics' },
  fidelity: { run: fidelityCommand, summary: 'fidelity <design.yaml> [--json out]  simulator vs a managed redis-server, side by side' },
  compare: { run: compareCommand, summary: 'compare <a.yaml> <b.yaml>…          run designs side by side' },
  mrc: { run: mrcCommand, summary: 'mrc <design.yaml> [--json out]      miss-ratio curve: hit ratio vs maxmemory' },
  export: { run: exportCommand, summary: 'export <design.yaml> [options]      write .env, redis.conf, compose, TS/Python, alerts, report' },
  diff: { run: diffCommand, summary: 'diff <a.yaml> <b.yaml>              what changed between two designs, and how the metrics moved' },
  import: { run: importCommand, summary: 'import --from env|conf <file>       read TTLs or server settings back into a design' },
  capture: { run: captureCommand, summary: 'capture --redis <url> --duration 60s --out f.monitor  record a dev server with MONITOR' },
  anonymize: { run: anonymizeCommand, summary: 'anonymize <trace> --out anon.jsonl   hash key ids, drop values, keep sizes' },
  infer: { run: inferCommand, summary: 'infer <trace> [--out design.yaml]   mine a trace into a commented design' },
  replay: { run: replayCommand, summary: 'replay <trace> [--design d.yaml] [--speed 10x|max] [--engine sim|live]  replay recorded commands' },
  cleanup: { run: cleanupCommand, summary: 'cleanup --redis <url> [--password-env NAME]  restore CONFIG and delete keys left by killed live runs' },
  slots: { run: slotsCommand, summary: 'slots <channel|key>… [--shards N]   cluster hash slot and owning shard of each name' },
};

/** Every command's name. */
export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS);

export function usage(): string {
  return [
    'usage: keyspace <command> [options]',
    '',
    ...Object.values(COMMANDS).map((c) => `  ${c.summary}`),
    '',
    'run options: --env <name> --seed <n> --requests <n> --json <out.json> --assert "<metric><op><value>"…',
    '             --engine sim|live [--managed | --managed-cluster N | --redis <url> [--allow-nonempty] [--allow-eviction-risk] [--password-env NAME]] [--speed 1x|10x|max]',
    '             --set <path>=<value>… --vary <path>=<a>,<b>… --jobs <n> --trace <keys.txt> --ignore-targets --quiet',
    'capture options: --max-size <size> --password-env NAME',
    'export options: --env --to <fmt,…> --out <dir> --check --run --result <json>… --fidelity <json> --url --password-env',
    'trace options: --format monitor|twitter|csv|jsonl --map ts=…,key=…,op=… --time-unit --ttl-unit --delimiter --max-malformed 10%',
    'see README.md for the design file reference.',
  ].join('\n');
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  let [name, ...rest] = argv;
  if (name === 'help' && rest[0] !== undefined && Object.hasOwn(COMMANDS, rest[0])) [name, rest] = [rest[0], ['--help']];
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 2;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    const guess = closest(name, Object.keys(COMMANDS));
    io.err(`keyspace: unknown command "${name}"${guess ? `; did you mean "${guess}"?` : ''}\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof HelpRequested) {
      io.out(commandHelp(name, command.summary, error.specs));
      return 0;
    }
    if (error instanceof InputError) {
      io.err(error.lines.join('\n'));
      return 2;
    }
    if (error instanceof UsageError) {
      io.err(`keyspace ${name}: ${error.message}`);
      return 2;
    }
    // A live server that failed in a way the command did not turn into a result (e.g. the live replay).
    if (error instanceof RedisTargetError) {
      io.err(`keyspace ${name}: ${error.message}`);
      return 2;
    }
    if (error instanceof InputFileError || error instanceof RangeError || (error instanceof Error && error.name === 'PlanError')) {
      io.err(`keyspace ${name}: ${error.message}`);
      return 2;
    }
    // A bug, not bad input: one line a person can report; the stack only when asked for.
    if (process.env.KEYSPACE_DEBUG) throw error;
    io.err(`keyspace ${name}: internal error: ${(error as Error | null)?.message ?? String(error)} (a bug in keyspace: please report it with the command; KEYSPACE_DEBUG=1 shows the stack)`);
    return 70;
  }
}

function defaultIo(): Io {
  return {
    out: (text) => process.stdout.write(`${printable(text)}\n`),
    err: (text) => process.stderr.write(`${printable(text)}\n`),
    tty: process.stderr.isTTY ? process.stderr : null,
  };
}
