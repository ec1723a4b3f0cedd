/**
 * INFO as numbers: the fields a live run samples, and running totals that survive a server
 * restart (INFO counters start again from 0 when redis-server restarts; a total must not go
 * backwards or count the restart as a huge negative delta).
 */

/** The INFO fields a run reads. */
export interface InfoSample {
  keyspaceHits: number;
  keyspaceMisses: number;
  evictedKeys: number;
  expiredKeys: number;
  usedMemory: number;
  usedMemoryPeak: number;
  /** Memory of normal clients' buffers and structs (mem_clients_normal), part of used_memory. */
  memClientsNormal: number;
  connectedClients: number;
  /** Keys in the run's DB (db<N>:keys=…). */
  keys: number;
  /** Keys with a TTL in the run's DB. */
  expires: number;
  /** Keys in every DB of the server. */
  keysAllDbs: number;
  runId: string;
  uptimeSec: number;
  /** The server's own version: valkey_version on Valkey (whose redis_version is a compatibility 7.2.4), else redis_version. */
  version: string;
  /** INFO server_name ('valkey' on Valkey 8), else 'redis'. */
  serverName: string;
  maxmemory: number;
  maxmemoryPolicy: string;
}

/** Parses INFO's text: `name:value` lines, `# Section` headers and blank lines. */
export function parseInfoFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0 || line.startsWith('#')) continue;
    fields.set(line.slice(0, colon), line.slice(colon + 1).trimEnd());
  }
  return fields;
}

/** Parses `keys=10,expires=2,avg_ttl=0` of an INFO keyspace line. */
function keyspaceLine(value: string | undefined): { keys: number; expires: number } {
  if (value === undefined) return { keys: 0, expires: 0 };
  const keys = /(?:^|,)keys=(\d+)/.exec(value);
  const expires = /(?:^|,)expires=(\d+)/.exec(value);
  return { keys: keys ? Number(keys[1]) : 0, expires: expires ? Number(expires[1]) : 0 };
}

/** The sample a run needs from INFO text (all sections) for database `db`. */
export function parseInfo(text: string, db: number): InfoSample {
  const fields = parseInfoFields(text);
  const number = (name: string): number => {
    const value = Number(fields.get(name));
    return Number.isFinite(value) ? value : 0;
  };
  let keysAllDbs = 0;
  for (const [name, value] of fields) if (/^db\d+$/.test(name)) keysAllDbs += keyspaceLine(value).keys;
  const own = keyspaceLine(fields.get(`db${db}`));
  return {
    keyspaceHits: number('keyspace_hits'),
    keyspaceMisses: number('keyspace_misses'),
    evictedKeys: number('evicted_keys'),
    expiredKeys: number('expired_keys'),
    usedMemory: number('used_memory'),
    usedMemoryPeak: number('used_memory_peak'),
    memClientsNormal: number('mem_clients_normal'),
    connectedClients: number('connected_clients'),
    keys: own.keys,
    expires: own.expires,
    keysAllDbs,
    runId: fields.get('run_id') ?? '',
    uptimeSec: number('uptime_in_seconds'),
    version: fields.get('valkey_version') ?? fields.get('redis_version') ?? '',
    serverName: fields.get('server_name') ?? (fields.has('valkey_version') ? 'valkey' : 'redis'),
    maxmemory: number('maxmemory'),
    maxmemoryPolicy: fields.get('maxmemory_policy') ?? '',
  };
}

const COUNTERS = ['keyspaceHits', 'keyspaceMisses', 'evictedKeys', 'expiredKeys'] as const;
export type CounterName = (typeof COUNTERS)[number];

/**
 * Counters since the run's baseline, carried across server restarts: when the server's run_id
 * changes (or a counter goes down), what was counted before the restart is kept and the new
 * server's counters add to it.
 */
export class InfoTotals {
  private readonly carried: Record<CounterName, number> = { keyspaceHits: 0, keyspaceMisses: 0, evictedKeys: 0, expiredKeys: 0 };
  private baseline: Record<CounterName, number>;
  private last: InfoSample;
  restarts = 0;

  constructor(first: InfoSample) {
    this.baseline = pick(first);
    this.last = first;
  }

  /** Adds a newer sample; returns the totals since the baseline. */
  update(sample: InfoSample): Record<CounterName, number> {
    const restarted = sample.runId !== this.last.runId
      || COUNTERS.some((name) => sample[name] < this.last[name]);
    if (restarted) {
      for (const name of COUNTERS) this.carried[name] += this.last[name] - this.baseline[name];
      this.baseline = { keyspaceHits: 0, keyspaceMisses: 0, evictedKeys: 0, expiredKeys: 0 };
      this.restarts++;
    }
    this.last = sample;
    return this.totals();
  }

  totals(): Record<CounterName, number> {
    const out = { keyspaceHits: 0, keyspaceMisses: 0, evictedKeys: 0, expiredKeys: 0 };
    for (const name of COUNTERS) out[name] = this.carried[name] + this.last[name] - this.baseline[name];
    return out;
  }

  get latest(): InfoSample {
    return this.last;
  }
}

function pick(sample: InfoSample): Record<CounterName, number> {
  return { keyspaceHits: sample.keyspaceHits, keyspaceMisses: sample.keyspaceMisses, evictedKeys: sample.evictedKeys, expiredKeys: sample.expiredKeys };
}
