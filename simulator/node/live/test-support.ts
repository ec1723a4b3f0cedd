/** Designs and plans for this folder's tests (no test-framework imports). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Override } from '../../model';
import { applyOverrides, loadDesign } from '../../model';
import type { RunPlan } from '../../run';
import { compilePlan } from '../../run';

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
}

/** A one-namespace cache-aside design, small enough for a test to replay live in seconds. */
export function smallPlan(options: SmallDesignOptions = {}): RunPlan {
  const loaded = loadDesign(smallDesignYaml(options));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return compilePlan(loaded.design, { environment: 'dev' });
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
server: { maxmemory: ${options.maxmemory ?? '0b'}, maxmemoryPolicy: ${options.policy ?? 'allkeys-lru'} }
origin: { latency: ${options.origin ?? '2ms'}, maxConcurrency: 100 }
client: { rtt: 200us }
traffic:
  seed: 5
  phases:
    - { shape: steady, rate: ${options.rate ?? '2000/s'}, duration: ${options.duration ?? '2s'} }
  operations:
    - { namespace: items, weight: 9 }
    - { namespace: lists, op: read, weight: 1 }
`;
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
