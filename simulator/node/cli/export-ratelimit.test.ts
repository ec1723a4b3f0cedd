/**
 * The exported rate limiters, consumed for real: the TypeScript module (transpiled, run by node
 * with ioredis) and the Python module (python3 with Debian's python3-redis) decide a seeded arrival
 * sequence against a real redis-server, and admit exactly what simulator/ratelimit predicts,
 * request by request.
 *
 * The scripted algorithms (sliding log, sliding counter, token bucket, GCRA) take virtual times
 * (`now` passed explicitly; their Lua decides on `now` alone). The fixed window's expiry is Redis's
 * own clock (PEXPIRE), so its arrivals are paced in real time, and arrivals within MARGIN_MS of a
 * window's end are left out of the sequence: a request made a little late must not land on the
 * other side of an expiry. The race variant of the fixed window is a crash between INCR and
 * PEXPIRE: the modules do not crash, so it has no exported counterpart to test.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManagedRedis } from '../redis';
import { listChildProcesses, startManagedRedis, WATCHDOG_NAME } from '../redis';
import { exportDesign } from '../../export';
import { designFrom, FIXTURE_WITH_RATE_LIMITS } from '../../export/testing';
import { FixedWindowLimiter, GcraLimiter, SlidingCounterLimiter, SlidingLogLimiter, TokenBucketLimiter } from '../../ratelimit';
import { memoryUsageBytes } from '../../ratelimit/key-memory';
import { Rng } from '../../traffic';

const PYTHON = '/usr/bin/python3';
const MARGIN_MS = 150;
const LOG_BASE_MS = 1_700_000_000_000;
const dir = mkdtempSync(join(tmpdir(), 'keyspace-rl-'));
symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
let server: ManagedRedis;

beforeAll(async () => {
  server = await startManagedRedis({});
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
  const left = listChildProcesses(process.pid).filter((row) => (row.args.includes('redis-server') || row.args.includes(WATCHDOG_NAME)) && row.state[0] !== 'Z');
  expect(left).toEqual([]);
});

interface Arrival { client: number; t: number }
/** [allowed, remaining, reset ms] per request. */
type Decision = [boolean, number, number];

/** Seeded arrivals of 3 clients: gaps up to maxGapMs, a quarter of them 0 (a burst in one ms). */
function arrivals(seed: string, count: number, maxGapMs: number): Arrival[] {
  const rng = new Rng(seed);
  let t = 0;
  return Array.from({ length: count }, () => {
    t += rng.nextFloat() < 0.25 ? 0 : 1 + rng.nextInt(maxGapMs);
    return { client: rng.nextInt(3), t };
  });
}

/** The fixed window's arrivals (800 ms, limit 4) without those near a window's end, and the predictions. */
function fixedWindowCase(): { sequence: Arrival[]; expected: Array<[boolean, number]> } {
  const limiters = [0, 1, 2].map(() => new FixedWindowLimiter({ limit: 4, periodMs: 800 }));
  const sequence: Arrival[] = [];
  const expected: Array<[boolean, number]> = [];
  for (const arrival of arrivals('fixed', 60, 90)) {
    const limiter = limiters[arrival.client];
    if (Math.abs(arrival.t - limiter.expiresAtMs) <= MARGIN_MS) continue;
    const allowed = limiter.admit(arrival.t);
    sequence.push(arrival);
    expected.push([allowed, Math.max(0, 4 - limiter.count)]);
  }
  return { sequence, expected };
}

/** The sliding log's arrivals (60 s, limit 5, in virtual time) and the predictions. */
function slidingLogCase(): { sequence: Arrival[]; expected: Array<[boolean, number]> } {
  const limiters = [0, 1, 2].map(() => new SlidingLogLimiter({ limit: 5, periodMs: 60_000 }));
  const sequence = arrivals('log', 150, 8000);
  return { sequence, expected: sequence.map((a) => [limiters[a.client].admit(LOG_BASE_MS + a.t), 5 - limiters[a.client].size]) };
}

