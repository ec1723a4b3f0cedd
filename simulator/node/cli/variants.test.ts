import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './test-cli';
import { spawnKeyspace, writeLongDesign } from './stop-test-support';

const dir = mkdtempSync(join(tmpdir(), 'keyspace-jobs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const POLICIES = ['allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'volatile-ttl'];
// A cache small enough that the policies evict differently within a short run.
const SMALL = ['--requests', '30000', '--ignore-targets', '--set', 'server.maxmemory=8mb'];

function json(path: string): { runs: Array<{ label: string; result: { cache: { hitRatio: number } } }> } {
  return JSON.parse(readFileSync(path, 'utf8')) as ReturnType<typeof json>;
}

describe('--jobs', () => {
  it('run --vary of 4 policies on 2 worker threads writes the same JSON and table as one after the other', async () => {
    const outputs = [];
    for (const jobs of ['1', '2']) {
      const path = join(dir, `vary-${jobs}.json`);
      const { code, out } = await runCli('run', 'presets/eviction-shootout.yaml', ...SMALL, '--vary', `server.maxmemoryPolicy=${POLICIES.join(',')}`, '--jobs', jobs, '--json', path);
      expect(code).toBe(0);
      outputs.push({ text: readFileSync(path, 'utf8'), out });
    }
    expect(outputs[1].text).toBe(outputs[0].text);
    expect(outputs[1].out.replace(/vary-2/, 'vary-1')).toBe(outputs[0].out);
    const { runs } = json(join(dir, 'vary-2.json'));
    expect(runs.map((r) => r.label)).toEqual(POLICIES);
    // Four different runs, not one result four times.
    expect(new Set(runs.map((r) => r.result.cache.hitRatio)).size).toBeGreaterThan(1);
  });

  it('compare of 4 designs on 2 worker threads writes the same JSON as one after the other', async () => {
    const text = readFileSync('presets/eviction-shootout.yaml', 'utf8');
    const files = POLICIES.map((policy) => {
      const path = join(dir, `${policy}.yaml`);
      writeFileSync(path, text.replace(/maxmemoryPolicy: \S+/, `maxmemoryPolicy: ${policy}`).replace(/maxmemory: 40mb/, 'maxmemory: 8mb'));
      return path;
    });
    const texts = [];
    for (const jobs of ['1', '2']) {
      const path = join(dir, `compare-${jobs}.json`);
      const { code } = await runCli('compare', ...files, '--requests', '30000', '--jobs', jobs, '--json', path);
      expect(code).toBe(0);
      texts.push(readFileSync(path, 'utf8'));
    }
    expect(texts[1]).toBe(texts[0]);
    const { runs } = json(join(dir, 'compare-2.json'));
    expect(runs.map((r) => r.label)).toEqual(POLICIES);
    expect(new Set(runs.map((r) => r.result.cache.hitRatio)).size).toBeGreaterThan(1);
  });

  it('refuses a --jobs that is not a whole number from 1', async () => {
    const { code, err } = await runCli('compare', 'presets/eviction-shootout.yaml', 'presets/session-store.yaml', '--jobs', '0');
    expect(code).toBe(2);
    expect(err).toMatch(/--jobs 0: expected a whole number from 1/);
  });

  it('on SIGINT stops the running variants part-way, starts no other, and prints what they measured', async () => {
    const json = join(dir, 'stopped.json');
    const run = spawnKeyspace(['run', writeLongDesign(dir), '--requests', '100000000', '--ignore-targets', '--vary', 'server.maxmemoryPolicy=allkeys-lru,allkeys-lfu,allkeys-random', '--jobs', '2', '--json', json], {});
    // Long enough for both workers to be simulating, even on a loaded machine; far from the runs' end.
    await new Promise((resolve) => setTimeout(resolve, 8000));
    run.child.kill('SIGINT');
    const { code } = await run.exited;
    expect(run.stderr()).toMatch(/stopped by SIGINT/);
    expect(code).toBe(130);
    const { runs } = JSON.parse(readFileSync(json, 'utf8')) as { runs: Array<{ label: string; result: { requests: number } }> };
    expect(runs.map((r) => r.label)).toEqual(['allkeys-lru', 'allkeys-lfu']);
    for (const r of runs) expect(r.result.requests).toBeGreaterThan(0);
    for (const r of runs) expect(r.result.requests).toBeLessThan(100_000_000);
  }, 60_000);
});
