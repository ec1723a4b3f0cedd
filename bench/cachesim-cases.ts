/**
 * `keyspace run --trace` against libCacheSim's `cachesim`, side by side: the same 10 M-line
 * zipf(1.0) trace over 1 M keys, whole processes, interleaved, median of 3. Ours reads the text
 * (first run: parsed, and the parsed-trace cache written; cached run: read from that cache);
 * cachesim reads its binary oracleGeneral format (converted once by bench/oracle-general.ts) with
 * LRU at the key count our exact-lru run ends with. The traces live outside the repository
 * (KEYSPACE_BENCH_DIR, default <tmp>/keyspace-bench). Skipped, saying why, without
 * LIBCACHESIM_BIN (a cachesim built from github.com/1a1a11a/libCacheSim).
 * Also: the sampled run (--sample 0.01) of the 10 M trace and of a 100 M-line one, whose peak
 * RSS shows the memory does not grow with the trace.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchRow } from './cases';
import { toOracleGeneral } from './oracle-general';
import { writeZipfTrace } from './zipf-trace';

const DIR = process.env.KEYSPACE_BENCH_DIR ?? join(tmpdir(), 'keyspace-bench');
const ROUNDS = 3;

/** A zipf(1.0) trace of `lines` lines over 1 M keys in the bench folder, written once. */
function trace(lines: number): string {
  mkdirSync(DIR, { recursive: true });
  const file = join(DIR, `zipf-${lines / 1e6}m.txt`);
  if (existsSync(file) && statSync(file).size > lines * 8) return file;
  const fd = openSync(file, 'w');
  writeZipfTrace(fd, lines, 1_000_000);
  closeSync(fd);
  return file;
}

interface Timed { seconds: number; rssMb: number; stdout: string }

/** A whole process under GNU time: wall seconds and peak RSS. */
function timed(command: string[], env: NodeJS.ProcessEnv = process.env): Timed {
  const run = spawnSync('/usr/bin/time', ['-f', 'bench-time %e %M', ...command], { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  const match = /bench-time ([\d.]+) (\d+)/.exec(run.stderr);
  if (run.status !== 0 || !match) throw new Error(`${command.join(' ')} failed (${run.status}): ${run.stderr.slice(-2000)}`);
  return { seconds: Number(match[1]), rssMb: Math.round(Number(match[2]) / 1024), stdout: run.stdout };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function keyspace(file: string, policy: string, cacheDir: string, extra: string[] = []): { command: string[]; env: NodeJS.ProcessEnv } {
  return {
    command: [process.execPath, 'bin/keyspace.mjs', 'run', 'bench/trace-bench.yaml', '--trace', file, '--set', `server.maxmemoryPolicy=${policy}`, '--quiet', ...extra],
    env: { ...process.env, KEYSPACE_TRACE_CACHE: cacheDir },
  };
}

export async function caseVsCachesim(): Promise<BenchRow[]> {
  const bin = process.env.LIBCACHESIM_BIN;
  if (!bin || !existsSync(bin)) {
    const reason = `skipped: set LIBCACHESIM_BIN to a cachesim binary built from github.com/1a1a11a/libCacheSim${bin ? ` (${bin} does not exist)` : ''}`;
    console.error(`trace-vs-cachesim ${reason}`);
    return [{ case: 'keyspace run --trace vs libCacheSim cachesim', metrics: { status: reason } }];
  }
  const text = trace(10_000_000);
  const binary = text.replace(/\.txt$/, '.oracleGeneral.bin');
  if (!existsSync(binary)) toOracleGeneral(text, binary);
  const cacheDir = join(DIR, 'trace-cache');
  const json = join(DIR, 'exact-lru.json');
  // The cache size cachesim gets: the keys our exact-lru cache holds at the end (one untimed run).
  rmSync(cacheDir, { recursive: true, force: true });
  const sizing = keyspace(text, 'exact-lru', cacheDir, ['--json', json]);
  timed(sizing.command, sizing.env);
  const result = JSON.parse(readFileSync(json, 'utf8')) as { cache: { keys: number; hitRatio: number } };
  const objects = result.cache.keys;
  const samples: Record<string, Timed[]> = {};
  const add = (name: string, t: Timed) => (samples[name] ??= []).push(t);
  let cachesimMissRatio = '';
  for (let round = 0; round < ROUNDS; round++) {
    for (const policy of ['exact-lru', 'allkeys-lru']) {
      rmSync(cacheDir, { recursive: true, force: true });
      const run = keyspace(text, policy, cacheDir);
      add(`keyspace ${policy}, text, first run (parse + write cache)`, timed(run.command, run.env));
      add(`keyspace ${policy}, cached run`, timed(run.command, run.env));
    }
    // -o: its summary file goes beside the traces, not into the working directory.
    const lcs = timed([bin, binary, 'oracleGeneralBin', 'LRU', String(objects), '--ignore-obj-size', '1', '-o', join(DIR, 'cachesim-out')]);
    cachesimMissRatio = /miss ratio ([\d.]+)/.exec(lcs.stdout)?.[1] ?? '';
    add('cachesim LRU, oracleGeneral binary', lcs);
  }
  const metrics: Record<string, number | string> = {
    'trace': `${text} (${(statSync(text).size / 1e6).toFixed(0)} MB text), ${binary} (${(statSync(binary).size / 1e6).toFixed(0)} MB)`,
    'cache size (keys)': objects,
    'keyspace exact-lru hit ratio': result.cache.hitRatio,
    'cachesim LRU miss ratio': cachesimMissRatio,
  };
  for (const [name, runs] of Object.entries(samples)) {
    metrics[`${name}: median s`] = median(runs.map((r) => r.seconds));
    metrics[`${name}: runs s`] = runs.map((r) => r.seconds.toFixed(2)).join(' / ');
    metrics[`${name}: peak RSS MB`] = median(runs.map((r) => r.rssMb));
  }
  const lcs = metrics['cachesim LRU, oracleGeneral binary: median s'] as number;
  for (const policy of ['exact-lru', 'allkeys-lru']) {
    metrics[`cachesim ÷ keyspace ${policy} cached`] = lcs / (metrics[`keyspace ${policy}, cached run: median s`] as number);
    metrics[`cachesim ÷ keyspace ${policy} first`] = lcs / (metrics[`keyspace ${policy}, text, first run (parse + write cache): median s`] as number);
  }
  return [{ case: `keyspace run --trace vs libCacheSim cachesim (${bin}): 10 M zipf(1.0) requests, 1 M keys, interleaved, median of ${ROUNDS}`, metrics }];
}

/** --sample 0.01 over 10 M and 100 M lines: the same peak memory, the time of reading the text. */
export async function caseSampled(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const lines of [10_000_000, 100_000_000]) {
    const file = trace(lines);
    const run = keyspace(file, 'allkeys-lru', 'off', ['--sample', '0.01']);
    const t = timed(run.command, run.env);
    const estimate = /hit ratio ([\d.]+)% ± ([\d.]+) pp/.exec(t.stdout);
    rows.push({
      case: `keyspace run --trace ${file} --sample 0.01 (allkeys-lru): ${(lines / 1e6).toFixed(0)} M lines, ${(statSync(file).size / 1e9).toFixed(2)} GB`,
      metrics: { 'seconds': t.seconds, 'peak RSS (MB)': t.rssMb, 'lines/s': Math.round(lines / t.seconds), 'estimated hit ratio %': estimate?.[1] ?? '', 'split-half error (pp)': estimate?.[2] ?? '' },
    });
  }
  return rows;
}
