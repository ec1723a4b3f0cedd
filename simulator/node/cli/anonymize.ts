/**
 * `keyspace anonymize <trace> --out anon.jsonl [--salt <secret>]` — writes the trace as JSONL
 * with every key identifier replaced by a keyed hash (HMAC-SHA256 with the salt: the namespace
 * structure stays, `user:8812:profile` → `user:<hash>:profile`), values dropped (their sizes
 * kept), client addresses turned into numbers and times counted from the first record.
 */
import { randomBytes } from 'node:crypto';
import { AtomicOutput, checkOutputPath } from '../input';
import { anonymizeTraceFile } from '../trace';
import { flag, parseArgs, UsageError } from './args';
import { count } from './format';
import { asInputError, TRACE_FLAGS, traceOptions } from './infer';
import type { Io } from './main';

const ANONYMIZE_FLAGS = { ...TRACE_FLAGS, out: { value: true }, salt: { value: true }, strict: { value: false }, 'keep-time': { value: false } } as const;
export const SALT_ENV = 'KEYSPACE_ANONYMIZE_SALT';

export async function anonymizeCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ANONYMIZE_FLAGS);
  const [file, ...extra] = args.positionals;
  const out = flag(args, 'out');
  if (!file || !out) throw new UsageError('usage: keyspace anonymize <trace> --out anonymized.jsonl [--salt <secret>] [--strict]');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"; one trace at a time`);
  const saltFlag = flag(args, 'salt') ?? process.env[SALT_ENV];
  const salt = saltFlag ?? randomBytes(32).toString('hex');
  if (!saltFlag) io.err(`note: hashing with a random salt that is not kept, so hashes differ from run to run; pass --salt (or set ${SALT_ENV}) to get the same hashes across files`);
  checkOutputPath(out, '--out', [file]);
  const output = new AtomicOutput(out);
  try {
    const done = await asInputError(() => anonymizeTraceFile(file, output, {
      ...traceOptions(args), salt, strict: flag(args, 'strict') !== undefined, keepTime: flag(args, 'keep-time') !== undefined,
    }));
    if (done.read.warning) io.err(`warning: ${done.read.warning}`);
    output.commit();
    io.out(`wrote ${count(done.records)} records with ${count(done.keys)} anonymized keys to ${out} (values dropped, sizes kept)`);
  } catch (error) {
    output.abort();
    throw error;
  }
  return 0;
}
