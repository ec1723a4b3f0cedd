/**
 * Copy-on-write headroom for fork-based persistence. BGSAVE (rdb, hybrid) and the AOF rewrite
 * (aof-*) fork a child that writes the dataset to disk; every page the parent writes meanwhile is
 * copied. The stated rule: the child lives dataset ÷ FORK_WRITE_BYTES_PER_SEC (at least 1 s),
 * and each SET in that time copies at least one 4 KiB page (the entry's size when larger), never
 * more than the dataset itself (the worst case, every page touched). Reported against maxmemory.
 */
import { bytesText as formatSizeBytes } from '../cluster-memory';
import type { PersistenceMode } from '../../model';
import type { RunResult } from '../result';

/** How fast the forked child writes the dataset (RDB serialisation to local disk). */
export const FORK_WRITE_BYTES_PER_SEC = 100 * 1024 * 1024;
export const PAGE_BYTES = 4096;

export interface ForkHeadroom {
  bytes: number;
  recommendation: string;
}

export function forkHeadroom(persistence: { mode: PersistenceMode }, result: RunResult): ForkHeadroom | null {
  if (persistence.mode === 'none') return null;
  const { cache } = result;
  const dataset = cache.peakMemoryBytes;
  const forkSec = Math.max(1, dataset / FORK_WRITE_BYTES_PER_SEC);
  const setsPerSec = cache.sets / Math.max(1, result.durationMs / 1000);
  const entryBytes = Math.max(PAGE_BYTES, dataset / Math.max(1, cache.keys));
  const bytes = Math.round(Math.min(dataset, setsPerSec * entryBytes * forkSec));
  const what = persistence.mode === 'rdb' ? 'BGSAVE' : persistence.mode === 'hybrid' ? 'the AOF rewrite (RDB preamble)' : 'the AOF rewrite';
  const limit = cache.maxmemoryBytes > 0
    ? `keep the machine's memory at least maxmemory ${formatSizeBytes(cache.maxmemoryBytes)} + ${formatSizeBytes(bytes)} (worst case, every page touched: 2 × maxmemory)`
    : `no maxmemory is set: keep ${formatSizeBytes(bytes)} free above the dataset's ${formatSizeBytes(dataset)} (worst case: the dataset again)`;
  return {
    bytes,
    recommendation: `Fork copy-on-write: ${what} forks a child for about ${forkSec.toFixed(1)} s while ${Math.round(setsPerSec)} SETs/s each copy a ${formatSizeBytes(Math.round(entryBytes))} page: ~${formatSizeBytes(bytes)} of headroom; ${limit}.`,
  };
}
