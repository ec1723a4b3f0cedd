/**
 * Valkey 8.0 (8.0.1 built from ../shared/vendor), forked from Redis 7.2.4. Measured:
 * fixtures/valkey-8.0.json.
 */
import type { ServerProfile } from './profile-schema';
import { REDIS_7_2 } from './redis-7.2';

export const VALKEY_8_0 = {
  ...REDIS_7_2,
  id: 'valkey-8.0',
  measuredOn: 'valkey 8.0.1 (built from source)',
  serverName: 'valkey',
  versionPrefix: '8.0',
  image: 'valkey/valkey:8.0',
  binaries: { server: 'valkey-server', cli: 'valkey-cli' },
  usedMemoryStartupBytes: 912_320,
  mainDict: {
    ...REDIS_7_2.mainDict,
    // dictEntryEmbedded: value and next pointers, the key's header size (17 bytes), then the key's sds (sdshdr8: 3).
    embedsKey: true, embeddedEntryHeaderBytes: 20,
    // Measured in cluster mode: a slot's first key costs 112 bytes more than the next (a 4-bucket table and an 80-byte dict).
    slotDictBytes: 80,
  },
  objects: { ...REDIS_7_2.objects, setEntryUsageAllocated: true },
  clusterEvictionSampling: 'slot',
  differences: [
    ...REDIS_7_2.differences.filter((difference) => !difference.startsWith('used_memory_startup')),
    'The key lives inside its main-dict entry (one allocation of 17 bytes + the key\'s sds), not in an sds of its own beside a 24-byte entry.',
    'MEMORY USAGE counts a set\'s hashtable entries as allocated (none for a member alone in its bucket), not 24 bytes each.',
    'used_memory_startup is 912 kB (876 kB on 7.0).',
    'Cluster mode keeps one dict per slot (kvstore), as Redis 7.4 does: a slot\'s dict (80 bytes) and its table exist while the slot holds keys, and eviction samples one slot\'s dict at a time.',
  ],
} as const satisfies ServerProfile;
