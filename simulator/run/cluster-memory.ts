/**
 * What a design's maxmemory means on a cluster. The design describes one cache: its maxmemory is
 * the memory the whole cache may hold, and its eviction preset evicts once the keys outgrow it. A
 * cluster runs that cache on N masters, each with its own maxmemory; given the design's value each,
 * the cluster would hold N times as much and evict nothing where one server would. So each master
 * gets maxmemory ÷ N (rounded down to a byte), and the run says so: the total stays the design's,
 * but a shard whose slots hold more than its share evicts sooner than one server would.
 */
import { formatSizeBytes } from '../model/units';

export interface ClusterMemory {
  /** maxmemory set on each master (0: no limit, as in the design). */
  perShardBytes: number;
  /** The note for the run's warnings, or null when nothing changes (no limit, one shard). */
  note: string | null;
  /** The same in one line, said before the run (the app's Run settings), or null. */
  brief: string | null;
}

/** Each master's maxmemory on a cluster of `shards` masters, and the note that says so. */
export function clusterMemory(maxmemoryBytes: number, shards: number): ClusterMemory {
  if (maxmemoryBytes <= 0 || shards <= 1) return { perShardBytes: Math.max(0, maxmemoryBytes), note: null, brief: null };
  const perShardBytes = Math.floor(maxmemoryBytes / shards);
  return {
    perShardBytes,
    note: `maxmemory ${formatSizeBytes(maxmemoryBytes)} is the design's whole cache: on this ${shards}-shard cluster each master got ${bytesText(perShardBytes)} (${formatSizeBytes(maxmemoryBytes)} ÷ ${shards}), `
      + `so the cluster holds what one server would and the eviction policy still evicts. Keys spread over the shards by hash slot: a shard holding more than its share evicts sooner than one server would. `
      + `The design's maxmemory on every shard would have given the cluster ${bytesText(maxmemoryBytes * shards)} and changed what the design means.`,
    brief: `Each of the ${shards} masters gets maxmemory ${bytesText(perShardBytes)} (the design's ${formatSizeBytes(maxmemoryBytes)} ÷ ${shards}): the cluster holds what one server would, not ${bytesText(maxmemoryBytes * shards)}.`,
  };
}

/** A byte count in Redis's units, to a tenth where it is not whole: 22369621 → `21.3mb`. */
export function bytesText(bytes: number): string {
  const exact = formatSizeBytes(bytes);
  if (/[kmg]b$/.test(exact)) return exact;
  for (const [unit, size] of [['gb', 1024 ** 3], ['mb', 1024 ** 2], ['kb', 1024]] as const) {
    if (bytes >= size) return `${(bytes / size).toFixed(1)}${unit}`;
  }
  return exact;
}
