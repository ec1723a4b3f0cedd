/**
 * The exported rate limiters, consumed for real: the TypeScript module (transpiled, run by node
 * with ioredis) and the Python module (python3 with Debian's python3-redis) decide a seeded arrival
 * sequence against a real redis-server, and admit exactly what simulator/ratelimit predicts,
 * request by request.
 *
 * The sliding log and GCRA take virtual times (`now` passed explicitly; its Lua decides on `now` alone). The
 * fixed window's expiry is Redis's own clock (PEXPIREAT), so its arrivals are paced in real time,
 * and arrivals within MARGIN_MS of a window's end are left out of the sequence: a request made a
 * little late must not land on the other side of an expiry.
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
import { FixedWindowLimiter, GcraLimiter, SlidingLogLimiter } from '../../ratelimit';
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

const TS_DRIVER = `
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import * as cache from './rl.mjs';
const input = JSON.parse(readFileSync(process.argv[3], 'utf8'));
const client = new Redis({ host: '127.0.0.1', port: Number(process.argv[2]), maxRetriesPerRequest: 1 });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
await client.flushdb();
const row = (d) => [d.allowed, d.remaining, d.resetMs];
const out = { log: [], gcra: [], fixed: [] };
for (const a of input.log) out.log.push(row(await cache.rateLimitPerUser(client, 'u' + a.client, input.logBase + a.t)));
for (const a of input.gcra) out.gcra.push(row(await cache.rateLimitPerEndpoint(client, '/api/' + a.client, input.logBase + a.t)));
const base = Date.now() + 100;
for (const a of input.fixed) {
  const at = base + a.t;
  while (Date.now() < at) await sleep(Math.max(1, at - Date.now()));
  out.fixed.push(row(await cache.rateLimitPerIp(client, '10.0.0.' + a.client, at)));
}
out.aligned = row(await cache.rateLimitPerKeyAligned(client, 'k', 1_700_000_030_000));
out.headers = cache.rateLimitHeaders({ allowed: true, limit: 4, remaining: 3, resetMs: 1_700_000_000_001 });
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
out = {"log": [], "gcra": [], "fixed": []}
for a in data["log"]:
    out["log"].append(row(cache.rate_limit_per_user(r, "u%d" % a["client"], data["logBase"] + a["t"])))
for a in data["gcra"]:
    out["gcra"].append(row(cache.rate_limit_per_endpoint(r, "/api/%d" % a["client"], data["logBase"] + a["t"])))
base = int(time.time() * 1000) + 100
for a in data["fixed"]:
    at = base + a["t"]
    while time.time() * 1000 < at:
        time.sleep(max(0.001, (at - time.time() * 1000) / 1000))
    out["fixed"].append(row(cache.rate_limit_per_ip(r, "10.0.0.%d" % a["client"], at)))
out["aligned"] = row(cache.rate_limit_per_key_aligned(r, "k", 1700000030000))
out["headers"] = cache.RateLimitDecision(True, 4, 3, 1700000000001).headers()
out["pttl"] = r.pttl("rate_log:u0")
print(json.dumps(out))
`;

function check(out: { log: Decision[]; gcra: Decision[]; fixed: Decision[]; aligned: Decision; headers: Record<string, string>; pttl: number }): void {
  const log = slidingLogCase();
  const fixed = fixedWindowCase();
  expect(out.log.map(([allowed, remaining]) => [allowed, remaining])).toEqual(log.expected);
  // Both outcomes occur: the sequence tests refusals as well as admissions.
  expect(new Set(log.expected.map(([allowed]) => allowed))).toEqual(new Set([true, false]));
  out.log.forEach(([, , reset], i) => {
    const now = LOG_BASE_MS + log.sequence[i].t;
    expect(reset).toBeGreaterThan(now);
    expect(reset).toBeLessThanOrEqual(now + 60_000);
  });
  const gcra = gcraCase();
  expect(out.gcra.map(([allowed, remaining]) => [allowed, remaining])).toEqual(gcra.expected);
  expect(new Set(gcra.expected.map(([allowed]) => allowed))).toEqual(new Set([true, false]));
  expect(out.fixed.map(([allowed, remaining]) => [allowed, remaining])).toEqual(fixed.expected);
  expect(new Set(fixed.expected.map(([allowed]) => allowed))).toEqual(new Set([true, false]));
  // An aligned window ends at the next multiple of the period.
  expect(out.aligned).toEqual([true, 8, 1_700_000_040_000]);
  expect(out.headers).toEqual({ 'X-RateLimit-Limit': '4', 'X-RateLimit-Remaining': '3', 'X-RateLimit-Reset': '1700000001' });
  expect(out.pttl).toBeGreaterThan(50_000);
}

function writeInput(): string {
  const file = join(dir, 'arrivals.json');
  writeFileSync(file, JSON.stringify({ log: slidingLogCase().sequence, gcra: gcraCase().sequence, fixed: fixedWindowCase().sequence, logBase: LOG_BASE_MS }));
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
  }, 40_000);

  it('Python (redis-py): admits exactly what the simulator predicts, request by request', () => {
    writeFileSync(join(dir, 'keyspace_cache.py'), exportDesign(design, { environment: 'prod' }, ['python']).files[0].text);
    writeFileSync(join(dir, 'driver.py'), PY_DRIVER);
    const out = JSON.parse(execFileSync(PYTHON, ['-W', 'error', join(dir, 'driver.py'), String(server.port), writeInput()], { cwd: dir, encoding: 'utf8', timeout: 30_000, env: { ...process.env, PYTHONPATH: dir } }));
    check(out);
  }, 40_000);
});
