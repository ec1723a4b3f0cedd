/**
 * The redis.conf lines of a design's `server.persistence` (none writes nothing: Redis's own
 * defaults stay), with the fork copy-on-write headroom as the comment of the first one.
 */
import type { Design } from '../model';
import { formatDurationMs, formatSizeBytes, parseDurationMs, parseSizeBytes } from '../model';
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

/** Redis 7's snapshots when redis.conf has no `save` line. */
const REDIS_DEFAULT_SAVE = '3600 1 300 100 60 10000';

/** The directives persistenceFromConf reads (the last value of each, as Redis keeps it). */
export const PERSISTENCE_DIRECTIVES = new Set(['save', 'appendonly', 'appendfsync', 'aof-use-rdb-preamble']);

/**
 * `server.persistence` from a redis.conf's persistence directives (the reverse of
 * persistenceSettings); null when the file sets none of them. Redis's defaults fill the gaps
 * (save 3600 1 300 100 60 10000, aof-use-rdb-preamble yes, appendfsync everysec); of several save
 * rules, the one that needs a single change gives rdbEvery (else the shortest).
 */
export function persistenceFromConf(values: ReadonlyMap<string, string>): { mode: string; rdbEvery?: string } | null {
  if (![...PERSISTENCE_DIRECTIVES].some((name) => values.has(name))) return null;
  const words = (values.get('save') ?? REDIS_DEFAULT_SAVE).split(/\s+/).filter((w) => w !== '').map(Number);
  const rules = words.flatMap((seconds, i) => (i % 2 === 0 && seconds > 0 ? [{ seconds, changes: words[i + 1] }] : []));
  const rule = rules.find((r) => r.changes === 1) ?? rules.sort((a, b) => a.seconds - b.seconds)[0];
  const rdbEvery = rule ? formatDurationMs(rule.seconds * 1000) : undefined;
  if (values.get('appendonly') === 'yes') {
    if (values.get('appendfsync') === 'always') return { mode: 'aof-always' };
    if (values.get('aof-use-rdb-preamble') === 'no') return { mode: 'aof-everysec' };
    return rdbEvery ? { mode: 'hybrid', rdbEvery } : { mode: 'hybrid' };
  }
  return rdbEvery ? { mode: 'rdb', rdbEvery } : { mode: 'none' };
}
