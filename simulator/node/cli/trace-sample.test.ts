import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDesign } from '../../model';
import { compilePlan } from '../../run';
import type { RunPlan } from '../../run';
import { createKeySampler, Rng } from '../../traffic';
import { streamTrace } from './trace-stream';
import { traceCurveSizes } from './mrc-trace';
import { runCli } from './test-cli';

const dir = mkdtempSync(join(tmpdir(), 'keyspace-sample-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function plan(maxmemory: string): RunPlan {
  const yaml = readFileSync('bench/trace-bench.yaml', 'utf8').replace(/maxmemory: [\d.]+mb/, `maxmemory: ${maxmemory}`).replace('$schema: ../presets/design.schema.json\n', '');
  const loaded = loadDesign(yaml);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return compilePlan(loaded.design);
}

/** zipf(1.0) over `keys` keys, as the bench's trace. */
function zipfTrace(lines: number, keys: number): string {
  const sampler = createKeySampler({ kind: 'zipf', alpha: 1.0 }, keys, new Rng(3));
  let text = '';
  for (let i = 0; i < lines; i++) text += `key:${sampler.next()}\n`;
  const file = join(dir, `zipf-${lines}.txt`);
  writeFileSync(file, text);
  return file;
}

const signal = () => new AbortController().signal;

describe('sampled trace replay (run --trace --sample)', () => {
  it('estimates the whole trace\'s hit ratio from a spatial sample, with a split-half error', async () => {
    const file = zipfTrace(300_000, 50_000);
    const design = plan('2mb');
    const full = await streamTrace(design, file, signal(), null);
    const sampled = await streamTrace(design, file, signal(), null, 0.1);
    const exact = full.result?.cache.hitRatio ?? NaN;
    const s = sampled.result?.sampling;
    expect(s).toBeDefined();
    if (!s || !sampled.result) return;
    expect(s.traceRequests).toBe(300_000);
    // About a tenth of the keys (binomial: ±3σ ≈ ±0.01), every request of each.
    const distinct = new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean)).size;
    expect(Math.abs(s.sampledKeys / distinct - 0.1)).toBeLessThan(0.015);
    expect(sampled.result.requests).toBe(s.sampledRequests);
    expect(sampled.result.cache.hitRatio).toBe(s.hitRatio);
    // The estimate is near the full replay's; the raw sample's own ratio need not be.
    expect(Math.abs(s.hitRatio - exact)).toBeLessThan(0.02);
    expect(s.halfHitRatios).toHaveLength(2);
    expect(s.hitRatioError).toBeCloseTo(Math.abs(s.halfHitRatios[0] - s.halfHitRatios[1]) / 2, 12);
    // The requests keep their times: the sample spans the whole trace.
    expect(sampled.result.durationMs).toBe(full.result?.durationMs);
  }, 60_000);

  it('is a CLI option of run --trace that prints the sample and its error, and refuses a bad rate', async () => {
    const file = zipfTrace(50_000, 5000);
    const ok = await runCli(...['run', 'bench/trace-bench.yaml', '--trace', file, '--sample', '5%', '--quiet']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/sampled trace: [\d,]+ of 50,000 requests, the [\d,]+ keys of a 5\.00% spatial sample/);
    expect(ok.out).toMatch(/hit ratio \d+\.\d+% ± \d+\.\d+ pp/);
    const bad = await runCli(...['run', 'bench/trace-bench.yaml', '--trace', file, '--sample', '0']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--sample 0');
    const alone = await runCli(...['run', 'bench/trace-bench.yaml', '--sample', '0.1']);
    expect(alone.code).toBe(2);
  }, 60_000);

  it('mrc --trace: each size replayed side by side gives exactly the hit ratio of its own run --trace', async () => {
    const file = zipfTrace(60_000, 8000);
    const design = plan('2mb');
    const sizes = traceCurveSizes(design.server.maxmemoryBytes, 3);
    expect(sizes).toEqual([Math.round(design.server.maxmemoryBytes / 16), design.server.maxmemoryBytes, design.server.maxmemoryBytes * 16]);
    const curve = await streamTrace(design, file, signal(), null, 1, sizes);
    for (const [i, maxmemoryBytes] of sizes.entries()) {
      const alone = await streamTrace({ ...design, server: { ...design.server, maxmemoryBytes } }, file, signal(), null);
      expect(curve.points[i]).toEqual({ maxmemoryBytes, hitRatio: alone.result?.cache.hitRatio });
    }
    const cli = await runCli(...['mrc', 'bench/trace-bench.yaml', '--trace', file, '--points', '5', '--sample-rate', '0.5', '--target', '0.5']);
    expect(cli.code).toBe(0);
    expect(cli.out).toMatch(/at 5 sizes/);
    expect(cli.out).toMatch(/split-half error is ±\d+\.\d+ pp/);
    expect(cli.out).toMatch(/memory for 50\.00%: /);
  }, 60_000);
});

