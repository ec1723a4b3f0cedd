/**
 * The eviction guard (DESIGN.md, "Safety of live runs": a live run never causes the eviction of a
 * key it did not write). Before the first write to a server the workbench did not start, it reads
 * each master's maxmemory, policy, used_memory and keyspace (keys and expires of every DB) and
 * refuses the run when the run's estimated peak footprint (footprint.ts), plus a margin, does not
 * fit in the room left below maxmemory while the policy could evict keys the run does not own:
 * any key under an allkeys-* policy, keys with a TTL under a volatile-* one.
 *
 * The margin, MARGIN_FRACTION of the estimate plus MARGIN_BYTES, covers what the estimate leaves
 * out: the simulator's memory model error (±3 % in the fidelity view), allocator fragmentation,
 * other clients' growth meanwhile, and the keyspace notifications waiting in the watcher's
 * output buffer. A person can accept the risk (`allowEvictionRisk`); the run then still stops at
 * the first eviction of a key it does not own (keyspace-events.ts).
 */
import type { Redis } from 'ioredis';
import type { RunPlan } from '../../run';
import { RedisTargetError } from '../redis';
import { estimateFootprint, type FootprintEstimate } from './footprint';
import { parseInfoFields } from './info';

export const MARGIN_FRACTION = 0.1;
export const MARGIN_BYTES = 1024 * 1024;

/** What one master holds and allows, as INFO memory and INFO keyspace report it. */
export interface ServerMemory {
  node: string;
  maxmemoryBytes: number;
  policy: string;
  usedMemoryBytes: number;
  /** Keys and keys with a TTL, per DB. */
  dbs: Map<number, { keys: number; expires: number }>;
}

/** Reads INFO memory and INFO keyspace of one node. */
export async function readServerMemory(node: Redis): Promise<ServerMemory> {
  const memory = parseInfoFields(await node.info('memory'));
  const keyspace = parseInfoFields(await node.info('keyspace'));
  const dbs = new Map<number, { keys: number; expires: number }>();
  for (const [name, value] of keyspace) {
    const db = /^db(\d+)$/.exec(name);
    if (!db) continue;
    dbs.set(Number(db[1]), { keys: Number(/(?:^|,)keys=(\d+)/.exec(value)?.[1] ?? 0), expires: Number(/(?:^|,)expires=(\d+)/.exec(value)?.[1] ?? 0) });
  }
  return {
    node: `${node.options.host ?? ''}:${node.options.port ?? ''}`,
    maxmemoryBytes: Number(memory.get('maxmemory') ?? 0),
    policy: memory.get('maxmemory_policy') ?? 'noeviction',
    usedMemoryBytes: Number(memory.get('used_memory') ?? 0),
    dbs,
  };
}

/** Keys a policy may evict that the run does not own (the run has written nothing yet), per DB. */
export function keysAtRisk(server: ServerMemory): Map<number, number> {
  const atRisk = new Map<number, number>();
  if (server.maxmemoryBytes <= 0) return atRisk;
  const allKeys = server.policy.startsWith('allkeys-');
  if (!allKeys && !server.policy.startsWith('volatile-')) return atRisk;
  for (const [db, { keys, expires }] of server.dbs) {
    const count = allKeys ? keys : expires;
    if (count > 0) atRisk.set(db, count);
  }
  return atRisk;
}

export interface EvictionCheckOptions {
  plan: RunPlan;
  /** Masters of the target (one for a standalone server). */
  nodes: Redis[];
  prefix: string;
  pipelineDepth: number;
  /** Connections the run opens besides the control connection. */
  connections: number;
  /** How to name the server in messages. */
  description: string;
  /** The run's DB (named in messages). */
  db: number;
  /** Accept the risk: the check becomes a warning. */
  allowEvictionRisk: boolean;
  clock?: () => number;
}

export interface EvictionCheck {
  /** Keys of others the server could evict (0: no policy or no such keys). */
  foreignKeysAtRisk: number;
  /** Null when nothing was at risk (the footprint was not needed). */
  estimate: FootprintEstimate | null;
  /** Set when the risk was accepted with allowEvictionRisk. */
  warning: string | null;
}

/**
 * Throws a 'foreign-eviction-risk' RedisTargetError when the run could make a master evict keys
 * that are not the run's, unless `allowEvictionRisk`.
 */
export async function checkEvictionRisk(options: EvictionCheckOptions): Promise<EvictionCheck> {
  const servers = await Promise.all(options.nodes.map(readServerMemory));
  const atRisk = servers.map(keysAtRisk);
  const foreignKeysAtRisk = atRisk.reduce((total, dbs) => total + sum(dbs.values()), 0);
  if (foreignKeysAtRisk === 0) return { foreignKeysAtRisk, estimate: null, warning: null };
  const estimate = await estimateFootprint(options.plan, {
    prefixBytes: Buffer.byteLength(options.prefix), pipelineDepth: options.pipelineDepth, connections: options.connections, clock: options.clock,
  });
  // Keys spread over a cluster's masters by hash slot: each master gets its share (the margin covers the unevenness).
  const share = 1 / servers.length;
  const problems: string[] = [];
  let needBytes = 0;
  servers.forEach((server, i) => {
    if (atRisk[i].size === 0) return;
    const peak = estimate.peakBytes * share;
    const margin = MARGIN_FRACTION * peak + MARGIN_BYTES;
    const total = server.usedMemoryBytes + peak + margin;
    if (total <= server.maxmemoryBytes) return;
    needBytes = Math.max(needBytes, total);
    const where = servers.length > 1 ? `master ${server.node}: ` : '';
    const dbs = [...atRisk[i]].map(([db, count]) => `DB ${db}: ${count.toLocaleString('en-US')}`).join(', ');
    problems.push(`${where}maxmemory ${mb(server.maxmemoryBytes)} with policy ${server.policy}; used_memory ${mb(server.usedMemoryBytes)} + the run's estimated peak ${mb(peak)} + margin ${mb(margin)} = ${mb(total)}, over maxmemory by ${mb(total - server.maxmemoryBytes)}; ${sum(atRisk[i].values()).toLocaleString('en-US')} keys the run does not own could be evicted (${dbs}${server.policy.startsWith('volatile-') ? ', keys with a TTL' : ''})`);
  });
  if (problems.length === 0) return { foreignKeysAtRisk, estimate, warning: null };
  const how = estimate.method === 'simulated'
    ? `simulated peak of the run's keys ${mb(estimate.keysBytes)}`
    : `upper bound of the run's keys ${mb(estimate.keysBytes)} (every key at once: the plan was too long to simulate first)`;
  const facts = `${problems.join('; ')}. The estimate: ${how} + commands in flight and connections ${mb(estimate.buffersBytes)}; margin ${MARGIN_FRACTION * 100} % + ${mb(MARGIN_BYTES)}.`;
  if (options.allowEvictionRisk) {
    return {
      foreignKeysAtRisk, estimate,
      warning: `Eviction risk accepted (allow-eviction-risk) on ${options.description}: ${facts} The run stops at the first eviction of a key it does not own.`,
    };
  }
  throw new RedisTargetError('foreign-eviction-risk',
    `Refusing to run on ${options.description}${options.nodes.length === 1 ? ` (DB ${options.db})` : ''}: the run could make it evict keys the run does not own. ${facts} Ways out: an empty or dedicated server, or a managed one (--managed); raise maxmemory to at least ${mb(needBytes)}; shrink the design (fewer keys, smaller values, shorter TTLs); or accept the risk with --allow-eviction-risk (allowEvictionRisk on a saved connection) — the run then stops at the first eviction of a key it does not own.`);
}

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
