/**
 * How much a live run can add to a server's used_memory at its peak, estimated before the first
 * write (the eviction guard compares it with the room the server has left).
 *
 * The estimate is the simulator's: the plan replayed by SimRun with no maxmemory (on a server the
 * run shares, its own maxmemory does not apply, so nothing caps the run's keys but their TTLs),
 * with every key longer by the run prefix, sampling used_memory every SAMPLE_REQUESTS requests.
 * That is the same memory model the fidelity view holds to ±3 % of a real redis-server, and it
 * accounts for TTLs: a design with short TTLs never holds all its keys at once. A plan too long
 * to simulate within `budgetMs` falls back to an analytic upper bound instead (every key of every
 * cacheable namespace present at once, each value at its 99th percentile, both hash tables of a
 * rehash): far above the truth for designs with short TTLs, never below it. Both add the run's
 * client buffers: commands in flight (the query buffer on the server, and the replies waiting in
 * its output buffer) and the structures of the connections the run opens.
 */
import { CLIENT_BYTES, hashTableBytes, keyEntryBytes, profileOf } from '../../cache';
import type { RunPlan } from '../../run';
import { decimalDigits, nonKeyMemoryOf, SimRun } from '../../run';
import { distMean, distQuantile } from '../../traffic';

/** Requests between two reads of the simulated used_memory (a peak between them is missed by at most that many SETs). */
const SAMPLE_REQUESTS = 1000;

/** RESP framing of one command or reply beyond its key and value (`*3\r\n$3\r\nSET\r\n…`, PX, the reply). */
const COMMAND_FRAMING_BYTES = 64;

export interface FootprintOptions {
  /** Bytes the run prefix adds to every key (`kw:<run id>:`). */
  prefixBytes: number;
  /** Commands the pipeline keeps in flight. */
  pipelineDepth: number;
  /** Connections the run opens besides the one that measured used_memory. */
  connections: number;
  /** Wall time the simulation may take before the upper bound is used instead (default 2 s). */
  budgetMs?: number;
  clock?: () => number;
}

export interface FootprintEstimate {
  /** Everything the run can add to used_memory at once: keysBytes + buffersBytes. */
  peakBytes: number;
  /** The run's keys at their peak (keys, values, dict entries, expires, hash tables). */
  keysBytes: number;
  /** Commands and replies in flight, and the run's connections. */
  buffersBytes: number;
  /** 'simulated': the simulator's peak; 'upper-bound': every key at once (the plan was too long to simulate). */
  method: 'simulated' | 'upper-bound';
}

/** The run's peak footprint on a shared server (see the file comment for the method). */
export async function estimateFootprint(plan: RunPlan, options: FootprintOptions): Promise<FootprintEstimate> {
  const buffersBytes = inFlightBytes(plan, options);
  const simulated = await simulatedKeysBytes(plan, options);
  const keysBytes = simulated ?? upperBoundKeysBytes(plan, options.prefixBytes);
  return { peakBytes: keysBytes + buffersBytes, keysBytes, buffersBytes, method: simulated === null ? 'upper-bound' : 'simulated' };
}

/** The simulator's peak used_memory of the run's keys, or null when the plan takes longer than the budget. */
async function simulatedKeysBytes(plan: RunPlan, options: FootprintOptions): Promise<number | null> {
  const clock = options.clock ?? (() => performance.now());
  const deadline = clock() + (options.budgetMs ?? 2000);
  const unbounded: RunPlan = {
    ...plan,
    server: { ...plan.server, maxmemoryBytes: 0 },
    namespaces: plan.namespaces.map((ns) => ({ ...ns, keyFixedBytes: ns.keyFixedBytes + options.prefixBytes })),
  };
  const run = new SimRun(unbounded);
  const stats = run.sim.cache.stats;
  let peak = stats.usedMemoryBytes;
  let chunks = 0;
  while (run.step(SAMPLE_REQUESTS)) {
    if (stats.usedMemoryBytes > peak) peak = stats.usedMemoryBytes;
    if (clock() > deadline) return null;
    // Let the event loop breathe (a cancel, a progress message) on long plans.
    if (++chunks % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  if (stats.usedMemoryBytes > peak) peak = stats.usedMemoryBytes;
  // The run's keys only: the server's own memory is already in its used_memory.
  return Math.max(0, peak - nonKeyMemoryOf(unbounded).bytes);
}

/** Every key of every cacheable namespace at once, values at their 99th percentile. */
export function upperBoundKeysBytes(plan: RunPlan, prefixBytes: number): number {
  let bytes = 0;
  let keys = 0;
  let expiring = 0;
  const profile = profileOf(plan.server.version);
  for (const ns of plan.namespaces) {
    if (!ns.cacheable || ns.cardinality === 0) continue;
    const keyBytes = prefixBytes + ns.keyFixedBytes + ns.placeholderCount * decimalDigits(ns.cardinality - 1);
    const valueBytes = Math.max(1, Math.ceil(distQuantile(ns.valueBytes, 0.99)));
    const withTtl = ns.ttlMs !== null;
    bytes += ns.cardinality * (keyEntryBytes(keyBytes, valueBytes, plan.server.clusterMode, profile) + (withTtl ? profile.mainDict.expireEntryBytes : 0));
    keys += ns.cardinality;
    if (withTtl) expiring += ns.cardinality;
  }
  // Both tables of a dict are allocated while it rehashes into one twice the size.
  return bytes + 3 * (hashTableBytes(nextPowerOfTwo(keys)) + hashTableBytes(nextPowerOfTwo(expiring)));
}

/** Commands in flight counted twice (query buffer, then reply), and the connections' structures. */
function inFlightBytes(plan: RunPlan, options: FootprintOptions): number {
  let commandBytes = 0;
  for (const ns of plan.namespaces) {
    const keyBytes = options.prefixBytes + ns.keyFixedBytes + ns.placeholderCount * decimalDigits(Math.max(0, ns.cardinality - 1));
    commandBytes = Math.max(commandBytes, keyBytes + distMean(ns.valueBytes) + COMMAND_FRAMING_BYTES);
  }
  return Math.ceil(2 * options.pipelineDepth * commandBytes) + options.connections * CLIENT_BYTES;
}

function nextPowerOfTwo(n: number): number {
  return n <= 1 ? n : 2 ** Math.ceil(Math.log2(n));
}
