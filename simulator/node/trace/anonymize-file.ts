/**
 * Anonymizing a trace file (`keyspace anonymize`, the workbench's Anonymize): every record written
 * as JSONL with each key identifier replaced by a keyed hash (HMAC-SHA256 with the salt: the
 * namespace structure stays, `user:8812:profile` → `user:<hash>:profile`), values dropped (their
 * sizes kept), client addresses turned into numbers and times counted from the first record.
 */
import { createHmac } from 'node:crypto';
import { anonymizeKey, recordsToJsonl } from '../../trace';
import { readTraceFile, TraceFileError } from './read-trace';
import type { TraceFileOptions, TraceReadResult } from './read-trace';

/** Identifier hashes kept in memory at once (then forgotten and recomputed). */
const CACHE_LIMIT = 1_000_000;

export interface AnonymizeFileOptions extends TraceFileOptions {
  salt: string;
  /** Hash every segment that is not a known word (see anonymizeKey). */
  strict?: boolean;
  /** Keep the recorded times instead of counting from the first record. */
  keepTime?: boolean;
  shouldStop?: () => boolean;
}

/** Where the JSONL goes (an AtomicOutput, committed or aborted by the caller). */
export interface TextSink {
  write(text: string): void;
}

export interface AnonymizedTrace {
  records: number;
  keys: number;
  read: TraceReadResult;
}

/** Writes the anonymized records of `file` to `out`; a trace without a record is a TraceFileError. */
export async function anonymizeTraceFile(file: string, out: TextSink, options: AnonymizeFileOptions): Promise<AnonymizedTrace> {
  const { salt, strict, keepTime, ...readOptions } = options;
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
  let records = 0;
  let originUs = Number.NaN;
  const read = await readTraceFile(file, (batch, n, reader) => {
    if (Number.isNaN(originUs)) originUs = keepTime ? 0 : batch.timeUs[0];
    out.write(recordsToJsonl(batch, n, (id) => anonymizeKey(reader.keys.keyOf(id), hash, { strict }), originUs));
    records += n;
  }, readOptions);
  if (records === 0) throw new TraceFileError([`${file}: the trace holds no record to anonymize (${read.stats.lines.toLocaleString('en-US')} lines, ${read.stats.ignored.toLocaleString('en-US')} ignored)`]);
  return { records, keys: read.reader.keys.size, read };
}
