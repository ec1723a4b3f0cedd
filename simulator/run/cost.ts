/**
 * What a run will cost before it starts: requests, distinct keys, the simulator's own peak memory
 * and the size of the result. `keyspace validate` prints it; `run`, browser mode and the desktop
 * app refuse a plan over the limits with the numbers and the limit, so no design, however large
 * its rates or durations, can exhaust the machine it runs on. The CLI raises a limit with an
 * option; the services take theirs from the person who started them.
 */
import type { RunPlan } from './plan';
import { MAX_TOTAL_KEYS } from './namespace-keys';
import { distMean } from '../traffic';

/** The estimate of one run. */
export interface RunCost {
  /** Requests the run issues (phases or the budget) plus prewarm SETs. */
  requests: number;
  /** Key ids the plan lays out (every namespace's cardinality). */
  keys: number;
  /** Keys that can be cached at once: bounded by cardinality, requests and maxmemory. */
  cachedKeys: number;
  /** The simulator's peak memory (bytes) for this plan, measured per key on Node 20. */
  simMemoryBytes: number;
  /** Snapshots in the result. */
  snapshots: number;
  /** The result JSON's size (bytes, approximate). */
  resultBytes: number;
  /** The plan's traffic in virtual time (ms). */
  durationMs: number;
}

/** The limits a run is held to. */
export interface CostLimits {
  maxRequests: number;
  maxSimMemoryBytes: number;
}

/**
 * Defaults: a billion requests (three to eight minutes of simulation) and 2 GB of simulator
 * memory, a laptop's share. Raised per run with --max-requests / --max-memory.
 */
export const DEFAULT_COST_LIMITS: Readonly<CostLimits> = { maxRequests: 1e9, maxSimMemoryBytes: 2 * 1024 ** 3 };

// Measured on Node 20 (peak RSS of `keyspace run`): the process and its code, each key id's
// records (key table, group, client state), and each cached key's slot, dict entry and expiry.
const BASE_BYTES = 96 * 1024 * 1024;
const BYTES_PER_KEY_ID = 24;
const BYTES_PER_CACHED_KEY = 72;
// What Redis spends on a key beyond its name and value (dictEntry, robj, SDS headers, expires):
// enough to bound how many keys a maxmemory can hold, not to model memory.
const REDIS_BYTES_PER_KEY = 64;
const SNAPSHOT_BASE_BYTES = 800;
const SNAPSHOT_BYTES_PER_NAMESPACE = 40;
const NAMESPACE_RESULT_BYTES = 400;

/** Estimates the cost of a plan (pure arithmetic; never runs it). */
export function estimateCost(plan: RunPlan): RunCost {
  const planned = plan.phases.reduce((sum, phase) => sum + phase.expectedRequests, 0);
  const prewarm = plan.namespaces.reduce((sum, ns) => sum + (ns.prewarm && ns.cacheable ? ns.cardinality : 0), 0);
  const requests = (plan.requestBudget ?? planned) + prewarm;
  const keys = plan.namespaces.reduce((sum, ns) => sum + ns.cardinality, 0);
  const cacheable = plan.namespaces.reduce((sum, ns) => sum + (ns.cacheable ? ns.cardinality : 0), 0);
  let cachedKeys = Math.min(cacheable, requests);
  if (plan.server.maxmemoryBytes > 0) {
    let meanBytes = 0;
    for (const ns of plan.namespaces) meanBytes += ns.cardinality * (distMean(ns.valueBytes) + ns.keyFixedBytes + 8);
    meanBytes = keys > 0 ? meanBytes / keys : 0;
    cachedKeys = Math.min(cachedKeys, Math.ceil(plan.server.maxmemoryBytes / (meanBytes + REDIS_BYTES_PER_KEY)));
  }
  const last = plan.phases[plan.phases.length - 1];
  const durationMs = last ? last.startMs + last.durationMs : 0;
  const snapshots = Math.ceil(Math.max(durationMs, 1) / plan.snapshotIntervalMs) + 1;
  const perSnapshot = SNAPSHOT_BASE_BYTES + SNAPSHOT_BYTES_PER_NAMESPACE * plan.namespaces.length;
  return {
    requests,
    keys,
    cachedKeys,
    simMemoryBytes: BASE_BYTES + keys * BYTES_PER_KEY_ID + cachedKeys * BYTES_PER_CACHED_KEY,
    snapshots,
    resultBytes: snapshots * perSnapshot + plan.namespaces.length * NAMESPACE_RESULT_BYTES + 4096,
    durationMs,
  };
}

function count(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value >= 1e12) return value.toExponential(2);
  if (value >= 1e6) return `${(value / 1e6).toFixed(value >= 1e8 ? 0 : 1)} M`;
  return Math.round(value).toLocaleString('en-US');
}

function bytes(value: number): string {
  if (!Number.isFinite(value) || value >= 1024 ** 4) return `${value.toExponential(2)} bytes`;
  if (value >= 1024 ** 3) return `${(value / 1024 ** 3).toFixed(1)} GB`;
  if (value >= 1024 ** 2) return `${(value / 1024 ** 2).toFixed(0)} MB`;
  return `${Math.ceil(value / 1024)} kB`;
}

/** One line for `validate`: `cost: 1.2 M requests, 260,400 keys, ~140 MB of simulator memory, 301 snapshots (~130 kB result)`. */
export function describeCost(cost: RunCost): string {
  return `cost: ${count(cost.requests)} requests, ${count(cost.keys)} keys, ~${bytes(cost.simMemoryBytes)} of simulator memory, ${count(cost.snapshots)} snapshots (~${bytes(cost.resultBytes)} result)`;
}

/** What a person at the command line can do about a run over a limit. */
export const CLI_WAYS_OUT = {
  requests: "lower the phases' rates or durations, pass --requests N, or raise the limit (--max-requests)",
  memory: 'lower cardinalities or maxmemory, or raise the limit (--max-memory)',
};

/** The same in the app, whose limits are set by whoever started it. */
export const APP_WAYS_OUT = {
  requests: "lower the phases' rates or durations, or give the run a request budget (whoever started the workbench sets the limit)",
  memory: 'lower cardinalities or maxmemory (whoever started the workbench sets the limit)',
};

/**
 * The reasons a plan is over the limits, each naming the number, the limit and how to raise it
 * (`ways` says what to do about each); empty when the run may start.
 */
export function costProblems(cost: RunCost, limits: CostLimits = DEFAULT_COST_LIMITS, ways: { requests: string; memory: string } = CLI_WAYS_OUT): string[] {
  const problems: string[] = [];
  if (!(cost.requests <= limits.maxRequests)) {
    problems.push(`the run would issue ${count(cost.requests)} requests, over the limit of ${count(limits.maxRequests)}: ${ways.requests}`);
  }
  if (cost.keys > MAX_TOTAL_KEYS) {
    problems.push(`the design has ${count(cost.keys)} keys in all; the simulator holds at most ${count(MAX_TOTAL_KEYS)}: lower a namespace's cardinality`);
  } else if (!(cost.simMemoryBytes <= limits.maxSimMemoryBytes)) {
    problems.push(`the simulation would need ~${bytes(cost.simMemoryBytes)} of memory (${count(cost.keys)} keys, ${count(cost.cachedKeys)} cached at once), over the limit of ${bytes(limits.maxSimMemoryBytes)}: ${ways.memory}`);
  }
  return problems;
}
