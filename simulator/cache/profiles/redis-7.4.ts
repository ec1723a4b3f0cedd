/**
 * Redis 7.4 (7.4.1 built from ../shared/vendor). Measured: fixtures/redis-7.4.json.
 */
import type { ServerProfile } from './profile-schema';
import { REDIS_7_2 } from './redis-7.2';

export const REDIS_7_4 = {
  ...REDIS_7_2,
  id: 'redis-7.4',
  measuredOn: 'redis 7.4.1 (built from source)',
  versionPrefix: '7.4',
  image: 'redis:7.4',
  usedMemoryStartupBytes: 946_536,
  // kvstore: cluster mode keeps one dict per slot and no slot links in the entries; a slot's dict
  // is 56 bytes + an 8-byte rehashing-list pointer (measured: a slot's first key costs 96 bytes
  // more than the next, its dict and a 4-bucket table).
  mainDict: { ...REDIS_7_2.mainDict, clusterEntryBytes: 24, slotDictBytes: 64 },
  clusterEvictionSampling: 'slot',
  hashFieldExpiry: {
    activeExpireFieldsPerSecond: 10_000, listpackExBytes: 32, listpackTtlEntryBytes: 10, fieldMetaBytes: 18, dictMetadataBytes: 32,
    ebucketsSegmentItems: 16, ebucketsSegmentBytes: 24,
  },
  differences: [
    ...REDIS_7_2.differences.filter((difference) => !difference.startsWith('used_memory_startup')),
    'used_memory_startup is 947 kB (876 kB on 7.0).',
    'Hash fields can carry TTLs (HEXPIRE): a small hash with field TTLs is a listpackex (a 32-byte header and a 10-byte TTL entry per field), a large one stores each field with 16 bytes of expiry metadata; the active cycle expires at most 10000/hz fields per call besides the keys.',
    'Cluster mode keeps one dict per slot (kvstore): entries carry no slot links (24 bytes, not 40), and a slot\'s dict (64 bytes) and its table exist while the slot holds keys, and eviction samples one slot\'s dict at a time (a random slot weighted by its keys).',
  ],
} as const satisfies ServerProfile;
