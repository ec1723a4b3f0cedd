/** A small design with a failure timeline, for the failure model's tests. */
import { loadDesign } from '../../model';
import type { Design } from '../../model';
import { compilePlan } from '../plan';
import { simulate } from '../engine';
import type { RunResult } from '../result';

export interface FailureDesignOptions {
  failures: string;
  server?: string;
  client?: string;
  recovery?: string;
  origin?: string;
  duration?: string;
  rate?: string;
  readWrite?: string;
}

export function failureDesign(options: FailureDesignOptions): Design {
  const text = `version: 1
name: failure test
namespaces:
  - name: products
    pattern: "products:{id}"
    cardinality: 5000
    valueSize: 500b
    skew: { dist: zipf, alpha: 0.9 }
    dataClass: catalog
    readWrite: "${options.readWrite ?? '95/5'}"
ttlMatrix:
  catalog: { dev: { ttl: 10m }, staging: { ttl: 10m }, prod: { ttl: 10m } }
invalidation:
  - { on: products, action: write-through }
server:
  maxmemory: 0b
${options.server ?? ''}
origin:
${options.origin ?? '  latency: 5ms\n  maxConcurrency: 200'}
client:
  rtt: 500us
${options.client ?? ''}
traffic:
  seed: 3
  phases:
    - { shape: steady, rate: ${options.rate ?? '1000/s'}, duration: ${options.duration ?? '60s'} }
  operations:
    - { namespace: products, weight: 1 }
failures:
${options.failures}
${options.recovery ?? ''}
`;
  const loaded = loadDesign(text);
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return loaded.design;
}

export function runFailures(options: FailureDesignOptions): RunResult {
  return simulate(compilePlan(failureDesign(options)));
}
