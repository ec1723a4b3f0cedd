/**
 * Every way the cache model knowingly departs from redis-server 7.x. Shown in the fidelity
 * report; a departure that is not listed here is a bug.
 */
export const DEPARTURES: readonly string[] = [
  'Dict rehashing is instantaneous: Redis rehashes incrementally, so for a while it holds both tables (more memory), samples from both, and does not grow again until done. Entries end up in the order a finished rehash leaves them.',
  'Bucket hashing uses murmur3 fmix32 of the integer key id with a seeded xor, not SipHash of the key bytes: the same bucket statistics, not the same buckets as a real server.',
  'One database (db 0); namespaces are id ranges in it. Eviction and expiry in Redis iterate all databases.',
  'Randomness comes from one injected generator; Redis uses genrand64 for sampling, random() for chain picks and rand() for LFU increments.',
  'The LRU clock and the LFU minute clock are read from the command\'s virtual time; Redis reads a clock cached by serverCron, which lags by up to 1000/hz ms.',
  'Active expiry: the slow cycle\'s CPU budget (25 % + 2 %·(effort−1) of a cron tick) is spent by an estimated cost per visited bucket (0.02 µs), sampled key (0.1 µs) and expired key (1 µs) instead of wall time. The fast cycle run from beforeSleep is not modelled.',
  'Hash-field expiration (redis-7.4, fieldTtl): due fields expire from one time-ordered heap (Redis orders hashes by their next field expiry, then a hash\'s fields), up to 10000/hz a call and 16 calls a slow cycle, each field costing an estimated 4 µs of the cycle\'s time limit; fields are not expired lazily on access, the run\'s hashes are never partially read, and db->hexpires\' own memory (≈ 1.5 bytes a hash) is not counted in the run.',
  'Eviction time limit (maxmemory-eviction-tenacity) is not modelled: eviction always continues until used memory is under maxmemory or nothing is left to evict.',
  'Values are non-integer strings: no int encoding and no shared integers 0…9999.',
  'used_memory covers startup memory (the profile\'s used_memory_startup, 876.5 kB on redis-7.0, non-cluster figures also used in cluster mode), what a serving server holds besides keys as the plan implies it or a live run measured it (connections with their buffers at a fixed size, one 24.7 kB latency histogram per command run, cached scripts; see result cache.nonKeyMemory), keys, values, dict entries, hash-table buckets and what the engine reports via setOverheadMemoryBytes (pub/sub output buffers); query and reply buffers as they grow and shrink with the traffic, replication backlog, AOF buffers and allocator fragmentation are not modelled.',
  'hz is fixed (no dynamic-hz); no fork is ever running, so tables always resize and accesses always touch.',
  'Cluster mode: entry sizes follow the profile (48 bytes on redis-7.0, 40 on 7.2, 24 on 7.4 whose kvstore drops the slot links, valkey-8.0\'s embedded entries). Profiles with clusterEvictionSampling: slot (redis-7.4, valkey-8.0) keep the main dict per hash slot as kvstore does (a slot\'s dict struct and table counted while it holds keys, a fair random slot weighted by its keys sampled per pool fill, 16 slot tables tried for shrinking per cron tick); in a run a key\'s slot is CRC16 of its name as the live engine writes it on a managed server (a user\'s run prefix is not hashed), elsewhere a uniform hash of its id; the expires dict stays one per database (volatile-* policies sample it whole), and Redis 7.4\'s shrinking of a table on delete is not modelled. 7.0 and 7.2 keep one dict per database.',
  'Server profiles other than redis-7.0 take their startup memory, key and object sizes from their own measurements; connections, command histograms and the rest of a running server\'s memory (server-memory.ts) are 7.0\'s measurements for every profile.',
  'MEMORY USAGE counts the dictEntry as 24 bytes in cluster mode too.',
];
