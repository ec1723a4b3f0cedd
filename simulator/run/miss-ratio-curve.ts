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
export function lruStackCurve(plan: RunPlan, options: StackCurveOptions = {}): StackCurve {
  const builder = new StackCurveBuilder(plan, options.sampleRate ?? 1);
  const workload = new Workload(plan, new Rng(plan.seed).fork('workload'));
  while (workload.next()) builder.access(workload.operation, workload.keyId);
  return builder.curve(options);
}

export interface StackCurveOptions { pointCount?: number; sampleRate?: number; targets?: number[] }

/** The stack-distance curve fed one request at a time, so that another pass can share the stream. */
export class StackCurveBuilder {
  private readonly keys: NamespaceKeys;
  private readonly stack: LruStackDistance;
  private readonly entryBytes: Array<{ valueBytes: number; ttlBytes: number; cacheable: boolean }>;
  private readonly readOps: boolean[];
  /** Bytes of each key read so far (0: not read yet): computed once a key, not once a read. */
  private readonly bytesOf: Float64Array;
  private workingSetBytes = 0;
  private distinctKeys = 0;
  private reads = 0;

  constructor(private readonly plan: RunPlan, sampleRate: number) {
    this.keys = new NamespaceKeys(plan.namespaces);
    this.stack = new LruStackDistance({ unit: 'bytes', sampleRate, seed: plan.seed });
    this.entryBytes = plan.namespaces.map((ns) => ({
      valueBytes: Math.max(1, Math.round(distMean(ns.valueBytes))),
      ttlBytes: ns.ttlMs !== null && ns.ttlMs > 0 ? EXPIRE_ENTRY_BYTES : 0,
      cacheable: ns.cacheable,
    }));
    this.readOps = plan.operations.map((op) => op.kind === 'read' || op.kind === 'list');
    this.bytesOf = new Float64Array(this.keys.totalKeys);
  }

  /** One request: operation index and key id. */
  access(operation: number, id: number): void {
    if (!this.readOps[operation]) return;
    const keys = this.keys;
    const entry = this.entryBytes[keys.namespaceOf(id)];
    if (!entry.cacheable) return;
    let bytes = this.bytesOf[id];
    if (bytes === 0) {
      bytes = keyEntryBytes(keys.keyBytes(id), entry.valueBytes, this.plan.server.clusterMode) + entry.ttlBytes + DICT_BUCKETS_PER_KEY_BYTES;
      this.bytesOf[id] = bytes;
      this.workingSetBytes += bytes;
      this.distinctKeys++;
    }
    this.stack.access(id, bytes);
    this.reads++;
  }

  /** Mean bytes of a key read (entry, overheads of the curve's sizes aside). */
  get meanKeyBytes(): number {
    return this.distinctKeys === 0 ? 0 : this.workingSetBytes / this.distinctKeys;
  }

  /** The curve's size (key bytes, before overheads) at a maxmemory: the inverse of `curve`'s mapping. */
  keyBytesAt(maxmemoryBytes: number): number {
    let size = maxmemoryBytes - nonKeyMemoryOf(this.plan).bytes;
    size = maxmemoryBytes - this.overheadBytes(Math.max(0, size));
    return Math.max(0, maxmemoryBytes - this.overheadBytes(Math.max(0, size)));
  }

  private overheadBytes(size: number): number {
    const { distinctKeys, workingSetBytes } = this;
    return nonKeyMemoryOf(this.plan).bytes + hashTableBytes(nextPowerOfTwo(Math.max(4, (distinctKeys * size) / Math.max(1, workingSetBytes))));
  }

  curve(options: StackCurveOptions = {}): StackCurve {
    const { workingSetBytes } = this;
    const count = options.pointCount ?? 24;
    const sizes = Array.from({ length: count }, (_, i) => Math.round((workingSetBytes * (i + 1)) / count));
    const ratios = this.stack.curve(sizes);
    const points = sizes.map((size, i) => ({ maxmemoryBytes: Math.round(size + this.overheadBytes(size)), hitRatio: ratios[i] }));
    return { method: 'lru-stack', points, workingSetBytes, reads: this.reads, memoryFor: memoryFor(points, options.targets) };
  }
}

/** Smallest maxmemory on a curve reaching each target hit ratio (default 80/90/95 %; null if none does). */
export function memoryFor(points: ReadonlyArray<CurvePoint>, targets: ReadonlyArray<number> = [0.8, 0.9, 0.95]): Array<{ hitRatio: number; maxmemoryBytes: number | null }> {
  return targets.map((hitRatio) => ({ hitRatio, maxmemoryBytes: points.find((p) => p.hitRatio >= hitRatio)?.maxmemoryBytes ?? null }));
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
