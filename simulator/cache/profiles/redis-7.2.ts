/**
 * Redis 7.2 (7.2.6 built from ../shared/vendor). Measured: fixtures/redis-7.2.json.
 */
import type { ServerProfile } from './profile-schema';
import { REDIS_7_0 } from './redis-7.0';

export const REDIS_7_2 = {
  ...REDIS_7_0,
  id: 'redis-7.2',
  measuredOn: 'redis 7.2.6 (built from source)',
  versionPrefix: '7.2',
  image: 'redis:7.2',
  jemallocQuantumBytes: 8,
  usedMemoryStartupBytes: 866_120,
  mainDict: {
    ...REDIS_7_0.mainDict,
    // 24-byte entries get their own size class; cluster mode's 16 bytes of slot links make 40.
    entryBytes: 24, clusterEntryBytes: 40, expireEntryBytes: 24,
  },
  objects: { ...REDIS_7_0.objects, setEntry: 'no-value', setPresized: true },
  encodings: { ...REDIS_7_0.encodings, setMaxListpackEntries: 128, smallListIsListpack: true },
  differences: [
    'jemalloc is built with an 8-byte quantum: 24-, 40- and 56-byte size classes, so dict entries (24 bytes) and small strings cost less than on 7.0.',
    'Small sets of strings (≤ 128 members of ≤ 64 bytes) are listpacks; 7.0 made them hashtables.',
    'A list that fits one node is a plain listpack, not a one-node quicklist.',
    'A set\'s hashtable stores a member bare in an empty bucket (no dictEntry), and SADD sizes a new set\'s table for its members up front.',
    'used_memory_startup is 866 kB (876 kB on 7.0).',
  ],
} as const satisfies ServerProfile;
