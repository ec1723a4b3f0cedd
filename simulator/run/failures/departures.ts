/** Where the simulated failure timeline departs from Redis, Sentinel and ioredis (named, never silent). */
export const FAILURE_DEPARTURES: readonly string[] = [
  'failures: Sentinel promotes a replica PROMOTION_MS (1 s) after down-after-milliseconds (vote, REPLICAOF NO ONE, clients asking Sentinel for the new primary), a cluster 1 s after cluster-node-timeout; failover-timeout, parallel-syncs and a failed election are not modelled; a sentinel-failover\'s restartAfter (the old primary back as a replica) changes nothing for clients.',
  'failures: while Redis is unreachable a command fails after commandTimeout (ioredis queues it offline until then); one sent less than commandTimeout before Redis is back is served, its wait not added to its latency. -LOADING after a restart and a manual failover\'s disconnects fail at once.',
  'failures: a restart loads keys at loadRate; rdb keeps the keyspace of the last snapshot (one every rdbEvery from run start), aof-everysec and hybrid all but the last second, aof-always everything. A key SET again after the snapshot reverts to its previous SET (stale) with the newer TTL; keys deleted after the snapshot do not come back.',
  'failures: a promoted replica lacks the SETs of the last replication lag (none with WAIT ≥ 1), reverting them as a restart does; lost DELs (sent during the window) are counted, not replayed.',
  'failures: a partition\'s share applies per request (and per key for the SETs and DELs of loads and rules), not per client; in a cluster, keys belong to a shard by a hash of the key id, not by their hash slot.',
  'failures: while Redis is down the model keeps the keyspace that will survive (used memory does not drop to zero), and writes still reach the origin; only their cache commands fail.',
];
