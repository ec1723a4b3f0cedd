/**
 * A recorded trace at a glance, from one TraceProfile: records by command and by kind of operation,
 * the namespaces mined from its keys, key and value sizes, and requests over time in at most
 * `maxBuckets` buckets. The workbench's Recording view shows it before inferring or replaying.
 */
import { COMMANDS, OP_NAMES } from '../commands';
import { encodeUtf8 } from '../utf8';
import { quantile } from './estimates';
import { mineNamespaces } from './namespaces';
import type { TraceProfile } from './profile';

export interface SizeQuantiles {
  p50: number;
  p99: number;
  max: number;
  /** How many sizes were seen (keys, or keys with a value size written). */
  seen: number;
}

export interface TraceSummary {
  records: number;
  keys: number;
  durationSec: number;
  /** Records by command, most first ('(other)' gathers commands the reader does not know). */
  commands: Array<{ name: string; count: number }>;
  /** Records by kind: read, write, delete, expire, flush, other. */
  ops: Array<{ op: (typeof OP_NAMES)[number]; count: number }>;
  /** Mined key patterns, most requested first. */
  namespaces: Array<{ name: string; pattern: string; keys: number; requests: number }>;
  keyBytes: SizeQuantiles | null;
  valueBytes: SizeQuantiles | null;
  /** Requests (reads, direct writes, deletes) per second, averaged over buckets of `bucketSec`. */
  rate: { bucketSec: number; perSec: number[] };
}

export interface SummaryOptions {
  maxCommands?: number;
  maxNamespaces?: number;
  maxBuckets?: number;
}

function sizes(values: Int32Array | number[]): SizeQuantiles | null {
  if (values.length === 0) return null;
  const sorted = Int32Array.from(values).sort();
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted[sorted.length - 1], seen: sorted.length };
}

export function summarizeProfile(profile: TraceProfile, options: SummaryOptions = {}): TraceSummary {
  const { keys } = profile;
  const commands: TraceSummary['commands'] = [];
  const opCounts = new Float64Array(OP_NAMES.length);
  profile.commandCounts.forEach((count, id) => {
    if (count === 0) return;
    opCounts[COMMANDS[id].op] += count;
    commands.push({ name: id === 0 ? '(other)' : COMMANDS[id].name, count });
  });
  commands.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));

  const keyText = (id: number): string => keys.keyOf(id);
  const keyLengths = new Int32Array(keys.size);
  const valueSizes: number[] = [];
  for (let id = 0; id < keys.size; id++) {
    keyLengths[id] = encodeUtf8(keyText(id)).length;
    if (profile.valueBytes[id] > 0) valueSizes.push(profile.valueBytes[id]);
  }
  const namespaces = mineNamespaces(keys.size, keyText).map((mined) => {
    let requests = 0;
    for (const id of mined.keyIds) requests += profile.reads[id] + profile.writes[id] + profile.fills[id] + profile.deletes[id];
    return { name: mined.name, pattern: mined.pattern, keys: mined.keyIds.length, requests };
  }).sort((a, b) => b.requests - a.requests || b.keys - a.keys);

  const perSecond = profile.requestsPerSecond();
  const maxBuckets = options.maxBuckets ?? 120;
  const bucketSec = Math.max(1, Math.ceil(perSecond.length / maxBuckets));
  const perSec: number[] = [];
  for (let start = 0; start < perSecond.length; start += bucketSec) {
    let sum = 0;
    const end = Math.min(perSecond.length, start + bucketSec);
    for (let s = start; s < end; s++) sum += perSecond[s];
    perSec.push(sum / (end - start));
  }

  return {
    records: profile.records,
    keys: keys.size,
    durationSec: profile.durationSec,
    commands: commands.slice(0, options.maxCommands ?? 20),
    ops: OP_NAMES.map((op, i) => ({ op, count: opCounts[i] })).filter((entry) => entry.count > 0),
    namespaces: namespaces.slice(0, options.maxNamespaces ?? 40),
    keyBytes: sizes(keyLengths),
    valueBytes: sizes(valueSizes),
    rate: { bucketSec, perSec },
  };
}
