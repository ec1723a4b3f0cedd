/**
 * Miss-ratio curves of a plan: hit ratio as a function of maxmemory, answering "how much memory do
 * I need for 90 %?". Two methods:
 * - one pass (Mattson stack distances, byte-weighted, optional SHARDS sampling) over the plan's
 *   read stream: exact for true LRU with constant sizes, blind to TTL expiry and invalidation —
 *   an upper bound for a design that expires or deletes keys;
 * - a sweep: the full simulation with the design's own policy at several maxmemory values.
 */
import { EXPIRE_ENTRY_BYTES, hashTableBytes, keyEntryBytes } from '../cache';
import { nonKeyMemoryOf } from './server-memory';
import { LruStackDistance } from '../metrics';
import { distMean, Rng } from '../traffic';
import { simulate } from './engine';
import { NamespaceKeys } from './namespace-keys';
import type { RunPlan } from './plan';
import { Workload } from './workload';

export interface CurvePoint {
  maxmemoryBytes: number;
  hitRatio: number;
}

export interface StackCurve {
  method: 'lru-stack';
  points: CurvePoint[];
  /** Bytes of every distinct key read, with Redis overheads: the working set. */
  workingSetBytes: number;
  reads: number;
  /** Smallest maxmemory on the curve reaching each target hit ratio (null if none does). */
  memoryFor: Array<{ hitRatio: number; maxmemoryBytes: number | null }>;
}

const DICT_BUCKETS_PER_KEY_BYTES = 16; // main + expires table, 8 bytes a bucket at load factor ~1

/** One pass over the plan's reads. `sampleRate` < 1 uses SHARDS for big key spaces. */
export function lruStackCurve(plan: RunPlan, options: { pointCount?: number; sampleRate?: number; targets?: number[] } = {}): StackCurve {
  const keys = new NamespaceKeys(plan.namespaces);
  const workload = new Workload(plan, new Rng(plan.seed).fork('workload'));
  const stack = new LruStackDistance({ unit: 'bytes', sampleRate: options.sampleRate ?? 1, seed: plan.seed });
  const entryBytes = plan.namespaces.map((ns) => ({
    valueBytes: Math.max(1, Math.round(distMean(ns.valueBytes))),
    ttlBytes: ns.ttlMs !== null && ns.ttlMs > 0 ? EXPIRE_ENTRY_BYTES : 0,
    cacheable: ns.cacheable,
  }));
  const readOps = plan.operations.map((op) => op.kind === 'read' || op.kind === 'list');
  const seen = new Uint8Array(keys.totalKeys);
  let workingSetBytes = 0;
  let distinctKeys = 0;
  let reads = 0;
  while (workload.next()) {
    if (!readOps[workload.operation]) continue;
    const id = workload.keyId;
    const ns = keys.namespaceOf(id);
    const entry = entryBytes[ns];
    if (!entry.cacheable) continue;
    const bytes = keyEntryBytes(keys.keyBytes(id), entry.valueBytes, plan.server.clusterMode) + entry.ttlBytes + DICT_BUCKETS_PER_KEY_BYTES;
    if (!seen[id]) { seen[id] = 1; workingSetBytes += bytes; distinctKeys++; }
    stack.access(id, bytes);
    reads++;
  }
  const count = options.pointCount ?? 24;
  const sizes = Array.from({ length: count }, (_, i) => Math.round((workingSetBytes * (i + 1)) / count));
  const ratios = stack.curve(sizes);
  const baseBytes = nonKeyMemoryOf(plan).bytes;
  const overhead = (size: number) => baseBytes + hashTableBytes(nextPowerOfTwo(Math.max(4, (distinctKeys * size) / Math.max(1, workingSetBytes))));
  const points = sizes.map((size, i) => ({ maxmemoryBytes: Math.round(size + overhead(size)), hitRatio: ratios[i] }));
  const targets = options.targets ?? [0.8, 0.9, 0.95];
  return {
    method: 'lru-stack',
    points,
    workingSetBytes,
    reads,
    memoryFor: targets.map((hitRatio) => ({ hitRatio, maxmemoryBytes: points.find((p) => p.hitRatio >= hitRatio)?.maxmemoryBytes ?? null })),
  };
}

/** Runs the full simulation at each maxmemory with the plan's own policy. */
export function sweepCurve(plan: RunPlan, maxmemoryValues: ReadonlyArray<number>): CurvePoint[] {
  return maxmemoryValues.map((maxmemoryBytes) => {
    const result = simulate({ ...plan, server: { ...plan.server, maxmemoryBytes } });
    return { maxmemoryBytes, hitRatio: result.cache.hitRatio };
  });
}

function nextPowerOfTwo(value: number): number {
  let size = 4;
  while (size < value) size *= 2;
  return size;
}
