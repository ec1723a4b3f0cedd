/**
 * Redis 7.0 (Debian's 7.0.15): the reference every other profile states its differences from.
 * Measured: fixtures/redis-7.0.json.
 */
import type { ServerProfile } from './profile-schema';

export const REDIS_7_0 = {
  id: 'redis-7.0',
  measuredOn: 'redis 7.0.15 (Debian)',
  serverName: 'redis',
  versionPrefix: '7.0',
  image: 'redis:7.0',
  binaries: { server: 'redis-server', cli: 'redis-cli' },
  // 876 192 … 876 792 bytes depending on the configuration.
  jemallocQuantumBytes: 16,
  usedMemoryStartupBytes: 876_500,
  mainDict: {
    entryStructBytes: 24, entryBytes: 32, clusterEntryBytes: 48,
    embedsKey: false, embeddedEntryHeaderBytes: 0, expireEntryBytes: 32, slotDictBytes: 0,
  },
  objects: {
    robjBytes: 16, embstrSizeLimitBytes: 44, dictStructBytes: 56, dictEntryStructBytes: 24,
    setEntry: 'entry', setEntryUsageAllocated: false, setPresized: false, hashFieldString: 'sds', quicklistBytes: 40, quicklistNodeBytes: 40,
    zsetStructBytes: 16, zskiplistBytes: 32, zskiplistHeaderBytes: 640,
    rehashStepsPerAdd: { hash: 2, set: 1, zset: 2 },
  },
  encodings: {
    hashMaxListpackEntries: 512, hashMaxListpackValue: 64, setMaxIntsetEntries: 512,
    setMaxListpackEntries: 0, setMaxListpackValue: 64, zsetMaxListpackEntries: 128, zsetMaxListpackValue: 64,
    listMaxListpackSize: -2, smallListIsListpack: false,
  },
  clusterEvictionSampling: 'db',
  hashFieldExpiry: null,
  policies: [
    'noeviction', 'allkeys-lru', 'volatile-lru', 'allkeys-lfu', 'volatile-lfu',
    'allkeys-random', 'volatile-random', 'volatile-ttl',
  ],
  configSettings: [
    'maxmemory', 'maxmemory-policy', 'maxmemory-samples', 'lfu-log-factor', 'lfu-decay-time', 'hz',
    'active-expire-effort', 'client-output-buffer-limit', 'notify-keyspace-events',
    'save', 'appendonly', 'appendfsync', 'aof-use-rdb-preamble',
  ],
  unmodelledCases: [],
  differences: [],
} as const satisfies ServerProfile;
