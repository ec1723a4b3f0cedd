/**
 * `keyspace replay <trace> [--design d.yaml] [--speed 1x|10x|max] [--engine sim|live]` — replays
 * recorded commands as they were (a GET that misses loads nothing; `--cache-aside` turns it into an
 * origin load and a SET, as plain key traces do) at their recorded times, and prints the usual
 * RunResult summary. The simulator runs in virtual time, so its result is the same at any speed;
 * only the live engine (a managed redis-server) is paced. Without --design, the design is inferred
 * from the trace (its namespaces give the per-namespace table). SIGINT, SIGTERM and SIGHUP stop
 * the replay and print what it measured (see stop-signals.ts).
 */
import { checkOutputPath, writeOutputText } from '../input';
import { checkAssertion, parseAssertion, parseSpeed as parseSpeedRequest } from '../../run';
import type { Assertion } from '../../run';
import { ManagedRedisStartError, RedisBinaryNotFoundError } from '../redis';
import { replayFile } from '../replay';
import { flag, flags, intFlag, parseArgs, UsageError } from './args';
import type { ParsedArgs } from './args';
import type { Design } from '../../model';
import { readDesignFile } from './design-file';
import { count, pct, ProgressBar, summaryRows, table } from './format';
import { asInputError, serverFlags, TRACE_FLAGS, traceOptions } from './infer';
import type { Io } from './main';
import { listenForStop } from './stop-signals';
import type { StopSignals } from './stop-signals';

const REPLAY_FLAGS = {
  ...TRACE_FLAGS,
  design: { value: true }, speed: { value: true }, engine: { value: true }, 'cache-aside': { value: false },
  env: { value: true }, seed: { value: true }, json: { value: true }, assert: { value: true, repeatable: true },
  set: { value: true, repeatable: true }, maxmemory: { value: true }, policy: { value: true }, 'redis-server': { value: true },
  quiet: { value: false },
} as const;

/** `1x`, `10x`, `0.5x`, `2`, `max` → a speed factor (Infinity for max). */
export function parseSpeed(text: string): number {
  const speed = parseSpeedRequest(text);
  if (speed === null || speed === 'auto') throw new UsageError(`--speed ${text}: expected 1x, 10x, 0.5x or max`);
  return speed === 'max' ? Number.POSITIVE_INFINITY : speed;
}

export async function replayCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, REPLAY_FLAGS);
  const jsonOut = flag(args, 'json');
  if (jsonOut) checkOutputPath(jsonOut, '--json');
  const [file, ...extra] = args.positionals;
  if (!file) throw new UsageError('name a trace: keyspace replay capture.monitor [--design design.yaml] [--speed 10x] [--engine sim|live]');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"; one trace at a time`);
  const engine = flag(args, 'engine') ?? 'sim';
  if (engine !== 'sim' && engine !== 'live') throw new UsageError(`--engine ${engine}: expected sim or live`);
  const speed = parseSpeed(flag(args, 'speed') ?? '1x');
  const designFile = flag(args, 'design');
  if (!designFile && flags(args, 'set').length > 0) throw new UsageError('--set needs --design (an inferred design takes --maxmemory and --policy)');
  const design = designFile ? readDesignFile(designFile, flags(args, 'set')) : undefined;
  const assertions: Assertion[] = flags(args, 'assert').map((text) => {
    const parsed = parseAssertion(text);
    if (typeof parsed === 'string') throw new UsageError(parsed);
    return parsed;
  });
  const stop = listenForStop({ io, command: 'keyspace replay' });
  try {
    return stop.exitCode(await replay(file, args, design, engine, speed, assertions, io, stop));
  } finally {
    stop.dispose();
  }
}

async function replay(file: string, args: ParsedArgs, design: Design | undefined, engine: 'sim' | 'live', speed: number, assertions: Assertion[], io: Io, stop: StopSignals): Promise<number> {
  const designFile = flag(args, 'design');
  const bar = io.tty && !flag(args, 'quiet') ? new ProgressBar(io.tty, () => performance.now()) : null;
  let replayed;
  try {
    replayed = await asInputError(() => replayFile(file, {
      ...traceOptions(args), design, engine, speed, cacheAside: flag(args, 'cache-aside') !== undefined,
      environment: flag(args, 'env'), seed: intFlag(args, 'seed', 0, 2 ** 32 - 1), server: serverFlags(args),
      redisServer: flag(args, 'redis-server'),
      shouldStop: () => stop.signal.aborted,
      onProgress: (p) => bar?.update(p),
    }));
  } catch (error) {
    // No redis-server for --engine live, or it would not start: say so, without a stack trace.
    if (error instanceof RedisBinaryNotFoundError || error instanceof ManagedRedisStartError) {
      io.err(`keyspace replay --engine live: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    bar?.clear();
  }
  const { result } = replayed;
  for (const warning of replayed.warnings) io.err(`warning: ${warning}`);
  const mode = flag(args, 'cache-aside') !== undefined ? 'cache-aside (a GET miss loads and SETs)' : 'as recorded (a GET miss loads nothing)';
  io.out(`${file} — ${replayed.format}, ${count(replayed.stats.lines)} lines (${count(replayed.stats.ignored)} not replayed, ${count(replayed.stats.malformed)} malformed); ${result.engine} engine${engine === 'live' ? ` at ${Number.isFinite(speed) ? `${speed}x` : 'max'} speed` : ''}; ${mode}`);
  io.out(`design: ${designFile ?? `inferred from the trace (${replayed.design.namespaces.length} namespaces)`}, server maxmemory ${replayed.design.server.maxmemory} ${replayed.design.server.maxmemoryPolicy}`);
  io.out(table(summaryRows(result), 'left'));
  if (result.namespaces.length > 1) {
    const rows = [['namespace', 'reads', 'hit ratio', 'writes', 'evicted', 'expired']];
    for (const ns of result.namespaces) if (ns.reads > 0 || ns.writes > 0) rows.push([ns.name, count(ns.reads), pct(ns.hitRatio), count(ns.writes), count(ns.evictedKeys), count(ns.expiredKeys)]);
    io.out(`\n${table(rows)}`);
  }
  for (const warning of result.warnings) io.out(`warning: ${warning}`);
  const json = flag(args, 'json');
  if (json) {
    writeOutputText(json, `${JSON.stringify(result, null, 1)}\n`);
    io.out(`wrote ${json}`);
  }
  const stoppedBy = stop.note();
  if (stoppedBy) {
    io.err(`${stoppedBy}; assertions not checked`);
    return 0;
  }
  let failed = 0;
  for (const assertion of assertions) {
    const outcome = checkAssertion(assertion, result);
    if (!outcome.passed) failed++;
    io.out(`${outcome.passed ? 'pass' : 'FAIL'} ${outcome.message}`);
  }
  if (failed > 0) io.err(`${failed} assertion${failed === 1 ? '' : 's'} failed`);
  return failed > 0 ? 1 : 0;
}
