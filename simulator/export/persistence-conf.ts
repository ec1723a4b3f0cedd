/**
 * The redis.conf lines of a design's `server.persistence` (none writes nothing: Redis's own
 * defaults stay), with the fork copy-on-write headroom as the comment of the first one.
 */
import type { Design } from '../model';
import { formatSizeBytes, parseDurationMs, parseSizeBytes } from '../model';
import type { ConfSetting } from './facts';

export function persistenceSettings(design: Design): ConfSetting[] {
  const { persistence, maxmemory } = design.server;
  if (persistence.mode === 'none') return [];
  const parsedEvery = parseDurationMs(persistence.rdbEvery);
  const seconds = Math.max(1, Math.round((parsedEvery.ok ? parsedEvery.value : 300_000) / 1000));
  const limit = parseSizeBytes(maxmemory);
  const maxmemoryBytes = limit.ok ? limit.value : 0;
  const headroom = `fork copy-on-write: BGSAVE and the AOF rewrite copy every page written while the child runs; keep the machine's memory above maxmemory + that headroom `
    + `(worst case 2 × maxmemory${maxmemoryBytes > 0 ? ` = ${formatSizeBytes(2 * maxmemoryBytes)}` : ''}; keyspace run estimates it as failures.forkHeadroomBytes)`;
  const snapshots: ConfSetting = { name: 'save', value: `${seconds} 1`, comment: `a snapshot every ${persistence.rdbEvery} if a key changed: a crash loses what came after the last one` };
  const noSnapshots: ConfSetting = { name: 'save', value: '', comment: 'no RDB snapshots besides the AOF' };
  switch (persistence.mode) {
    case 'rdb':
      return [{ ...snapshots, comment: `persistence rdb: ${snapshots.comment}; ${headroom}` }, { name: 'appendonly', value: 'no', comment: 'no AOF' }];
    case 'aof-everysec':
    case 'aof-always': {
      const fsync = persistence.mode === 'aof-always' ? 'always' : 'everysec';
      return [
        { name: 'appendonly', value: 'yes', comment: `persistence ${persistence.mode}: ${fsync === 'always' ? 'every write is fsynced before the reply (nothing lost, slower writes)' : 'fsync once a second (a crash loses about the last second)'}; ${headroom}` },
        { name: 'appendfsync', value: fsync, comment: 'when the AOF is flushed to disk' },
        { name: 'aof-use-rdb-preamble', value: 'no', comment: 'a plain AOF (hybrid would start it with an RDB snapshot)' },
        noSnapshots,
      ];
    }
    case 'hybrid':
      return [
        { name: 'appendonly', value: 'yes', comment: `persistence hybrid: AOF fsynced every second behind an RDB preamble (fast restarts, about the last second lost); ${headroom}` },
        { name: 'appendfsync', value: 'everysec', comment: 'when the AOF is flushed to disk' },
        { name: 'aof-use-rdb-preamble', value: 'yes', comment: 'the AOF rewrite starts with an RDB snapshot' },
        snapshots,
      ];
  }
}