/** GCRA's arrivals (10 s, limit 8: a 1250 ms interval, in virtual time; first a burst of 9 that ends exactly at the tolerance) and the predictions. */
function gcraCase(): { sequence: Arrival[]; expected: Array<[boolean, number]> } {
  const periodMs = 10_000;
  const intervalMs = periodMs / 8;
  const limiters = [0, 1, 2].map(() => new GcraLimiter({ limit: 8, periodMs }));
  const sequence = [...Array.from({ length: 9 }, () => ({ client: 0, t: 0 })), ...arrivals('gcra', 150, 500).map((a) => ({ ...a, t: a.t + 1 }))];
  return {
    sequence, expected: sequence.map((a) => {
      const now = LOG_BASE_MS + a.t;
      const allowed = limiters[a.client].admit(now);
      const tat = Math.max(limiters[a.client].tatMs, now);
      return [allowed, Math.floor((periodMs - (tat - now)) / intervalMs)];
    }),
  };
}

/** The sliding counter's arrivals (10 s windows, limit 6, in virtual time) and the predictions: remaining and the window's end. */
function slidingCounterCase(): { sequence: Arrival[]; expected: Decision[]; limiters: SlidingCounterLimiter[] } {
  const periodMs = 10_000;
  const limiters = [0, 1, 2].map(() => new SlidingCounterLimiter({ limit: 6, periodMs }));
  const sequence = arrivals('counter', 200, 1500);
  return {
    sequence, expected: sequence.map((a) => {
      const now = LOG_BASE_MS + a.t;
      const limiter = limiters[a.client];
      const allowed = limiter.admit(now);
      const window = Math.floor(now / periodMs);
      const previous = limiter.window === window ? limiter.previous : limiter.window === window - 1 ? limiter.current : 0;
      const current = limiter.window === window ? limiter.current : 0;
      const estimate = previous * (1 - (now - window * periodMs) / periodMs) + current;
      return [allowed, Math.max(0, Math.ceil(6 - estimate)), (window + 1) * periodMs];
    }),
    limiters,
  };
}

/**
 * The token bucket's arrivals (7 per 3 s: a token per 428.57 ms, so refills are fractions of a
 * micro-token the script floors, in virtual time) and the predictions: whole tokens left, when it is full again.
 */
function tokenBucketCase(): { sequence: Arrival[]; expected: Decision[]; limiters: TokenBucketLimiter[] } {
  const limiters = [0, 1, 2].map(() => new TokenBucketLimiter({ limit: 7, periodMs: 3000 }));
  const sequence = arrivals('bucket', 200, 350);
  return {
    sequence, expected: sequence.map((a) => {
      const limiter = limiters[a.client];
      const allowed = limiter.admit(LOG_BASE_MS + a.t);
      return [allowed, Math.floor(limiter.tokens), limiter.expiresAtMs];
    }),
    limiters,
  };
}

const TS_DRIVER = `
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import * as cache from './rl.mjs';
const input = JSON.parse(readFileSync(process.argv[3], 'utf8'));
const client = new Redis({ host: '127.0.0.1', port: Number(process.argv[2]), maxRetriesPerRequest: 1 });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
await client.flushdb();
const row = (d) => [d.allowed, d.remaining, d.resetMs];
const out = { log: [], gcra: [], counter: [], bucket: [], fixed: [], headers: {} };
const last = {};
const decide = async (name, decision) => { last[name] = decision; out[name].push(row(decision)); };
out.counted = {};
cache.onRateLimitDecision((limiter, d) => { const c = (out.counted[limiter] ??= [0, 0]); c[0]++; if (!d.allowed) c[1]++; });
for (const a of input.log) await decide('log', await cache.rateLimitPerUser(client, 'u' + a.client, input.logBase + a.t));
for (const a of input.gcra) await decide('gcra', await cache.rateLimitPerEndpoint(client, '/api/' + a.client, input.logBase + a.t));
for (const a of input.counter) await decide('counter', await cache.rateLimitPerTenant(client, 't' + a.client, input.logBase + a.t));
for (const a of input.bucket) await decide('bucket', await cache.rateLimitPerToken(client, 'k' + a.client, input.logBase + a.t));
out.usage = {};
for (const key of ['rate_counter:t0', 'rate_counter:t1', 'rate_counter:t2', 'rate_bucket:k0', 'rate_bucket:k1', 'rate_bucket:k2']) {
  out.usage[key] = await client.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
}
const base = Date.now() + 100;
for (const a of input.fixed) {
  const at = base + a.t;
  while (Date.now() < at) await sleep(Math.max(1, at - Date.now()));
  await decide('fixed', await cache.rateLimitPerIp(client, '10.0.0.' + a.client, at));
}
out.aligned = row(await cache.rateLimitPerKeyAligned(client, 'k', 1_700_000_030_000));
out.alignedPttl = await client.pttl('rate_aligned:k');
for (const name of Object.keys(last)) out.headers[name] = cache.rateLimitHeaders(last[name]);
out.pttl = await client.pttl('rate_log:u0');
console.log(JSON.stringify(out));
client.disconnect();
`;

