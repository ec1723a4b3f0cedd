/**
 * Full-engine cases: a preset through the simulated engine (requests/s with every model on:
 * origin pool, invalidation, stale-read accounting, snapshots), and how long a cancel takes.
 */
import { readFileSync } from 'node:fs';
import { loadDesign } from '../simulator/model';
import { compilePlan, SimulatedEngine, simulate } from '../simulator/run';
import type { BenchRow } from './cases';

function planOf(file: string, requests?: number) {
  const loaded = loadDesign(readFileSync(file, 'utf8'));
  if (!loaded.ok) throw new Error(`${file} does not load`);
  return compilePlan(loaded.design, { requests });
}

export function presetCase(file: string): () => Promise<BenchRow[]> {
  return async () => {
    const plan = planOf(file);
    const start = performance.now();
    const result = simulate(plan);
    const seconds = (performance.now() - start) / 1000;
    return [{
      case: `full engine on ${file}`,
      metrics: { requests: result.requests, 'simulated requests/s': Math.round(result.requests / seconds), seconds, 'hit ratio': result.cache.hitRatio },
    }];
  };
}

export async function cancelCase(): Promise<BenchRow[]> {
  const latencies: number[] = [];
  for (let i = 0; i < 10; i++) {
    const plan = planOf('presets/eviction-shootout.yaml', 50_000_000);
    const controller = new AbortController();
    const engine = new SimulatedEngine({ yieldToHost: () => new Promise((resolve) => setImmediate(resolve)) });
    // Measured from when the user asked (the timer's due time), so time spent waiting for the
    // current chunk to yield counts too.
    const delayMs = 100 + i * 37;
    const dueAt = performance.now() + delayMs;
    setTimeout(() => controller.abort(), delayMs);
    const result = await engine.run(plan, undefined, controller.signal);
    latencies.push(performance.now() - dueAt);
    if (!result.partial) throw new Error('the run ended before the cancel');
  }
  latencies.sort((a, b) => a - b);
  return [{
    case: 'cancel latency: abort during a 50 M-request run of eviction-shootout (10 tries)',
    metrics: { 'median ms': latencies[5], 'max ms': latencies[9] },
  }];
}
