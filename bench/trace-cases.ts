/**
 * The trace-replay case: the same 10 M zipf(1.0) requests written as a text trace (one key per
 * line), read back and replayed through the full engine (`keyspace run --trace`), as the CLI runs
 * it: from the bundle it builds and caches (see simulator/node/cli/bundle-cache.ts).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadDesign } from '../simulator/model';
import { compilePlan } from '../simulator/run';
import * as traceRunSources from '../simulator/node/cli/trace-run';
import { bundledModule } from '../simulator/node/cli/bundle-cache';
import type { BenchRow } from './cases';

const { readKeyTrace } = traceRunSources;

const TRACE_FILE = '.bench-tmp/zipf-10m.txt';

/** Writes the trace once (in the `trace-file` case's own process, so its memory is not counted). */
export function ensureTrace(ids: () => Int32Array): string {
  if (existsSync(TRACE_FILE) && statSync(TRACE_FILE).size > 100_000_000) return TRACE_FILE;
  mkdirSync('.bench-tmp', { recursive: true });
  const all = ids();
  const fd = openSync(TRACE_FILE, 'w');
  const batch = 100_000;
  for (let start = 0; start < all.length; start += batch) {
    let text = '';
    for (let i = start; i < Math.min(all.length, start + batch); i++) text += `key:${all[i]}\n`;
    writeSync(fd, text);
  }
  closeSync(fd);
  return TRACE_FILE;
}

export async function caseTraceFile(): Promise<BenchRow[]> {
  const { zipfIds } = await import('./cases');
  const file = ensureTrace(() => zipfIds());
  return [{ case: `trace file ${file}`, metrics: { 'size (MB)': statSync(file).size / 1e6 } }];
}

export async function caseTraceParse(): Promise<BenchRow[]> {
  const sizeMb = statSync(TRACE_FILE).size / 1e6;
  const start = performance.now();
  const parsed = readKeyTrace(TRACE_FILE);
  const seconds = (performance.now() - start) / 1000;
  return [{
    case: `trace parsing only (key lines into ids): ${sizeMb.toFixed(0)} MB`,
    metrics: { 'lines/s': Math.round(parsed.count / seconds), 'MB/s': sizeMb / seconds, 'distinct keys': parsed.interner.size },
  }];
}

/**
 * `keyspace run --trace` on the bench trace under `designFile`: bench/trace-bench.yaml caches
 * without expiry, as the in-memory cases SET; bench/trace-bench-ttl.yaml gives every key a TTL.
 */
export function traceReplayCase(designFile: string, what: string): () => Promise<BenchRow[]> {
  return () => caseTrace(designFile, what);
}

async function caseTrace(designFile: string, what: string): Promise<BenchRow[]> {
  const file = TRACE_FILE;
  if (!existsSync(file)) throw new Error(`${file} is missing: the trace-file case writes it`);
  const loaded = loadDesign(readFileSync(designFile, 'utf8'));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const plan = compilePlan(loaded.design);
  const sizeMb = statSync(file).size / 1e6;
  // The CLI's code as the CLI loads it: bundled (built before the clock starts), else the sources.
  const bundle = await bundledModule(fileURLToPath(new URL('../simulator/node/cli/trace-run.ts', import.meta.url)));
  const { runTrace } = (bundle === null ? traceRunSources : await import(pathToFileURL(bundle).href)) as typeof traceRunSources;
  // Text parsed every time (trace-vs-cachesim times the parsed-trace cache).
  process.env.KEYSPACE_TRACE_CACHE = 'off';
  const start = performance.now();
  const result = await runTrace(plan, file, { out: () => {}, err: () => {}, tty: null });
  const seconds = (performance.now() - start) / 1000;
  // The whole command in its own process, startup included (another full replay: numbers only);
  // its bundle is built first, as any earlier run of the CLI would have.
  await bundledModule(fileURLToPath(new URL('../simulator/node/cli/main.ts', import.meta.url)));
  // GNU time (Debian's `time` package), where present, reports the process's peak RSS.
  const command = [process.execPath, 'bin/keyspace.mjs', 'run', designFile, '--trace', file];
  const timed = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', 'maxrss-kb %M', ...command] : command;
  const cliStart = performance.now();
  const cli = spawnSync(timed[0], timed.slice(1), { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const cliSeconds = (performance.now() - cliStart) / 1000;
  if (cli.status !== 0) throw new Error(`keyspace run --trace exited with ${cli.status}: ${cli.stderr}`);
  const cliRssKb = /maxrss-kb (\d+)/.exec(cli.stderr)?.[1];
  return [{
    case: `trace replay (keyspace run ${designFile} --trace): ${result.requests.toLocaleString('en-US')} requests, ${sizeMb.toFixed(0)} MB text, allkeys-lru, ${what}`,
    metrics: {
      'code': bundle === null ? 'TypeScript sources (no esbuild bundle)' : 'the CLI\'s esbuild bundle',
      'simulated requests/s (read + replay)': Math.round(result.requests / seconds),
      'total seconds': seconds,
      'hit ratio': result.cache.hitRatio,
      '`keyspace run --trace` process, seconds': cliSeconds,
      ...(cliRssKb === undefined ? {} : { '`keyspace run --trace` process, peak RSS (MB)': Math.round(Number(cliRssKb) / 1024) }),
    },
  }];
}
