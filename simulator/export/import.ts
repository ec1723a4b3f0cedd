/**
 * Reading exports back into a design: TTLs (and pool, rate limit, cluster flag) from a `.env`,
 * server settings from a redis.conf. Only what maps to one design field without guessing is
 * imported; everything else is listed as an ambiguity (skipped) or a note (not part of a design).
 */
import type { Design } from '../model';
import { formatDurationMs, TTL_NONE } from '../model';
import { constName, uniqueNames } from './names';

export interface ImportResult {
  /** A partial design: only the fields read unambiguously. */
  fragment: Record<string, unknown>;
  /** Values that were skipped because they could mean more than one thing (or nothing valid). */
  ambiguities: string[];
  /** Settings that are not part of a design (connection URL, notifications), ignored. */
  notes: string[];
}

export interface ImportOptions {
  /** The design the values go into: maps namespaces to data classes and checks names. */
  design?: Design;
  /** The TTL matrix column; default KEYSPACE_ENVIRONMENT from the file. */
  environment?: string;
}

export function setIn(target: Record<string, unknown>, path: ReadonlyArray<string>, value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[path[path.length - 1]] = value;
}

/** dotenv's syntax: `KEY=value`, `export KEY=…`, quotes, `# comments`; later keys win. */
export function parseEnvText(text: string): { values: Map<string, string>; conflicts: string[] } {
  const values = new Map<string, string>();
  const conflicts: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*)$/.exec(raw);
    if (!match) continue;
    let value = match[2];
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && value.indexOf(quote, 1) > 0) {
      value = value.slice(1, value.indexOf(quote, 1));
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
    } else {
      value = value.replace(/\s+#.*$/, '').replace(/^#.*$/, '').trim();
    }
    const previous = values.get(match[1]);
    if (previous !== undefined && previous !== value) conflicts.push(`${match[1]} is set twice (${previous} and ${value}); the last one counts, as for dotenv`);
    values.set(match[1], value);
  }
  return { values, conflicts };
}

function percentOf(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(12))}%`;
}

export function importEnv(text: string, options: ImportOptions = {}): ImportResult {
  const { values, conflicts } = parseEnvText(text);
  const fragment: Record<string, unknown> = {};
  const ambiguities: string[] = [];
  const notes: string[] = [...conflicts];
  const environment = options.environment ?? values.get('KEYSPACE_ENVIRONMENT');
  const design = options.design;
  if (design && environment && !design.environments.includes(environment)) {
    ambiguities.push(`environment "${environment}" is not one of the design's (${design.environments.join(', ')}); TTLs not imported`);
  }
  const envNames = design ? uniqueNames(design.namespaces.map((ns) => ns.name), constName) : [];
  const byClass = new Map<string, Array<{ ns: string; ttl: string; jitter: string }>>();
  for (const [name, value] of values) {
    const match = /^CACHE_TTL_(?!JITTER_)(.+)$/.exec(name);
    if (!match) continue;
    const key = match[1];
    const index = envNames.indexOf(key);
    const nsName = design ? design.namespaces[index]?.name : key.toLowerCase();
    if (design && index < 0) {
      ambiguities.push(`${name}: no namespace of the design is called ${key}`);
      continue;
    }
    const none = value === TTL_NONE;
    const seconds = none ? 0 : Number(value);
    const jitter = Number(values.get(`CACHE_TTL_JITTER_${key}`) ?? '0');
    if (!(value !== '' && seconds >= 0) || !(jitter >= 0 && jitter <= 1)) {
      ambiguities.push(`${name}=${value}: not a TTL in seconds (or ${TTL_NONE}: no expiry) with a jitter between 0 and 1`);
      continue;
    }
    if (none && jitter !== 0) {
      ambiguities.push(`${name}=${TTL_NONE} with CACHE_TTL_JITTER_${key}=${values.get(`CACHE_TTL_JITTER_${key}`) ?? ''}: a key without expiry has no TTL to jitter`);
      continue;
    }
    const fileClass = values.get(`CACHE_CLASS_${key}`);
    const designClass = design?.namespaces[index]?.dataClass;
    if (fileClass && designClass && fileClass !== designClass) {
      ambiguities.push(`${name}: the file puts ${nsName} in data class ${fileClass}, the design in ${designClass}`);
      continue;
    }
    const dataClass = fileClass ?? designClass;
    if (!dataClass) {
      ambiguities.push(`${name}: no CACHE_CLASS_${key}, so its row of the TTL matrix is unknown`);
      continue;
    }
    const list = byClass.get(dataClass) ?? [];
    list.push({ ns: nsName, ttl: none ? TTL_NONE : seconds === 0 ? '0s' : formatDurationMs(Math.round(seconds * 1000)), jitter: percentOf(jitter) });
    byClass.set(dataClass, list);
  }
  if (byClass.size > 0 && !environment) {
    ambiguities.push('no environment: set KEYSPACE_ENVIRONMENT in the file or name one (--env); TTLs not imported');
  } else if (environment && (!design || design.environments.includes(environment))) {
    for (const [dataClass, entries] of byClass) {
      const distinct = new Set(entries.map((e) => `${e.ttl} ${e.jitter}`));
      if (distinct.size > 1) {
        ambiguities.push(`data class ${dataClass}: its namespaces disagree (${entries.map((e) => `${e.ns} ${e.ttl} ±${e.jitter}`).join(', ')}); one class has one TTL per environment`);
      } else {
        setIn(fragment, ['ttlMatrix', dataClass, environment], { ttl: entries[0].ttl, jitter: entries[0].jitter });
      }
    }
  }
  readScalars(values, fragment, ambiguities, notes, design);
  return { fragment, ambiguities, notes };
}

