/**
 * Live replay throughput next to redis-benchmark on the same managed redis-server.
 *
 * - redis-benchmark -P 16 -t get,set -n 1000000: its SET and GET rates, and their combined rate
 *   for one SET and one GET each (the same mix the replay sends). Without -r it hits one key; the
 *   same with -r 100000 (100 000 random keys, like the replay) is reported as well.
 * - The live engine at speed 'max' on a plan of 1 M requests, half reads (GET; a miss loads and
 *   SETs) and half writes with a write-through rule (SET … PX), 3-byte values like
 *   redis-benchmark's, keys under a run prefix: through the fast RESP pipeline (the default) and,
 *   for comparison, through ioredis. A short replay warms the JIT up first.
 * The ratio is the replay's Redis commands per second over redis-benchmark's combined rate.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { loadDesign } from '../simulator/model';
import { compilePlan, type RunPlan } from '../simulator/run';
import { startManagedRedis } from '../simulator/node/redis';
import { LiveEngine } from '../simulator/node/live';

const run = promisify(execFile);

export interface BenchCase {
  case: string;
  metrics: Record<string, number | string>;
}

const REQUESTS = 1_000_000;

/** 1 M requests, 50 % GET / 50 % write-through SET over 100 000 keys of 3 bytes. */
export function replayBenchPlan(requests = REQUESTS): RunPlan {
  const loaded = loadDesign(`version: 1
name: live replay throughput
namespaces:
  - { name: bench, pattern: "key:{id}", cardinality: 100000, valueSize: 3b, skew: { dist: uniform }, dataClass: c, readWrite: "50/50" }
ttlMatrix:
  c: { dev: { ttl: 1h }, staging: { ttl: 1h }, prod: { ttl: 1h } }
invalidation:
  - { on: bench, action: write-through }
server: { maxmemory: 0b, maxmemoryPolicy: noeviction }
origin: { latency: 0ms, maxConcurrency: 100000 }
client: { rtt: 0ms }
traffic:
  seed: 1
  phases:
    - { shape: steady, rate: ${requests}/s, duration: 1s }
  operations: [{ namespace: bench, weight: 1 }]
`);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return compilePlan(loaded.design, { environment: 'dev' });
}

/** Parses redis-benchmark -q output: the final "SET: 686341.81 requests per second" lines. */
export function parseRedisBenchmark(output: string): Record<string, number> {
  const rates: Record<string, number> = {};
  // -q rewrites its progress line with \r; only the final figures end with "requests per second".
  for (const match of output.matchAll(/(?:^|[\r\n])([A-Z]+): ([\d.]+) requests per second/g)) rates[match[1]] = Number(match[2]);
  return rates;
}

async function redisBenchmark(port: number, extra: string[]): Promise<{ set: number; get: number; combined: number }> {
  const { stdout } = await run('/usr/bin/redis-benchmark', ['-P', '16', '-t', 'get,set', '-n', String(REQUESTS), ...extra, '-q', '-p', String(port)], { maxBuffer: 64 * 1024 * 1024 });
  const rates = parseRedisBenchmark(stdout);
  const set = rates.SET ?? 0;
  const get = rates.GET ?? 0;
  return { set, get, combined: set > 0 && get > 0 ? 2 / (1 / set + 1 / get) : 0 };
}

export async function liveReplayCase(): Promise<BenchCase[]> {
  const server = await startManagedRedis({ settings: { maxmemory: 0, 'maxmemory-policy': 'noeviction' } });
  try {
    const single = await redisBenchmark(server.port, []);
    const random = await redisBenchmark(server.port, ['-r', '100000']);
    const combined = single.combined;
    const cases: BenchCase[] = [
      { case: 'redis-benchmark -P 16 -t get,set', metrics: { setPerSec: Math.round(single.set), getPerSec: Math.round(single.get), combinedPerSec: Math.round(single.combined) } },
      { case: 'redis-benchmark -P 16 -t get,set -r 100000', metrics: { setPerSec: Math.round(random.set), getPerSec: Math.round(random.get), combinedPerSec: Math.round(random.combined) } },
    ];
    const target = { url: server.url, allowNonEmpty: true };
    await new LiveEngine({ target, speed: 'max', pipelineDepth: 1024 }).run(replayBenchPlan(200_000));
    const plan = replayBenchPlan();
    for (const client of ['resp', 'ioredis'] as const) {
      const began = performance.now();
      const result = await new LiveEngine({ target, speed: 'max', client, pipelineDepth: 1024 }).run(plan);
      const wallMs = performance.now() - began;
      if (result.error) throw new Error(`live replay (${client}) failed: ${result.error.message}`);
      const commands = result.live.commands.GET.count + result.live.commands.SET.count;
      const commandsPerSec = result.live.pacing.commandsPerSec;
      cases.push({
        case: `live replay, ${client === 'resp' ? 'RESP pipeline (fast path)' : 'ioredis'}`,
        metrics: {
          requests: result.requests,
          commands,
          requestsPerSec: Math.round(result.live.pacing.achievedRequestsPerSec),
          commandsPerSec: Math.round(commandsPerSec),
          ratioToRedisBenchmark: combined > 0 ? Number((commandsPerSec / combined).toFixed(3)) : 'n/a',
          ratioToRedisBenchmarkRandomKeys: random.combined > 0 ? Number((commandsPerSec / random.combined).toFixed(3)) : 'n/a',
          hitRatio: Number(result.cache.hitRatio.toFixed(4)),
          wallSec: Number((wallMs / 1000).toFixed(2)),
        },
      });
    }
    return cases;
  } finally {
    await server.stop();
  }
}

// `node bin/run-ts.mjs bench/live-cases.ts` prints the cases.
if (import.meta.url === `file://${process.argv[1]}`) {
  for (const { case: name, metrics } of await liveReplayCase()) console.log(name.padEnd(44), JSON.stringify(metrics));
}
