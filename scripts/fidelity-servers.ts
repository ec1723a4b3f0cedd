/**
 * Each server profile against the real server it models (issue 20): the memory cases (MEMORY USAGE
 * and used_memory within 1 %; with field TTLs on versions with hash-field expiration) and the hit
 * ratio of eviction-bound workloads (within 0.5 pp).
 * Not part of `npm test`: the servers are built from ../shared/vendor, not installed.
 *
 *   npm run fidelity:servers -- --server redis-7.0=/usr/bin/redis-server --server redis-7.2=/path/redis-server …
 */
import { PROFILES } from '../simulator/cache/profiles';
import type { ServerVersion } from '../simulator/cache/profiles';
import { HFE_MEMORY_CASES, MEMORY_CASES } from '../simulator/cache/profiles/memory-cases';
import type { MeasuredCase, MemoryCase } from '../simulator/cache/profiles/memory-cases';
import { modelCase } from '../simulator/cache/profiles/object-memory';
import { loadDesign } from '../simulator/model';
import { compilePlan } from '../simulator/run';
import { runFidelity } from '../simulator/node/live/fidelity';
import { measureServerMemory } from './server-profile-measure';

const MEMORY_TOLERANCE = 0.01;
const HIT_RATIO_TOLERANCE = 0.005;

/** An eviction-bound cache-aside workload: 20 000 keys of 100–400 B, zipf reads, memory for about a third (cluster: see CLUSTER_POLICIES). */
function workload(policy: string, version: string, cluster = false): string {
  const ttl = policy === 'volatile-ttl' ? '{ ttl: 2m, jitter: 50% }' : '{ ttl: none }';
  return `version: 1
name: ${policy} on ${version}
namespaces:
  - { name: items, pattern: "item:{id}", cardinality: 20000, valueSize: { dist: uniform, min: 100b, max: 400b }, skew: { dist: zipf, alpha: 0.9 }, dataClass: c, readWrite: "95/5" }
ttlMatrix:
  c: { dev: ${ttl}, staging: ${ttl}, prod: ${ttl} }
server: { version: ${version}, maxmemory: ${cluster ? '6mb' : '3mb'}, maxmemoryPolicy: ${policy}${cluster ? ', cluster: true' : ''} }
origin: { latency: 1ms, maxConcurrency: 200 }
client: { rtt: 200us }
traffic:
  seed: 7
  phases: [{ shape: steady, rate: 3000/s, duration: 20s }]
  operations: [{ namespace: items, weight: 1 }]
`;
}

const POLICIES = ['allkeys-lru', 'allkeys-lfu', 'volatile-ttl'] as const;
/**
 * Run again on a single-node cluster (all 16 384 slots on one master) where the profile samples
 * eviction by slot, with 3 MB more maxmemory: a cluster node starts with 2.3 MB (redis 7.4.1) or
 * 2.7 MB (valkey 8.0.1) of used_memory, not about 0.9 MB.
 */
const CLUSTER_POLICIES = ['allkeys-lru', 'allkeys-lfu'] as const;

function parseServers(): Array<{ version: ServerVersion; binary: string }> {
  const servers: Array<{ version: ServerVersion; binary: string }> = [];
  process.argv.forEach((value, index) => {
    if (value !== '--server') return;
    const [version, binary] = (process.argv[index + 1] ?? '').split('=');
    if (!(version in PROFILES) || !binary) throw new Error(`--server wants <profile>=<path>, profiles: ${Object.keys(PROFILES).join(', ')}`);
    servers.push({ version: version as ServerVersion, binary });
  });
  if (servers.length === 0) throw new Error('give at least one --server <profile>=<path to redis-server or valkey-server>');
  return servers;
}

const pct = (value: number): string => `${(value * 100).toFixed(2)} %`;
const rows: string[][] = [['profile', 'server', 'check', 'model', 'real', 'difference', 'ok']];
let failures = 0;
function row(version: string, server: string, check: string, model: string, real: string, difference: string, ok: boolean): void {
  rows.push([version, server, check, model, real, difference, ok ? 'yes' : 'NO']);
  if (!ok) failures++;
}