const PY_DRIVER = `
import json, sys, time
import redis
import keyspace_cache as cache
with open(sys.argv[2]) as f:
    data = json.load(f)
r = redis.Redis(host="127.0.0.1", port=int(sys.argv[1]), decode_responses=True)
r.flushdb()
row = lambda d: [d.allowed, d.remaining, d.reset_ms]
out = {"log": [], "gcra": [], "counter": [], "bucket": [], "fixed": [], "headers": {}}
last = {}
def decide(name, decision):
    last[name] = decision
    out[name].append(row(decision))
out["counted"] = {}
def count(limiter, d):
    c = out["counted"].setdefault(limiter, [0, 0])
    c[0] += 1
    c[1] += 0 if d.allowed else 1
cache.on_rate_limit_decision(count)
for a in data["log"]:
    decide("log", cache.rate_limit_per_user(r, "u%d" % a["client"], data["logBase"] + a["t"]))
for a in data["gcra"]:
    decide("gcra", cache.rate_limit_per_endpoint(r, "/api/%d" % a["client"], data["logBase"] + a["t"]))
for a in data["counter"]:
    decide("counter", cache.rate_limit_per_tenant(r, "t%d" % a["client"], data["logBase"] + a["t"]))
for a in data["bucket"]:
    decide("bucket", cache.rate_limit_per_token(r, "k%d" % a["client"], data["logBase"] + a["t"]))
base = int(time.time() * 1000) + 100
for a in data["fixed"]:
    at = base + a["t"]
    while time.time() * 1000 < at:
        time.sleep(max(0.001, (at - time.time() * 1000) / 1000))
    decide("fixed", cache.rate_limit_per_ip(r, "10.0.0.%d" % a["client"], at))
out["aligned"] = row(cache.rate_limit_per_key_aligned(r, "k", 1700000030000))
out["alignedPttl"] = r.pttl("rate_aligned:k")
for name, decision in last.items():
    out["headers"][name] = decision.headers()
out["pttl"] = r.pttl("rate_log:u0")
print(json.dumps(out))
`;

interface DriverOutput {
  log: Decision[]; gcra: Decision[]; counter: Decision[]; bucket: Decision[]; fixed: Decision[];
  aligned: Decision; alignedPttl: number; headers: Record<string, Record<string, string>>; pttl: number;
  usage?: Record<string, number>;
  /** [requests, refused] per limiter name, as the modules' decision hook counted them. */
  counted: Record<string, [number, number]>;
}

/** The keys the sliding counter and token bucket left: MEMORY USAGE as the simulator's model sizes their final state. */
function checkMemory(usage: Record<string, number>): void {
  const none = { count: 0, previous: 0, periodMs: 10_000, microTokens: 0, entries: 0, newestSeq: 0 };
  slidingCounterCase().limiters.forEach((limiter, i) => {
    const key = `rate_counter:t${i}`;
    expect(usage[key], key).toBe(memoryUsageBytes(key.length, { ...none, algorithm: 'sliding-counter', count: limiter.current, previous: limiter.previous }));
  });
  tokenBucketCase().limiters.forEach((limiter, i) => {
    const key = `rate_bucket:k${i}`;
    expect(usage[key], key).toBe(memoryUsageBytes(key.length, { ...none, algorithm: 'token-bucket', microTokens: limiter.microTokens }));
  });
}

/** Both outcomes occur: the sequence tests refusals as well as admissions. */
function expectBoth(expected: Array<[boolean, ...unknown[]]>): void {
  expect(new Set(expected.map(([allowed]) => allowed))).toEqual(new Set([true, false]));
}

