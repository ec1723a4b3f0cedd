/**
 * Per-namespace estimates from a trace profile: request counts, skew and cardinality, value sizes,
 * the TTLs the application set, hot and big keys, and the phases of the request rate. Each value
 * carries a note saying how it was obtained, which the design writer puts next to it.
 */
import { formatSizeBytes, TTL_NONE } from '../../model';
import type { MinedNamespace } from './namespaces';
import type { TraceProfile } from './profile';
import { estimateCardinality, fitZipf } from './zipf-fit';

export interface Estimated<T> {
  value: T;
  /** How the value was inferred (a YAML comment). */
  note: string;
}

export type SizeSpec = string | { dist: 'lognormal'; p50: string; p99: string };
export type SkewSpec = { dist: 'zipf'; alpha: number } | { dist: 'uniform' };

export interface NamespaceEstimate {
  mined: MinedNamespace;
  keysSeen: number;
  reads: number;
  fills: number;
  writes: number;
  deletes: number;
  skew: Estimated<SkewSpec>;
  /** The zipf exponent fitted (null when there were too few requests). */
  alpha: number | null;
  cardinality: Estimated<number>;
  valueSize: Estimated<SizeSpec>;
  /** A TTL matrix cell: no jitter for `ttl: none`. */
  ttl: Estimated<{ ttl: string; jitter?: string }>;
  hotKeys: Array<{ key: string; share: number }>;
  bigKeys: Array<{ key: string; bytes: number }>;
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const pct = (x: number): string => `${(x * 100).toFixed(x < 0.1 ? 2 : 1)} %`;

/** The value at quantile q of sorted values (nearest rank). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function estimateNamespace(profile: TraceProfile, mined: MinedNamespace, keyText: (id: number) => string): NamespaceEstimate {
  const ids = mined.keyIds;
  let reads = 0, fills = 0, writes = 0, deletes = 0;
  const readCounts = new Float64Array(ids.length);
  const accessCounts = new Float64Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    reads += profile.reads[id];
    fills += profile.fills[id];
    writes += profile.writes[id];
    deletes += profile.deletes[id];
    readCounts[i] = profile.reads[id];
    accessCounts[i] = profile.reads[id] + profile.writes[id] + profile.fills[id];
  }
  const useReads = reads >= 100;
  const counts = useReads ? readCounts : accessCounts;
  const requests = useReads ? reads : writes + fills + reads;
  let distinct = 0;
  for (const c of counts) if (c > 0) distinct++;
  const fit = requests >= 100 ? fitZipf(counts) : null;
  const basis = useReads ? 'reads' : 'reads and writes';

  let skew: Estimated<SkewSpec>;
  let alpha: number | null = null;
  if (fit && fit.alpha >= 0.05) {
    alpha = Math.round(fit.alpha * 1000) / 1000;
    skew = { value: { dist: 'zipf', alpha }, note: `zipf fitted by maximum likelihood over the top ${count(fit.ranks)} keys by ${basis} (${pct(fit.headShare)} of them)` };
  } else {
    skew = { value: { dist: 'uniform' }, note: fit ? `flat: the zipf fit gave alpha ${fit.alpha.toFixed(3)}` : `assumed uniform: only ${count(requests)} ${basis}` };
    if (fit) alpha = fit.alpha;
  }
  const estimated = estimateCardinality(distinct, requests, alpha ?? 0);
  const cardinality: Estimated<number> = estimated > ids.length
    ? { value: estimated, note: `${count(ids.length)} distinct keys seen; a ${alpha && alpha >= 0.05 ? `zipf(${alpha})` : 'uniform'} population of ${count(estimated)} keys shows that many in ${count(requests)} ${basis}` }
    : { value: Math.max(1, ids.length), note: `${count(ids.length)} distinct keys seen (the trace saw nearly every key more than once)` };

  return {
    mined, keysSeen: ids.length, reads, fills, writes, deletes, skew, alpha, cardinality,
    valueSize: valueSizeOf(profile, ids),
    ttl: ttlOf(profile, ids),
    hotKeys: hottest(profile, ids, keyText, reads + writes + fills),
    bigKeys: biggest(profile, ids, keyText).filter((big) => big.bytes > 2 * typicalSize(profile, ids)),
  };
}

function typicalSize(profile: TraceProfile, ids: Int32Array): number {
  const sizes: number[] = [];
  for (const id of ids) if (profile.valueBytes[id] > 0) sizes.push(profile.valueBytes[id]);
  sizes.sort((a, b) => a - b);
  return sizes.length > 0 ? quantile(sizes, 0.5) : 0;
}

function valueSizeOf(profile: TraceProfile, ids: Int32Array): Estimated<SizeSpec> {
  const sizes: number[] = [];
  for (const id of ids) if (profile.valueBytes[id] > 0) sizes.push(profile.valueBytes[id]);
  if (sizes.length === 0) return { value: '1kb', note: 'assumed: the trace gives no value size for these keys' };
  sizes.sort((a, b) => a - b);
  const p50 = quantile(sizes, 0.5);
  const p99 = quantile(sizes, 0.99);
  if (p99 <= p50 * 1.1) return { value: formatSizeBytes(p50), note: `median of the last value written to ${count(sizes.length)} keys (p99 ${formatSizeBytes(p99)})` };
  return { value: { dist: 'lognormal', p50: formatSizeBytes(p50), p99: formatSizeBytes(p99) }, note: `p50 and p99 of the last value written to ${count(sizes.length)} keys (max ${formatSizeBytes(sizes[sizes.length - 1])})` };
}

function ttlOf(profile: TraceProfile, ids: Int32Array): Estimated<{ ttl: string; jitter?: string }> {
  const ttls: number[] = [];
  let withoutTtl = 0;
  for (const id of ids) {
    const t = profile.ttlMs[id];
    if (t > 0) ttls.push(t);
    else if (t === 0) withoutTtl++;
  }
  if (ttls.length === 0 && withoutTtl === 0) return { value: { ttl: '1h', jitter: '0%' }, note: 'assumed: no write to these keys in the trace' };
  if (ttls.length < withoutTtl) {
    return { value: { ttl: TTL_NONE }, note: `${count(withoutTtl)} of ${count(withoutTtl + ttls.length)} keys written without a TTL (SET without EX): no expiry, only eviction removes them` };
  }
  ttls.sort((a, b) => a - b);
  const median = quantile(ttls, 0.5);
  const low = quantile(ttls, 0.05);
  const high = quantile(ttls, 0.95);
  // Uniform in ttl·(1 ± j): the middle 90 % spans 0.9 of the full 2·j·ttl.
  let jitter = Math.round(((high - low) / (2 * 0.9 * median)) * 100);
  if (!(jitter >= 2)) jitter = 0;
  jitter = Math.min(100, jitter);
  // With jitter the median wanders around the TTL the application set: two significant digits.
  const rounded = jitter > 0 && median >= 10_000 ? roundSignificant(median / 1000, 2) * 1000 : median >= 10_000 ? Math.round(median / 1000) * 1000 : Math.round(median);
  return {
    value: { ttl: formatDuration(rounded), jitter: `${jitter}%` },
    note: `median TTL set on ${count(ttls.length)} keys${jitter > 0 ? `; 90 % between ${displayDuration(low)} and ${displayDuration(high)}` : ''}${withoutTtl > 0 ? `; ${count(withoutTtl)} keys had no TTL` : ''}`,
  };
}

function displayDuration(ms: number): string {
  return formatDuration(ms >= 10_000 ? Math.round(ms / 1000) * 1000 : Math.round(ms));
}

function roundSignificant(value: number, digits: number): number {
  const scale = 10 ** (Math.floor(Math.log10(value)) - digits + 1);
  return Math.round(value / scale) * scale;
}

/** A duration in the design's units, whole seconds or milliseconds. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms !== 0 && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Number(ms.toFixed(3))}ms`;
}

function hottest(profile: TraceProfile, ids: Int32Array, keyText: (id: number) => string, total: number): Array<{ key: string; share: number }> {
  const top = topBy(ids, (id) => profile.reads[id] + profile.writes[id] + profile.fills[id], 3);
  return top.map((id) => ({ key: keyText(id), share: total > 0 ? (profile.reads[id] + profile.writes[id] + profile.fills[id]) / total : 0 }));
}

function biggest(profile: TraceProfile, ids: Int32Array, keyText: (id: number) => string): Array<{ key: string; bytes: number }> {
  return topBy(ids, (id) => profile.maxValueBytes[id], 3).filter((id) => profile.maxValueBytes[id] > 0).map((id) => ({ key: keyText(id), bytes: profile.maxValueBytes[id] }));
}

/** The n ids with the largest score, best first (one pass, no full sort). */
function topBy(ids: Int32Array, score: (id: number) => number, n: number): number[] {
  const best: number[] = [];
  for (const id of ids) {
    const s = score(id);
    if (best.length === n && s <= score(best[n - 1])) continue;
    let at = best.length;
    while (at > 0 && score(best[at - 1]) < s) at--;
    best.splice(at, 0, id);
    if (best.length > n) best.pop();
  }
  return best;
}