/** Rows for one set of memory cases measured on a server: the misses, the encodings and the worst errors. */
function memoryRows(version: ServerVersion, server: string, memoryCases: readonly MemoryCase[], measured: readonly MeasuredCase[], label: string): void {
  const profile = PROFILES[version];
  let worstUsage = 0;
  let worstUsed = 0;
  let encodings = 0;
  for (const memoryCase of memoryCases) {
    const real = measured.find((c) => c.id === memoryCase.id);
    if (!real) throw new Error(`no measurement for ${memoryCase.id}`);
    const model = modelCase(profile, memoryCase);
    const usage = Math.abs(model.memoryUsage - real.memoryUsageMean) / real.memoryUsageMean;
    const used = Math.abs(model.usedMemoryDelta - real.usedMemoryDelta) / real.usedMemoryDelta;
    if (model.encoding === real.encoding) encodings++;
    worstUsage = Math.max(worstUsage, usage);
    worstUsed = Math.max(worstUsed, used);
    if (usage > MEMORY_TOLERANCE || used > MEMORY_TOLERANCE || model.encoding !== real.encoding) {
      const known = (profile.unmodelledCases as readonly string[]).includes(memoryCase.id) ? " (listed unmodelled)" : "";
      row(version, server, `memory ${memoryCase.id}${known}`, `${model.encoding} ${model.memoryUsage.toFixed(0)} / ${(model.usedMemoryDelta / memoryCase.keys).toFixed(1)}`,
        `${real.encoding} ${real.memoryUsageMean.toFixed(0)} / ${(real.usedMemoryDelta / memoryCase.keys).toFixed(1)}`, `${pct(usage)} / ${pct(used)}`, false);
    }
  }
  row(version, server, `${label}: ${memoryCases.length} cases, encodings`, `${encodings} same`, `${memoryCases.length}`, '', encodings === memoryCases.length);
  row(version, server, `${label}: worst MEMORY USAGE`, '', '', pct(worstUsage), worstUsage <= MEMORY_TOLERANCE);
  row(version, server, `${label}: worst used_memory per case`, '', '', pct(worstUsed), worstUsed <= MEMORY_TOLERANCE);
}

for (const { version, binary } of parseServers()) {
  const profile = PROFILES[version];
  const measured = await measureServerMemory(binary);
  const server = `${measured.server.name} ${measured.server.version}`;
  memoryRows(version, server, MEMORY_CASES, measured.cases, 'memory');
  if (profile.hashFieldExpiry) {
    // Hashes whose fields carry TTLs (HPEXPIRE), on versions with hash-field expiration.
    memoryRows(version, server, HFE_MEMORY_CASES, (await measureServerMemory(binary, HFE_MEMORY_CASES)).cases, 'memory, field TTLs');
  }
  const runs = [
    ...POLICIES.map((policy) => ({ policy, cluster: false })),
    ...(profile.clusterEvictionSampling === 'slot' ? CLUSTER_POLICIES.map((policy) => ({ policy, cluster: true })) : []),
  ];
  for (const { policy, cluster } of runs) {
    const loaded = loadDesign(workload(policy, version, cluster));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const plan = compilePlan(loaded.design, { environment: 'dev' });
    const report = await runFidelity(plan, { scale: 2, redisServerPath: binary, live: { pipelineDepth: 16 }, ...(cluster ? { clusterShards: 1 } : {}) });
    if (report.live.error) throw new Error(`${version} ${policy}: ${report.live.error.message}`);
    const difference = report.sim.cache.hitRatio - report.live.cache.hitRatio;
    row(version, server, `hit ratio ${policy}${cluster ? ' cluster' : ''} (evicted ${report.live.cache.evictedKeys})`, pct(report.sim.cache.hitRatio), pct(report.live.cache.hitRatio),
      `${(difference * 100).toFixed(2)} pp`, Math.abs(difference) <= HIT_RATIO_TOLERANCE);
  }
}

const widths = rows[0].map((_, column) => Math.max(...rows.map((r) => r[column].length)));
for (const [index, r] of rows.entries()) {
  console.log(`| ${r.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`);
  if (index === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
}
console.log(failures === 0 ? 'all checks within tolerance' : `${failures} check(s) outside tolerance`);
process.exitCode = failures === 0 ? 0 : 1;
