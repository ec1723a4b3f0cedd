/**
 * Where the pub/sub model departs from Redis and from real workers and clients. Named here, shown
 * in the fidelity report, never silent.
 */
export const PUBSUB_DEPARTURES: string[] = [
  'pubsub: clients are aggregated into cohorts (same audience, followed channels, worker, speed and reconnect lane); a cohort behaves as one client whose counts are multiplied by its size — exact for identical clients, which is what the model makes them.',
  'pubsub: a worker pays its per-client send cost for a whole cohort at once, so all clients of a cohort get a message at the end of that block (a per-client loop would reach the first of them up to size × sendCost earlier).',
  'pubsub: reconnect jitter has the resolution of the reconnect lanes (default 8): clients of one cohort come back together, and a reconnect-storm share is rounded to whole lanes.',
  'pubsub: Redis service times are fixed per message and per subscriber (defaults 3 µs and 1 µs) instead of measured; pattern subscriptions (PSUBSCRIBE) and their per-publish match cost are not modelled.',
  'pubsub: pub/sub CPU on a node is not shared with the cache simulation\'s commands; output buffer bytes are reported to the cache model, CPU is not.',
  'pubsub: a classic PUBLISH is sent to the node owning the channel\'s slot (as a cluster client routes it); real publishers may use any node. Each worker holds one classic subscriber link, to node (worker mod nodes).',
  'pubsub: output buffers count RESP bytes of each push; Redis\'s 16 KB reply blocks, the kernel socket buffers (a few hundred KB that delay an overflow) and the client query buffer are not modelled.',
  'pubsub: a worker reads a push off its link when its loop takes it (not earlier into its own memory); under the block policy the loop stops reading until the full client queue takes its head.',
  'pubsub: clients take messages at a fixed rate (messages/s), not a byte rate; the message being written is never dropped (drop-oldest drops the oldest waiting one).',
  'pubsub: Streams delivery is pull-based (XREADGROUP), never trips an output buffer limit, keeps every entry (no MAXLEN trimming) and its memory is not reported; a failover loses no acknowledged XADD (no replication lag).',
  'pubsub: clients acknowledge Streams messages on fixed ticks of the class\'s ackInterval; a reconnect re-sends every delivery after the last tick (duplicates) and a message can be re-sent more than once if reconnects repeat.',
  'pubsub: while a shard fails over, publishers hold their messages and retry when the replica is promoted (none is dropped by the publisher); node jobs accepted before the failure still complete.',
  'pubsub: reconnecting clients return to their own worker (a load balancer would spread them over the live ones); workers stay subscribed to their channels while their clients are away.',
  'pubsub: publish rates are constant over the run (they do not follow the cache traffic phases); a publish has one payload size drawn from the group\'s distribution.',
  'pubsub: the fan-out of one message by a worker is computed when the loop takes it; events during that fan-out (a disconnect, a snapshot) see it as already done.',
];