function readScalars(values: Map<string, string>, fragment: Record<string, unknown>, ambiguities: string[], notes: string[], design?: Design): void {
  const bool = (name: string, path: string[]) => {
    const value = values.get(name);
    if (value === undefined) return;
    if (value === 'true' || value === 'false') setIn(fragment, path, value === 'true');
    else ambiguities.push(`${name}=${value}: expected true or false`);
  };
  const pool = values.get('ORIGIN_POOL_SIZE');
  if (pool !== undefined) {
    if (/^\d+$/.test(pool) && Number(pool) >= 1) setIn(fragment, ['origin', 'maxConcurrency'], Number(pool));
    else ambiguities.push(`ORIGIN_POOL_SIZE=${pool}: expected a whole number of connections`);
  }
  const limit = values.get('ORIGIN_RATE_LIMIT_PER_SEC');
  if (limit !== undefined) {
    if (Number(limit) > 0) setIn(fragment, ['origin', 'capacity'], `${Number(limit)}/s`);
    else ambiguities.push(`ORIGIN_RATE_LIMIT_PER_SEC=${limit}: expected queries per second above 0`);
  }
  bool('CACHE_SINGLE_FLIGHT', ['client', 'singleFlight']);
  bool('REDIS_CLUSTER', ['server', 'cluster']);
  const hasPubsub = !design || design.pubsub !== undefined;
  const pubsubKeys = ['PUBSUB_SHARDED', 'PUBSUB_QUEUE_LIMIT', 'PUBSUB_BACKPRESSURE_POLICY', 'PUBSUB_HEARTBEAT_MS'].filter((k) => values.has(k));
  if (pubsubKeys.length > 0 && !hasPubsub) {
    ambiguities.push(`${pubsubKeys.join(', ')}: the design has no pubsub section to put them in`);
  } else if (pubsubKeys.length > 0) {
    const sharded = values.get('PUBSUB_SHARDED');
    if (sharded === 'true' || sharded === 'false') setIn(fragment, ['pubsub', 'topology', 'publish'], sharded === 'true' ? 'sharded' : 'classic');
    const queue = values.get('PUBSUB_QUEUE_LIMIT');
    if (queue !== undefined && /^\d+$/.test(queue)) setIn(fragment, ['pubsub', 'backpressure', 'queueLimit'], Number(queue));
    const policy = values.get('PUBSUB_BACKPRESSURE_POLICY');
    if (policy && ['drop-oldest', 'drop-newest', 'coalesce', 'block'].includes(policy)) setIn(fragment, ['pubsub', 'backpressure', 'policy'], policy);
    const heartbeat = values.get('PUBSUB_HEARTBEAT_MS');
    if (heartbeat !== undefined && /^\d+$/.test(heartbeat)) setIn(fragment, ['pubsub', 'backpressure', 'heartbeat'], formatDurationMs(Number(heartbeat)));
  }
  if (values.has('REDIS_URL')) notes.push('REDIS_URL is not part of a design (give it to export with --url)');
}
