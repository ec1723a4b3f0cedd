/**
 * `keyspace anonymize <trace> --out anon.jsonl [--salt <secret>]` — writes the trace as JSONL
 * with every key identifier replaced by a keyed hash (HMAC-SHA256 with the salt: the namespace
 * structure stays, `user:8812:profile` → `user:<hash>:profile`), values dropped (their sizes
 * kept), client addresses turned into numbers and times counted from the first record.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { AtomicOutput, checkOutputPath } from '../input';
import { anonymizeKey, recordsToJsonl } from '../../trace';
import { readTraceFile } from '../trace';
import { flag, parseArgs, UsageError } from './args';
import { count } from './format';
import { InputError } from './design-file';
import { asInputError, TRACE_FLAGS, traceOptions } from './infer';
import type { Io } from './main';

const ANONYMIZE_FLAGS = { ...TRACE_FLAGS, out: { value: true }, salt: { value: true }, strict: { value: false }, 'keep-time': { value: false } } as const;
export const SALT_ENV = 'KEYSPACE_ANONYMIZE_SALT';
/** Identifier hashes kept in memory at once (then forgotten and recomputed). */
const CACHE_LIMIT = 1_000_000;

export async function anonymizeCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ANONYMIZE_FLAGS);
  const [file, ...extra] = args.positionals;
  const out = flag(args, 'out');
  if (!file || !out) throw new UsageError('usage: keyspace anonymize <trace> --out anonymized.jsonl [--salt <secret>] [--strict]');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"; one trace at a time`);
  const saltFlag = flag(args, 'salt') ?? process.env[SALT_ENV];
  const salt = saltFlag ?? randomBytes(32).toString('hex');
  if (!saltFlag) io.err(`note: hashing with a random salt that is not kept, so hashes differ from run to run; pass --salt (or set ${SALT_ENV}) to get the same hashes across files`);
  const cache = new Map<string, string>();
  const hash = (segment: string): string => {
    let hex = cache.get(segment);
    if (hex === undefined) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      hex = createHmac('sha256', salt).update(segment).digest('hex');
      cache.set(segment, hex);
    }
    return hex;
  };
  const strict = flag(args, 'strict') !== undefined;
  const keepTime = flag(args, 'keep-time') !== undefined;
  checkOutputPath(out, '--out', [file]);
  const output = new AtomicOutput(out);
  let records = 0;
  let originUs = Number.NaN;
  try {
    const read = await asInputError(() => readTraceFile(file, (batch, n, reader) => {
      if (Number.isNaN(originUs)) originUs = keepTime ? 0 : batch.timeUs[0];
      output.write(recordsToJsonl(batch, n, (id) => anonymizeKey(reader.keys.keyOf(id), hash, { strict }), originUs));
      records += n;
    }, traceOptions(args)));
    if (records === 0) throw new InputError([`${file}: the trace holds no record to anonymize; ${out} was not written`]);
    if (read.warning) io.err(`warning: ${read.warning}`);
    output.commit();
    io.out(`wrote ${count(records)} records with ${count(read.reader.keys.size)} anonymized keys to ${out} (values dropped, sizes kept)`);
  } catch (error) {
    output.abort();
    throw error;
  }
  return 0;
}
