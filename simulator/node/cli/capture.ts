/**
 * `keyspace capture --redis <url> --duration 60s --out file.monitor` — records a dev server's
 * traffic with MONITOR (with a warning about its cost), until the duration ends, the size limit
 * is reached or Ctrl-C; the file is flushed and closed either way. `--password-env NAME` sends that
 * variable as the password (a passwordEnv= in the URL must name an allowed one: see password-env.ts).
 */
import { parseDurationMs, parseSizeBytes } from '../../model';
import { withPasswordEnv } from '../redis';
import { captureMonitor, MONITOR_COST_WARNING } from '../trace';
import { flag, parseArgs, UsageError } from './args';
import { bytes, count } from './format';
import type { Io } from './main';
import { cliPasswordEnv } from './password-env';

const CAPTURE_FLAGS = { redis: { value: true }, duration: { value: true }, out: { value: true }, 'max-size': { value: true }, 'password-env': { value: true } } as const;

export async function captureCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, CAPTURE_FLAGS);
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"; usage: keyspace capture --redis redis://localhost:6379 --duration 60s --out traffic.monitor`);
  const url = flag(args, 'redis');
  const out = flag(args, 'out');
  if (!url) throw new UsageError('--redis <url> is required: the server to record (redis://host:port, rediss://…, unix:///path)');
  if (!out) throw new UsageError('--out <file> is required, e.g. --out traffic.monitor');
  const durationText = flag(args, 'duration') ?? '60s';
  const duration = parseDurationMs(durationText);
  if (!duration.ok || duration.value <= 0) throw new UsageError(`--duration ${durationText}: expected a duration such as 60s or 5m`);
  const maxSizeText = flag(args, 'max-size');
  let maxBytes: number | undefined;
  if (maxSizeText !== undefined) {
    const parsed = parseSizeBytes(maxSizeText);
    if (!parsed.ok || parsed.value <= 0) throw new UsageError(`--max-size ${maxSizeText}: expected a size such as 1gb`);
    maxBytes = parsed.value;
  }
  const passwordEnv = flag(args, 'password-env');
  const passwords = cliPasswordEnv(passwordEnv, process.env);
  io.err(`warning: ${MONITOR_COST_WARNING}`);
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await captureMonitor({
      url: passwordEnv ? withPasswordEnv(url, passwordEnv) : url, passwords, durationMs: duration.value, out, maxBytes, signal: controller.signal,
      onProgress: (lines, written) => io.tty?.write(`\rcapturing: ${count(lines)} commands, ${bytes(written)}   `),
    });
    if (io.tty) io.tty.write('\n');
    const why = { duration: `after ${durationText}`, signal: 'on Ctrl-C', size: `at ${maxSizeText}`, 'server closed': 'when the server closed the connection' }[result.stoppedBy];
    io.out(`captured ${count(result.lines)} commands (${bytes(result.bytes)}) from ${result.description} into ${out}, stopped ${why}`);
    return 0;
  } catch (error) {
    if (error instanceof Error && !(error instanceof RangeError)) {
      io.err(`keyspace capture: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
