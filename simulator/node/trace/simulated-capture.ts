/**
 * What a design's simulated traffic would look like in a capture: runs the simulator and writes
 * every command the simulated application sends to Redis (GET, the SET PX of a cache-aside fill or
 * a write-through, DEL of an invalidation) as JSONL or MONITOR lines with rendered keys. For tests
 * and benchmarks of `infer` and `replay`: the original run's result comes along for comparison.
 */
import type { CacheModel } from '../../cache';
import { renderKey } from '../../model';
import type { Design } from '../../model';
import { compilePlan, SimRun } from '../../run';
import type { RunResult } from '../../run';
import { formatMonitorLine } from '../../trace';

export interface SimulatedCaptureOptions {
  requests?: number;
  seed?: number;
  environment?: string;
  format?: 'jsonl' | 'monitor';
  /** Microseconds since the epoch of the run's start (MONITOR timestamps). */
  originUs?: number;
  /** Receives the text in pieces (a file writer); lines end in "\n". */
  write: (text: string) => void;
}

/** Runs the design and writes its Redis commands; returns the run's own result. */
export function captureSimulatedTraffic(design: Design, options: SimulatedCaptureOptions): RunResult {
  const plan = compilePlan(design, { requests: options.requests, seed: options.seed, environment: options.environment });
  const run = new SimRun(plan);
  const names = keyNames(plan.namespaces);
  const originUs = options.originUs ?? 1_700_000_000_000_000;
  const monitor = options.format === 'monitor';
  let pending = '';
  const emit = (atMs: number, command: string, id: number, valueBytes: number, ttlMs: number): void => {
    const key = names(id);
    if (monitor) {
      const args = [command, key];
      if (command === 'SET') args.push('x'.repeat(valueBytes), ...(ttlMs > 0 ? ['PX', String(Math.round(ttlMs))] : []));
      pending += `${formatMonitorLine(originUs + Math.round(atMs * 1000), 0, '127.0.0.1:50000', args)}\n`;
    } else {
      let line = `{"ts":${(atMs / 1000).toFixed(6)},"cmd":"${command}","key":${JSON.stringify(key)}`;
      if (command === 'SET') line += `,"valueSize":${valueBytes}${ttlMs > 0 ? `,"ttl":${Number((ttlMs / 1000).toFixed(3))}` : ''}`;
      pending += `${line}}\n`;
    }
    if (pending.length > 1 << 20) {
      options.write(pending);
      pending = '';
    }
  };
  observe(run.sim.cache, emit);
  while (run.step(100_000));
  if (pending) options.write(pending);
  return run.result(false);
}

/** Wraps the cache model's commands so that each is reported with its virtual time. */
function observe(cache: CacheModel, emit: (atMs: number, command: string, id: number, valueBytes: number, ttlMs: number) => void): void {
  const get = cache.get.bind(cache);
  const set = cache.set.bind(cache);
  const del = cache.del.bind(cache);
  cache.get = (id, nowMs) => {
    emit(nowMs, 'GET', id, 0, 0);
    return get(id, nowMs);
  };
  cache.set = (id, keyBytes, valueBytes, ttlMs, nowMs) => {
    emit(nowMs, 'SET', id, valueBytes, ttlMs);
    return set(id, keyBytes, valueBytes, ttlMs, nowMs);
  };
  cache.del = (id, nowMs) => {
    emit(nowMs, 'DEL', id, 0, 0);
    return del(id, nowMs);
  };
}

/** Key id → rendered key, for a plan's layout (namespace i owns keyIdOffset … + cardinality). */
function keyNames(namespaces: ReadonlyArray<{ keyIdOffset: number; cardinality: number; pattern: string }>): (id: number) => string {
  return (id) => {
    for (const ns of namespaces) {
      if (id >= ns.keyIdOffset && id < ns.keyIdOffset + ns.cardinality) return renderKey(ns.pattern, id - ns.keyIdOffset);
    }
    throw new RangeError(`key id ${id} is outside the plan`);
  };
}
