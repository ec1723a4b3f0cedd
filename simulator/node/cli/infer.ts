/**
 * `keyspace infer <trace> [--out design.yaml]` — mines a recorded trace (MONITOR capture, Twitter
 * trace, CSV, JSONL) into a design: namespaces, cardinality, skew, read/write mix, value sizes,
 * TTLs, hot and big keys; every value commented with how it was inferred. Also home of the flags
 * every trace-reading command shares.
 */
import { checkOutputPath, writeOutputText } from '../input';
import { EVICTION_POLICIES, parseSizeBytes } from '../../model';
import type { PolicyName } from '../../model';
import { CSV_FIELDS, inferDesign, TRACE_FORMATS } from '../../trace';
import type { CsvField, CsvOptions, TraceFormat } from '../../trace';
import { profileTraceFile, TraceFileError } from '../trace';
import type { TraceFileOptions } from '../trace';
import type { ParsedArgs } from './args';
import { flag, intFlag, parseArgs, UsageError } from './args';
import { InputError } from './design-file';
import { count, table } from './format';
import type { Io } from './main';

/** Flags of every command that reads a trace. */
export const TRACE_FLAGS = {
  format: { value: true }, map: { value: true }, 'time-unit': { value: true }, 'ttl-unit': { value: true },
  delimiter: { value: true }, 'max-malformed': { value: true },
} as const;

/** Reading options from the trace flags (`--format csv --map ts=time,key=k --max-malformed 5%`). */
export function traceOptions(args: ParsedArgs): TraceFileOptions {
  const format = flag(args, 'format');
  if (format !== undefined && !(TRACE_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format ${format}: expected one of ${TRACE_FORMATS.join(', ')}`);
  }
  const csv: CsvOptions = {};
  const map = flag(args, 'map');
  if (map !== undefined) {
    csv.columns = {};
    for (const pair of map.split(',')) {
      const [field, column] = pair.split('=').map((s) => s.trim());
      if (!(CSV_FIELDS as readonly string[]).includes(field) || !column) throw new UsageError(`--map "${pair}": expected field=column with field one of ${CSV_FIELDS.join(', ')}`);
      csv.columns[field as CsvField] = column;
    }
  }
  const timeUnit = flag(args, 'time-unit');
  if (timeUnit !== undefined) {
    if (!['s', 'ms', 'us'].includes(timeUnit)) throw new UsageError(`--time-unit ${timeUnit}: expected s, ms or us`);
    csv.timeUnit = timeUnit as CsvOptions['timeUnit'];
  }
  const ttlUnit = flag(args, 'ttl-unit');
  if (ttlUnit !== undefined) {
    if (!['s', 'ms'].includes(ttlUnit)) throw new UsageError(`--ttl-unit ${ttlUnit}: expected s or ms`);
    csv.ttlUnit = ttlUnit as CsvOptions['ttlUnit'];
  }
  const delimiter = flag(args, 'delimiter');
  if (delimiter !== undefined) csv.delimiter = delimiter === '\\t' || delimiter === 'tab' ? '\t' : delimiter;
  const share = flag(args, 'max-malformed');
  let maxMalformedShare: number | undefined;
  if (share !== undefined) {
    const value = share.endsWith('%') ? Number.parseFloat(share) / 100 : Number(share);
    if (!(value >= 0 && value <= 1)) throw new UsageError(`--max-malformed ${share}: expected a share such as 10% (0% to 100%)`);
    maxMalformedShare = value;
  }
  return { format: format as TraceFormat | undefined, csv, maxMalformedShare };
}

/** Server settings a trace cannot show, from `--maxmemory` and `--policy`. */
export function serverFlags(args: ParsedArgs): { maxmemory?: string; maxmemoryPolicy?: PolicyName } {
  const maxmemory = flag(args, 'maxmemory');
  const policy = flag(args, 'policy');
  if (maxmemory !== undefined && !parseSizeBytes(maxmemory).ok) throw new UsageError(`--maxmemory ${maxmemory}: expected a size such as 256mb`);
  const policies: readonly string[] = [...EVICTION_POLICIES, 'exact-lru'];
  if (policy !== undefined && !policies.includes(policy)) throw new UsageError(`--policy ${policy}: expected one of ${policies.join(', ')}`);
  return { ...(maxmemory ? { maxmemory } : {}), ...(policy ? { maxmemoryPolicy: policy as PolicyName } : {}) };
}

/** A TraceFileError as the CLI's input error (exit 2, one line per problem). */
export async function asInputError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TraceFileError) throw new InputError(error.lines);
    throw error;
  }
}

const INFER_FLAGS = { ...TRACE_FLAGS, out: { value: true }, maxmemory: { value: true }, policy: { value: true }, 'max-namespaces': { value: true } } as const;

export async function inferCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, INFER_FLAGS);
  const outPath = flag(args, 'out');
  if (outPath) checkOutputPath(outPath, '--out', args.positionals);
  const [file, ...extra] = args.positionals;
  if (!file) throw new UsageError('name a trace: keyspace infer capture.monitor --out design.yaml');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"; one trace at a time`);
  const options = traceOptions(args);
  const server = serverFlags(args);
  const maxNamespaces = intFlag(args, 'max-namespaces', 1, 1000);
  const { keys, profile, read } = await asInputError(() => profileTraceFile(file, options));
  if (read.warning) io.err(`warning: ${read.warning}`);
  if (keys.size === 0) throw new InputError([`${file}: no command with a key in ${read.stats.lines.toLocaleString('en-US')} lines (${read.stats.ignored.toLocaleString('en-US')} ignored); nothing to infer`]);
  const inferred = inferDesign(profile, {
    source: file, format: read.format, maxNamespaces,
    server: server.maxmemory || server.maxmemoryPolicy ? { ...server, note: 'given with --maxmemory/--policy' } : undefined,
  });
  const rows = [['namespace', 'pattern', 'keys seen', 'cardinality', 'skew', 'reads', 'writes', 'deletes', 'value size', 'ttl']];
  for (const e of inferred.namespaces) {
    const skew = e.skew.value.dist === 'zipf' ? `zipf ${e.skew.value.alpha}` : 'uniform';
    const size = typeof e.valueSize.value === 'string' ? e.valueSize.value : `${e.valueSize.value.p50}…${e.valueSize.value.p99}`;
    rows.push([e.mined.name, e.mined.pattern, count(e.keysSeen), count(e.cardinality.value), skew, count(e.reads), count(e.writes + e.fills), count(e.deletes), size, e.ttl.value.ttl]);
  }
  io.err(`${file}: ${read.format}, ${count(read.stats.lines)} lines, ${count(profile.records)} records, ${count(keys.size)} keys over ${profile.durationSec.toFixed(1)} s`);
  io.err(table(rows));
  for (const rule of inferred.rules) io.err(`rule: a delete in ${inferred.namespaces[rule.on].mined.name} deletes ${rule.glob} (${count(rule.bursts)} bursts)`);
  const out = flag(args, 'out');
  if (out) {
    writeOutputText(out, inferred.yaml);
    io.out(`wrote ${out}`);
  } else {
    io.out(inferred.yaml.trimEnd());
  }
  return 0;
}
