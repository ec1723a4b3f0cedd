/**
 * `keyspace` — the command line of Keyspace Workbench. Exit codes: 0 success, 1 an assertion
 * failed, 2 bad input (the message names file:line:column, the field and what is valid).
 */
import { UsageError } from './args';
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
  slots: { run: slotsCommand, summary: 'slots <channel|key>… [--shards N]   cluster hash slot and owning shard of each name' },
};

export function usage(): string {
  return [
    'usage: keyspace <command> [options]',
    '',
    ...Object.values(COMMANDS).map((c) => `  ${c.summary}`),
    '',
    'run options: --env <name> --seed <n> --requests <n> --json <out.json> --assert "<metric><op><value>"…',
    '             --engine sim|live [--managed | --managed-cluster N | --redis <url> [--allow-nonempty] [--password-env NAME]] [--speed 1x|10x|max]',
    '             --set <path>=<value>… --vary <path>=<a>,<b>… --trace <keys.txt> --ignore-targets --quiet',
    'export options: --env --to <fmt,…> --out <dir> --check --run --result <json>… --fidelity <json> --url --password-env',
    'trace options: --format monitor|twitter|csv|jsonl --map ts=…,key=…,op=… --time-unit --ttl-unit --delimiter --max-malformed 10%',
    'see README.md for the design file reference.',
  ].join('\n');
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`keyspace: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
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
    if (error instanceof RangeError || (error instanceof Error && error.name === 'PlanError')) {
      io.err(`keyspace ${name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

function defaultIo(): Io {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    tty: process.stderr.isTTY ? process.stderr : null,
  };
}
