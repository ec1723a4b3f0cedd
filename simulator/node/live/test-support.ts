/** Designs and plans for this folder's tests (no test-framework imports). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Override } from '../../model';
import { applyOverrides, loadDesign } from '../../model';
import type { RunPlan } from '../../run';
import { compilePlan } from '../../run';
import { Redis } from 'ioredis';
import { startManagedRedis, type ManagedRedis } from '../redis';

export interface SmallDesignOptions {
  keys?: number;
  valueSize?: string;
  rate?: string;
  duration?: string;
  maxmemory?: string;
  policy?: string;
  ttl?: string;
  readWrite?: string;
  rules?: string;
  origin?: string;
  /** More fields of `server:` (inline YAML, e.g. `persistence: { mode: rdb }`). */
  serverFields?: string;
  /** More fields of `client:`. */
  clientFields?: string;
  /** More top-level sections (block YAML, e.g. a `failures:` list). */
  sections?: string;
}

/** p99 lag of the live client beyond which its timeline no longer is the plan's (fidelity tests). */
export const MAX_LAG_P99_MS = 2000;

/** A design's plan in its dev environment; a design that does not load throws its errors. */
export function devPlan(text: string): RunPlan {
  const loaded = loadDesign(text);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return compilePlan(loaded.design, { environment: 'dev' });
}

/** A one-namespace cache-aside design, small enough for a test to replay live in seconds. */
export function smallPlan(options: SmallDesignOptions = {}): RunPlan {
  return devPlan(smallDesignYaml(options));
}

/** The YAML of smallPlan's design (for tests that run the CLI on a file). */
export function smallDesignYaml(options: SmallDesignOptions = {}): string {
  return `version: 1
name: live test
namespaces:
  - name: items
    pattern: "item:{id}"
    cardinality: ${options.keys ?? 2000}
    valueSize: ${options.valueSize ?? '100b'}
    skew: { dist: zipf, alpha: 0.9 }
    dataClass: c
    readWrite: "${options.readWrite ?? '100/0'}"
  - name: lists
    pattern: "list:{page}"
    cardinality: 50
    valueSize: 1kb
    dataClass: c
ttlMatrix:
  c: { dev: { ttl: ${options.ttl ?? '1m'} }, staging: { ttl: 1m }, prod: { ttl: 1m } }
invalidation:
${options.rules ?? '  []'}
server: { maxmemory: ${options.maxmemory ?? '0b'}, maxmemoryPolicy: ${options.policy ?? 'allkeys-lru'}${options.serverFields ? `, ${options.serverFields}` : ''} }
origin: { latency: ${options.origin ?? '2ms'}, maxConcurrency: 100 }
client: { rtt: 200us${options.clientFields ? `, ${options.clientFields}` : ''} }
traffic:
  seed: 5
  phases:
    - { shape: steady, rate: ${options.rate ?? '2000/s'}, duration: ${options.duration ?? '2s'} }
  operations:
    - { namespace: items, weight: 9 }
    - { namespace: lists, op: read, weight: 1 }
${options.sections ?? ''}`;
}

/** A preset with `--set`-like overrides, compiled. */
export function presetPlan(name: string, overrides: ReadonlyArray<Override> = []): RunPlan {
  const path = fileURLToPath(new URL(`../../../presets/${name}`, import.meta.url));
  const applied = applyOverrides(readFileSync(path, 'utf8'), overrides);
  if (!applied.ok) throw new Error(applied.error);
  const loaded = loadDesign(applied.text);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return compilePlan(loaded.design);
}

export interface PubsubDesignOptions {
  /** The `pubsub:` section, YAML indented by two spaces. */
  pubsub: string;
  duration?: string;
  rate?: string;
}

/** A tiny cache design with a pub/sub section, for the live pub/sub tests. */
export function pubsubPlan(options: PubsubDesignOptions): RunPlan {
  const text = `version: 1
name: live pubsub test
namespaces:
  - name: items
    pattern: "item:{id}"
    cardinality: 200
    valueSize: 100b
    dataClass: c
ttlMatrix:
  c: { dev: { ttl: 1m }, staging: { ttl: 1m }, prod: { ttl: 1m } }
server: { maxmemory: 0b, maxmemoryPolicy: allkeys-lru }
origin: { latency: 1ms, maxConcurrency: 100 }
client: { rtt: 200us }
traffic:
  seed: 7
  phases:
    - { shape: steady, rate: ${options.rate ?? '200/s'}, duration: ${options.duration ?? '2s'} }
  operations:
    - { namespace: items, weight: 1 }
pubsub:
${options.pubsub}
`;
  const loaded = loadDesign(text);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return compilePlan(loaded.design, { environment: 'dev' });
}

/** Keys of others in DB 0 of crowdedServer(): 10 000 values of 1000 bytes, about 11 MB. */
export const FOREIGN_KEYS = 10_000;

/**
 * A user's server as in issue 12: maxmemory 16 MB, allkeys-lru, ~11 MB of keys in DB 0 that a run
 * must not touch. The caller stops the server and disconnects the admin client.
 */
export async function crowdedServer(): Promise<{ server: ManagedRedis; admin: Redis }> {
  const server = await startManagedRedis({ settings: { maxmemory: '16mb', 'maxmemory-policy': 'allkeys-lru' } });
  const admin = new Redis({ host: server.host, port: server.port, lazyConnect: true });
  admin.on('error', () => undefined);
  await admin.connect();
  const pipeline = admin.pipeline();
  for (let i = 0; i < FOREIGN_KEYS; i++) pipeline.set(`user:${i}`, `${i}:`.padEnd(1000, 'x'));
  await pipeline.exec();
  return { server, admin };
}

/** DUMP of every key of the admin client's DB, hex by key (the serialized value; the LRU clock is not in it). */
export async function dumpAll(admin: Redis): Promise<Map<string, string>> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await admin.scan(cursor, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  const pipeline = admin.pipeline();
  for (const key of keys) pipeline.dumpBuffer(key);
  const dumps = (await pipeline.exec()) ?? [];
  return new Map(keys.map((key, i) => [key, (dumps[i][1] as Buffer).toString('hex')]));
}
