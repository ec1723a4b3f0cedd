/**
 * Miss-ratio curves of a plan: hit ratio as a function of maxmemory, answering "how much memory do
 * I need for 90 %?". Two methods:
 * - one pass (Mattson stack distances, byte-weighted, optional SHARDS sampling) over the plan's
 *   read stream: exact for true LRU with constant sizes, blind to TTL expiry and invalidation —
 *   an upper bound for a design that expires or deletes keys;
 * - a sweep: the full simulation with the design's own policy at several maxmemory values.
 */
import { hashTableBytes, keyEntryBytes, profileOf } from '../cache';
import type { ServerProfile } from '../cache';
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

export const DICT_BUCKETS_PER_KEY_BYTES = 16; // main + expires table, 8 bytes a bucket at load factor ~1

/** One pass over the plan's reads. `sampleRate` < 1 uses SHARDS for big key spaces. */
export function lruStackCurve(plan: RunPlan, options: StackCurveOptions = {}): StackCurve {
  const builder = new StackCurveBuilder(plan, options.sampleRate ?? 1);
  const workload = new Workload(plan, new Rng(plan.seed).fork('workload'));
  while (workload.next()) builder.access(workload.operation, workload.keyId);
  return builder.curve(options);
}

export interface StackCurveOptions { pointCount?: number; sampleRate?: number; targets?: number[] }

/**
 * The stack-distance curve fed one request at a time, so that another pass can share the stream.
 * Per read it only counts the key's read and hashes its id; a key's bytes are computed for the
 * sampled keys' reads and, for the working set, once per key read at the end from the counts.
 */
export class StackCurveBuilder {
  /** Reads of every key id so far (cacheable reads and lists). */
  readonly readCounts: Uint32Array;
  private readonly keys: NamespaceKeys;
  private readonly stack: LruStackDistance;
  private readonly entryBytes: Array<{ valueBytes: number; ttlBytes: number }>;
  /** Per operation: a read (or list) of a cacheable namespace. */
  private readonly readOps: boolean[];
  private totalsAtReads = -1;
  private workingSetBytes = 0;
  private distinctKeys = 0;
  private readonly profile: ServerProfile;
  private reads = 0;

  constructor(private readonly plan: RunPlan, sampleRate: number) {
    this.keys = new NamespaceKeys(plan.namespaces);
    this.profile = profileOf(plan.server.version);
    this.stack = new LruStackDistance({ unit: 'bytes', sampleRate, seed: plan.seed });
    this.entryBytes = plan.namespaces.map((ns) => ({
      valueBytes: Math.max(1, Math.round(distMean(ns.valueBytes))),
      ttlBytes: ns.ttlMs !== null && ns.ttlMs > 0 ? this.profile.mainDict.expireEntryBytes : 0,
    }));
    this.readOps = plan.operations.map((op) => (op.kind === 'read' || op.kind === 'list') && plan.namespaces[op.namespaceIndex].cacheable);
    this.readCounts = new Uint32Array(this.keys.totalKeys);
  }

  /** One request: operation index and key id (of the operation's namespace). */
  access(operation: number, id: number): void {
    if (!this.readOps[operation]) return;
    this.readCounts[id]++;
    this.reads++;
    if (this.stack.keeps(id)) this.stack.access(id, this.bytesOf(id));
    else this.stack.skip();
  }

  /** Mean bytes of a key read (entry, overheads of the curve's sizes aside). */
  get meanKeyBytes(): number {
    const { distinctKeys, workingSetBytes } = this.totals();
    return distinctKeys === 0 ? 0 : workingSetBytes / distinctKeys;
  }

  private bytesOf(id: number): number {
    const entry = this.entryBytes[this.keys.namespaceOf(id)];
    return keyEntryBytes(this.keys.keyBytes(id), entry.valueBytes, this.plan.server.clusterMode, this.profile) + entry.ttlBytes + DICT_BUCKETS_PER_KEY_BYTES;
  }

  /** Bytes of every distinct key read, and their number: summed from the read counts when asked. */
  private totals(): { distinctKeys: number; workingSetBytes: number } {
    if (this.totalsAtReads !== this.reads) {
      let bytes = 0;
      let keys = 0;
      const counts = this.readCounts;
      for (let id = 0; id < counts.length; id++) {
        if (counts[id] === 0) continue;
        bytes += this.bytesOf(id);
        keys++;
      }
      this.workingSetBytes = bytes;
      this.distinctKeys = keys;
      this.totalsAtReads = this.reads;
    }
    return { distinctKeys: this.distinctKeys, workingSetBytes: this.workingSetBytes };
  }

  /** The curve's size (key bytes, before overheads) at a maxmemory: the inverse of `curve`'s mapping. */
  keyBytesAt(maxmemoryBytes: number): number {
    let size = maxmemoryBytes - nonKeyMemoryOf(this.plan).bytes;
    size = maxmemoryBytes - this.overheadBytes(Math.max(0, size));
    return Math.max(0, maxmemoryBytes - this.overheadBytes(Math.max(0, size)));
  }

  private overheadBytes(size: number): number {
    const { distinctKeys, workingSetBytes } = this.totals();
    return nonKeyMemoryOf(this.plan).bytes + hashTableBytes(nextPowerOfTwo(Math.max(4, (distinctKeys * size) / Math.max(1, workingSetBytes))));
  }

  curve(options: StackCurveOptions = {}): StackCurve {
    const { workingSetBytes } = this.totals();
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
