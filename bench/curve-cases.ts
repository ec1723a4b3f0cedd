/**
 * The miss-ratio curve case: `keyspace mrc`'s curve (policyCurve: the design's own policy from
 * sampled mini-simulations, plus the exact-LRU stack reference) of the bench design — 10 M zipf(1.0)
 * requests over 1 M keys, allkeys-lru — at 20 sizes from 1/20 of the working set to all of it.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { loadDesign } from '../simulator/model';
import { compilePlan } from '../simulator/run';
import type { PolicyCurve } from '../simulator/run';
import { policyCurveParallel } from '../simulator/node/curve/parallel-curve';
import { WorkerPool } from '../simulator/node/pool/worker-pool';
import type { BenchRow } from './cases';

/** The curve with its mini-simulations on `threads` worker threads (default the machine's cores; 1: none). */
export function curveCase(threads?: number): () => Promise<BenchRow[]> {
  return async () => {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    // As `keyspace mrc`: the workers boot while the design loads and compiles.
    const pool = new WorkerPool(Math.min(threads ?? availableParallelism(), 20) - 1);
    const loaded = loadDesign(readFileSync('bench/trace-bench.yaml', 'utf8'));
    if (!loaded.ok) throw new Error('bench/trace-bench.yaml does not load');
    const plan = compilePlan(loaded.design);
    const curve = await policyCurveParallel(plan, { pointCount: 20, pool }).finally(() => pool.close());
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    return rowOf(plan.server.policy, curve, seconds, (cpu.user + cpu.system) / 1e6, threads === 1 ? 'in one thread' : `on ${threads ?? availableParallelism()} threads (this one and workers)`);
  };
}

function rowOf(policy: string, curve: PolicyCurve, seconds: number, cpuSeconds: number, where: string): BenchRow[] {
  return [{
    case: `mrc: ${policy} curve of a ${(curve.reads / 1e6).toFixed(0)} M-request design at ${curve.points.length} sizes, mini-simulations ${where}`,
    metrics: {
      'wall (s)': seconds,
      // Every thread of the process: wall below this is the threads at work together.
      'CPU, all threads (s)': cpuSeconds,
      'sample rate': curve.sampleRate,
      'sampled keys': curve.sampledKeys,
      'sampled requests': curve.sampledRequests,
      'hit ratio at 1/20 of working set': curve.points[0].hitRatio,
      'hit ratio at working set': curve.points[curve.points.length - 1].hitRatio,
    },
  }];
}
