import { describe, expect, it } from 'vitest';
import { matchProfile, SERVER_VERSIONS } from '../../cache';
import type { ServerVersion } from '../../cache';
import { InfoTotals, parseInfo } from './info';

const text = (fields: Record<string, string | number>, keyspace = 'db0:keys=10,expires=4,avg_ttl=0\r\ndb3:keys=5,expires=0,avg_ttl=0'): string =>
  `# Server\r\nredis_version:7.0.15\r\nrun_id:${fields.run_id ?? 'a'}\r\nuptime_in_seconds:5\r\n\r\n# Stats\r\n${Object.entries(fields)
    .filter(([name]) => name !== 'run_id').map(([name, value]) => `${name}:${value}`).join('\r\n')}\r\n\r\n# Keyspace\r\n${keyspace}\r\n`;

describe('parseInfo', () => {
  it('reads the counters, memory and the keys of the chosen DB and of all DBs', () => {
    const sample = parseInfo(text({ keyspace_hits: 7, keyspace_misses: 3, evicted_keys: 2, expired_keys: 1, used_memory: 1000, mem_clients_normal: 40, maxmemory: 4096, maxmemory_policy: 'allkeys-lru' }), 3);
    expect(sample).toMatchObject({
      keyspaceHits: 7, keyspaceMisses: 3, evictedKeys: 2, expiredKeys: 1, usedMemory: 1000, memClientsNormal: 40,
      keys: 5, expires: 0, keysAllDbs: 15, version: '7.0.15', runId: 'a', maxmemory: 4096, maxmemoryPolicy: 'allkeys-lru',
    });
    expect(parseInfo(text({}, ''), 0)).toMatchObject({ keys: 0, keysAllDbs: 0, keyspaceHits: 0, serverName: 'redis' });
  });

  it('reads Valkey\'s own version (its redis_version is a compatibility 7.2.4) and the profile that models it', () => {
    const valkey = parseInfo(text({ server_name: 'valkey', valkey_version: '8.0.1' }).replace('redis_version:7.0.15', 'redis_version:7.2.4'), 0);
    expect(valkey).toMatchObject({ version: '8.0.1', serverName: 'valkey' });
    expect(matchProfile(valkey.serverName, valkey.version)?.id).toBe(SERVER_VERSIONS.includes('valkey-8.0' as ServerVersion) ? 'valkey-8.0' : undefined);
    const redis = parseInfo(text({}), 0);
    expect(matchProfile(redis.serverName, redis.version)?.id).toBe('redis-7.0');
    expect(matchProfile('redis', '7.4.1')?.id).toBe('redis-7.4');
    expect(matchProfile('redis', '6.2.14')).toBeNull();
  });
});

describe('InfoTotals', () => {
  it('counts from the baseline and carries the totals across a server restart', () => {
    const at = (hits: number, runId = 'a') => parseInfo(text({ keyspace_hits: hits, keyspace_misses: 0, evicted_keys: 0, expired_keys: 0, run_id: runId }), 0);
    const totals = new InfoTotals(at(100));
    expect(totals.update(at(150)).keyspaceHits).toBe(50);
    // Restarted: a new run_id and counters from zero.
    expect(totals.update(at(10, 'b')).keyspaceHits).toBe(60);
    expect(totals.update(at(30, 'b')).keyspaceHits).toBe(80);
    expect(totals.restarts).toBe(1);
  });
});