function check(out: DriverOutput): void {
  const log = slidingLogCase();
  expect(out.log.map(([allowed, remaining]) => [allowed, remaining])).toEqual(log.expected);
  expectBoth(log.expected);
  out.log.forEach(([, , reset], i) => {
    const now = LOG_BASE_MS + log.sequence[i].t;
    expect(reset).toBeGreaterThan(now);
    expect(reset).toBeLessThanOrEqual(now + 60_000);
  });
  const gcra = gcraCase();
  expect(out.gcra.map(([allowed, remaining]) => [allowed, remaining])).toEqual(gcra.expected);
  expectBoth(gcra.expected);
  for (const { expected } of [slidingCounterCase(), tokenBucketCase()]) expectBoth(expected);
  expect(out.counter).toEqual(slidingCounterCase().expected);
  expect(out.bucket).toEqual(tokenBucketCase().expected);
  const fixed = fixedWindowCase();
  expect(out.fixed.map(([allowed, remaining]) => [allowed, remaining])).toEqual(fixed.expected);
  expectBoth(fixed.expected);
  // An aligned window ends at the next multiple of the period (PEXPIRE for the 10 s left of it).
  expect(out.aligned).toEqual([true, 8, 1_700_000_040_000]);
  expect(out.alignedPttl).toBeGreaterThan(9_000);
  expect(out.alignedPttl).toBeLessThanOrEqual(10_000);
  // The X-RateLimit-* headers of each algorithm's last decision: its limit, remaining, and reset in epoch seconds.
  const limits = { log: 5, gcra: 8, counter: 6, bucket: 7, fixed: 4 };
  expect(Object.keys(out.headers).sort()).toEqual(Object.keys(limits).sort());
  for (const [name, limit] of Object.entries(limits)) {
    const [, remaining, reset] = out[name as keyof typeof limits].at(-1) as Decision;
    expect(out.headers[name]).toEqual({ 'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': String(remaining), 'X-RateLimit-Reset': String(Math.ceil(reset / 1000)) });
  }
  expect(out.pttl).toBeGreaterThan(50_000);
  // The decision hook saw every decision under the limiter's name: the counters the alert rules read.
  const names = { log: 'per-user', gcra: 'per-endpoint', counter: 'per-tenant', bucket: 'per-token', fixed: 'per-ip' };
  expect(out.counted).toEqual({
    ...Object.fromEntries(Object.entries(names).map(([series, name]) => {
      const decisions = out[series as keyof typeof names];
      return [name, [decisions.length, decisions.filter(([allowed]) => !allowed).length]];
    })),
    'per-key-aligned': [1, 0],
  });
}

function writeInput(): string {
  const file = join(dir, 'arrivals.json');
  writeFileSync(file, JSON.stringify({
    log: slidingLogCase().sequence, gcra: gcraCase().sequence, counter: slidingCounterCase().sequence, bucket: tokenBucketCase().sequence,
    fixed: fixedWindowCase().sequence, logBase: LOG_BASE_MS,
  }));
  return file;
}

describe('exported rate limiters against a real redis-server', () => {
  const design = designFrom(FIXTURE_WITH_RATE_LIMITS);

  it('TypeScript (ioredis): admits exactly what the simulator predicts, request by request', () => {
    const source = exportDesign(design, { environment: 'prod' }, ['ts']).files[0].text;
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 } }).outputText;
    writeFileSync(join(dir, 'rl.mjs'), js);
    writeFileSync(join(dir, 'driver.mjs'), TS_DRIVER);
    const out = JSON.parse(execFileSync(process.execPath, [join(dir, 'driver.mjs'), String(server.port), writeInput()], { cwd: dir, encoding: 'utf8', timeout: 30_000 }));
    check(out);
    checkMemory(out.usage);
  }, 40_000);

  it('Python (redis-py): admits exactly what the simulator predicts, request by request', () => {
    writeFileSync(join(dir, 'keyspace_cache.py'), exportDesign(design, { environment: 'prod' }, ['python']).files[0].text);
    writeFileSync(join(dir, 'driver.py'), PY_DRIVER);
    const out = JSON.parse(execFileSync(PYTHON, ['-W', 'error', join(dir, 'driver.py'), String(server.port), writeInput()], { cwd: dir, encoding: 'utf8', timeout: 30_000, env: { ...process.env, PYTHONPATH: dir } }));
    check(out);
  }, 40_000);
});
