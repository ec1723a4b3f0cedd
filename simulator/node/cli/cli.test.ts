import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './test-cli';

const dir = mkdtempSync(join(tmpdir(), 'keyspace-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = runCli;

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// Small runs; the presets' own targets are meant for full runs, so they are left out here.
const SMALL = ['--requests', '20000', '--ignore-targets'];
const BUDGET = ['--requests', '20000'];

describe('keyspace validate', () => {
  it('accepts every preset', async () => {
    const { code, out } = await cli('validate', 'presets/ecommerce-catalog.yaml', 'presets/eviction-shootout.yaml');
    expect(code).toBe(0);
    expect(out).toContain('presets/ecommerce-catalog.yaml: ok');
  });

  it('exits 2 with file:line:column, the field path and what is valid, never a stack trace', async () => {
    const bad = file('bad.yaml', readFileSync('presets/eviction-shootout.yaml', 'utf8').replace(/maxmemoryPolicy: \S+/, 'maxmemoryPolicy: allkeys-lrx'));
    const { code, err } = await cli('validate', bad);
    expect(code).toBe(2);
    expect(err).toMatch(/bad\.yaml:\d+:\d+ server\.maxmemoryPolicy: "allkeys-lrx" is not a maxmemory-policy; valid: noeviction/);
    expect(err).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses a 200 MB file before reading it', async () => {
    const huge = join(dir, 'huge.yaml');
    writeFileSync(huge, '');
    truncateSync(huge, 200 * 1024 * 1024);
    const { code, err } = await cli('validate', huge);
    expect(code).toBe(2);
    expect(err).toMatch(/huge\.yaml: is 200\.0 MB; a design \(YAML\) is at most 2\.0 MB/);
  });

  it('reports malformed YAML and a missing file with a one-line cause', async () => {
    const broken = file('broken.yaml', 'version: 1\nname: [unclosed\n');
    expect((await cli('validate', broken)).err).toMatch(/broken\.yaml:\d+:\d+ /);
    const missing = await cli('validate', join(dir, 'nope.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nope\.yaml: no such file; name a design/);
  });
});

describe('keyspace run', () => {
  it('prints a summary, writes the result JSON with the stable field names, and passes assertions', async () => {
    const json = join(dir, 'result.json');
    const { code, out } = await cli('run', 'presets/eviction-shootout.yaml', ...SMALL, '--json', json, '--assert', 'hitRatio>=0.1', '--assert', 'p95<=10s');
    expect(code).toBe(0);
    expect(out).toMatch(/hit ratio\s+\d+\.\d+%/);
    expect(out).toContain('pass hitRatio>=0.1');
    const result = JSON.parse(readFileSync(json, 'utf8'));
    for (const field of ['version', 'requests', 'partial', 'cache', 'latency', 'origin', 'namespaces', 'series']) expect(result).toHaveProperty(field);
    for (const field of ['hits', 'misses', 'hitRatio', 'evictedKeys', 'expiredKeys', 'usedMemoryBytes', 'oomRejections', 'staleReads']) expect(result.cache).toHaveProperty(field);
    for (const field of ['p50Ms', 'p95Ms', 'p99Ms']) expect(result.latency).toHaveProperty(field);
    expect(result.origin).toHaveProperty('queries');
    expect(result.requests).toBe(20_000);
  });

  it('exits 1 and names the assertion that failed', async () => {
    const { code, out, err } = await cli('run', 'presets/eviction-shootout.yaml', ...SMALL, '--assert', 'hitRatio>=0.99');
    expect(code).toBe(1);
    expect(out).toMatch(/FAIL hitRatio>=0\.99: \d+\.\d+% FAILED/);
    expect(err).toContain('1 assertion failed');
  });

  it('exits 2 on a malformed assertion, a bad --set path and an unknown option', async () => {
    expect((await cli('run', 'presets/eviction-shootout.yaml', '--assert', 'hitRatio=>0.7')).err).toMatch(/needs a comparison|unknown metric/);
    const badSet = await cli('run', 'presets/eviction-shootout.yaml', '--set', 'server.nope.deeper=1');
    expect(badSet.code).toBe(2);
    const unknown = await cli('run', 'presets/eviction-shootout.yaml', '--colour');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown option --colour');
  });

  it('applies --set overrides and validates them like the file', async () => {
    const { code, out } = await cli('run', 'presets/eviction-shootout.yaml', ...SMALL, '--set', 'server.maxmemoryPolicy=allkeys-lfu', '--json', join(dir, 'lfu.json'));
    expect(code).toBe(0);
    expect(out).toContain('hit ratio');
    const bad = await cli('run', 'presets/eviction-shootout.yaml', '--set', 'server.maxmemory=lots');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/\(with --set\):\d+:\d+ server\.maxmemory: "lots" is not a size/);
  });

  it('runs one variant per --vary value and prints them side by side with deltas', async () => {
    const { code, out } = await cli('run', 'presets/eviction-shootout.yaml', ...SMALL, '--vary', 'server.maxmemoryPolicy=allkeys-lru,allkeys-random');
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toMatch(/metric\s+allkeys-lru\s+allkeys-random/);
    expect(out).toMatch(/hit ratio .*\([+-]\d+\.\d+ pt\)/);
  });

  it('varies a jittered TTL to none (its jitter dropped for that variant) and runs it cached without expiry', async () => {
    const json = join(dir, 'vary-none.json');
    const { code, out, err } = await cli('run', 'presets/ecommerce-catalog.yaml', ...SMALL, '--vary', 'ttlMatrix.product.prod.ttl=5m,none', '--json', json);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toMatch(/metric\s+5m\s+none/);
    const runs = (JSON.parse(readFileSync(json, 'utf8')) as { runs: Array<{ label: string; result: { namespaces: Array<{ name: string; ttlMs: number | null; expiredKeys: number }> } }> }).runs;
    const products = runs.map((run) => run.result.namespaces.find((ns) => ns.name === 'products'));
    expect(products.map((ns) => ns?.ttlMs)).toEqual([300_000, null]);
    expect(products[1]?.expiredKeys).toBe(0);
  });

  it('replays a plain key trace as cache-aside reads, with sizes from the line or the namespace', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 5000; i++) lines.push(i % 3 === 0 ? `articles:${i % 50},2048` : `articles:${i % 50}`);
    lines.push('other:key');
    const trace = file('keys.txt', `${lines.join('\n')}\n`);
    const json = join(dir, 'trace.json');
    const { code } = await cli('run', 'presets/eviction-shootout.yaml', '--ignore-targets', '--trace', trace, '--json', json);
    expect(code).toBe(0);
    const result = JSON.parse(readFileSync(json, 'utf8'));
    expect(result.requests).toBe(5001);
    // 51 distinct keys miss once each; the other misses arrive while a load is still in flight.
    expect(result.cache.misses - result.origin.duplicateLoads).toBe(51);
    expect(result.cache.hits + result.cache.misses).toBe(5001);
    expect(result.namespaces.map((ns: { name: string }) => ns.name)).toContain('(unmatched)');
  });

  it('skips malformed trace lines with a warning, and refuses a trace that is mostly malformed', async () => {
    const noisy = file('noisy.txt', `a:1\na:2,12x\n${'a:3\n'.repeat(50)}`);
    const warned = await cli('run', 'presets/eviction-shootout.yaml', '--ignore-targets', '--trace', noisy);
    expect(warned.code).toBe(0);
    expect(warned.err).toMatch(/skipped 1 malformed line:\n.*noisy\.txt:2:/);
    const garbage = file('garbage.txt', 'a,x\nb,y\nc,z\n');
    const refused = await cli('run', 'presets/eviction-shootout.yaml', '--trace', garbage);
    expect(refused.code).toBe(2);
  });
});

describe('keyspace compare and mrc', () => {
  it('compares two designs side by side', async () => {
    const { code, out } = await cli('compare', 'presets/thundering-herd.yaml', 'presets/thundering-herd-jitter.yaml', ...BUDGET);
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toMatch(/metric\s+thundering-herd\s+thundering-herd-jitter/);
  });

  it('prints the miss-ratio curve and how much memory reaches 80/90/95 %', async () => {
    const json = join(dir, 'mrc.json');
    const { code, out } = await cli('mrc', 'presets/eviction-shootout.yaml', ...BUDGET, '--sweep', '2', '--target', '85%', '--json', json);
    expect(code).toBe(0);
    expect(out).toMatch(/memory for 85\.00% \(allkeys-lru\): /);
    const curve = JSON.parse(readFileSync(json, 'utf8'));
    expect(curve.method).toBe('sampled-minisim');
    expect(curve.points.length).toBe(20);
    expect(curve.reference.method).toBe('lru-stack');
    const stack = curve.reference.points;
    for (let i = 1; i < stack.length; i++) expect(stack[i].hitRatio).toBeGreaterThanOrEqual(stack[i - 1].hitRatio);
    expect(curve.memoryFor).toEqual([{ hitRatio: 0.85, maxmemoryBytes: curve.points.find((p: { hitRatio: number }) => p.hitRatio >= 0.85)?.maxmemoryBytes ?? null }]);
    expect(curve.sweep.length).toBe(2);
  });

  it('exits 2 on an unknown command', async () => {
    expect((await cli('frobnicate')).code).toBe(2);
  });
});

describe('keyspace slots and pub/sub runs', () => {
  it('prints the published HASH_SLOT values and the owning shard', async () => {
    const { code, out } = await cli('slots', 'foo', 'bar', '{user1000}.following', 'foo{}{bar}', 'foo{{bar}}zap', '--shards', '3');
    expect(code).toBe(0);
    expect(out).toMatch(/^foo\s+-\s+12182\s+2$/m);
    expect(out).toMatch(/^bar\s+-\s+5061\s+0$/m);
    expect(out).toMatch(/^\{user1000\}\.following\s+user1000\s+3443\s+0$/m);
    expect(out).toMatch(/^foo\{\}\{bar\}\s+-\s+8363\s+1$/m);
    expect(out).toMatch(/^foo\{\{bar\}\}zap\s+\{bar\s+4015\s+0$/m);
  });

  it('reports fan-out beside cache metrics and checks pub/sub assertions', async () => {
    const json = join(dir, 'pubsub.json');
    const { code, out } = await cli('run', 'presets/slow-consumer-backpressure.yaml', '--ignore-targets', '--json', json, '--assert', 'lost==0', '--assert', 'fanout.p99<=60s', '--assert', 'classes.ticks.lost==0');
    expect(out).toContain('pub/sub fan-out');
    const result = JSON.parse(readFileSync(json, 'utf8'));
    for (const field of ['published', 'delivered', 'dropped', 'lost', 'duplicated', 'replayed', 'bandwidthBitsPerSec', 'workers', 'shards', 'classes']) expect(result.pubsub).toHaveProperty(field);
    for (const field of ['p50Ms', 'p95Ms', 'p99Ms', 'p999Ms']) expect(result.pubsub.fanout).toHaveProperty(field);
    expect(out).toMatch(/pass lost==0: 0 ok/);
    expect(code).toBe(0);
  });
});

describe('keyspace run --engine live', () => {
  it('replays the design on a managed redis-server and returns the same result shape', async () => {
    const json = join(dir, 'live.json');
    const { code, out, err } = await cli('run', 'presets/eviction-shootout.yaml', '--engine', 'live', '--managed', '--requests', '5000', '--speed', 'max', '--ignore-targets', '--json', json);
    expect(err).not.toMatch(/failed/);
    expect(code).toBe(0);
    expect(out).toMatch(/, live$/m);
    const result = JSON.parse(readFileSync(json, 'utf8'));
    expect(result.engine).toBe('live');
    expect(result.requests).toBe(5000);
    expect(result.cache.hits + result.cache.misses).toBeGreaterThan(0);
  }, 60_000);

  it('says clearly when the target cannot be reached, and rejects live flags without --engine live', async () => {
    const unreachable = await cli('run', 'presets/eviction-shootout.yaml', '--engine', 'live', '--redis', 'redis://127.0.0.1:1/0', '--requests', '100', '--ignore-targets');
    expect(unreachable.code).toBe(2);
    expect(unreachable.err).toMatch(/live run failed \(unreachable\)/);
    const misplaced = await cli('run', 'presets/eviction-shootout.yaml', '--managed');
    expect(misplaced.code).toBe(2);
    expect(misplaced.err).toContain('--managed needs --engine live');
  }, 60_000);
});

describe('keyspace run --engine live --container', () => {
  it('says plainly when no Docker engine answers and points to the process option', async () => {
    const saved = process.env.KEYSPACE_DOCKER;
    process.env.KEYSPACE_DOCKER = join(dir, 'no-docker-here');
    try {
      const { code, err } = await cli('run', 'presets/eviction-shootout.yaml', '--engine', 'live', '--container', '--requests', '100', '--ignore-targets');
      expect(code).toBe(2);
      expect(err).toMatch(/No Docker engine answers \(the docker command is not installed\)\. Run live on a local redis-server process instead: --managed/);
    } finally {
      if (saved === undefined) delete process.env.KEYSPACE_DOCKER; else process.env.KEYSPACE_DOCKER = saved;
    }
  }, 30_000);
});
