/** `keyspace compare <a.yaml> <b.yaml>…` and the table shared with `run --vary`. */
import { checkOutputPath, writeOutputText } from '../input';
import { assertAffordable, COST_FLAGS, costLimitsOf } from './cost-limits';
import type { RunResult } from '../../run';
import { compilePlan } from '../../run';
import { flag, flags, intFlag, parseArgs, UsageError } from './args';
import { readDesignFile } from './design-file';
import { bytes, count, ms, pct, table } from './format';
import type { Io } from './main';
import { JOBS_FLAG, jobsOf, simulateVariants } from './variants';
import { WorkerPool } from '../pool/worker-pool';

export async function compareCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, {
    ...COST_FLAGS, ...JOBS_FLAG, env: { value: true }, seed: { value: true }, requests: { value: true }, json: { value: true }, set: { value: true, repeatable: true } });
  const jsonOut = flag(args, 'json');
  if (jsonOut) checkOutputPath(jsonOut, '--json');
  if (args.positionals.length < 2) throw new UsageError('compare needs at least two design files');
  const jobs = jobsOf(args);
  // The workers boot while the designs compile.
  const pool = jobs > 1 ? new WorkerPool(Math.min(jobs, args.positionals.length) - 1) : undefined;
  let results;
  try {
    const plans = args.positionals.map((file) => {
      const design = readDesignFile(file, flags(args, 'set'));
      const plan = compilePlan(design, { environment: flag(args, 'env'), seed: intFlag(args, 'seed', 0, 2 ** 32 - 1), requests: intFlag(args, 'requests', 1, 1e10) });
      assertAffordable(plan, costLimitsOf(args), file);
      return plan;
    });
    // No stop handling, as before: a signal ends the process (and its worker threads) at once.
    results = await simulateVariants(plans, { jobs, signal: new AbortController().signal, pool });
  } finally {
    await pool?.close();
  }
  const runs = results.map((result, i) => ({ label: args.positionals[i].replace(/^.*\//, '').replace(/\.ya?ml$/, ''), result }));
  io.out(comparisonTable(runs));
  const jsonPath = flag(args, 'json');
  if (jsonPath) writeOutputText(jsonPath, `${JSON.stringify({ runs }, null, 1)}\n`);
  return 0;
}

const METRICS: Array<[string, (r: RunResult) => number, (v: number) => string, 'higher' | 'lower']> = [
  ['hit ratio', (r) => r.cache.hitRatio, pct, 'higher'],
  ['evicted keys', (r) => r.cache.evictedKeys, count, 'lower'],
  ['expired keys', (r) => r.cache.expiredKeys, count, 'lower'],
  ['used memory', (r) => r.cache.usedMemoryBytes, bytes, 'lower'],
  ['OOM rejections', (r) => r.cache.oomRejections, count, 'lower'],
  ['stale reads', (r) => r.cache.staleReads, count, 'lower'],
  ['p50', (r) => r.latency.p50Ms, ms, 'lower'],
  ['p95', (r) => r.latency.p95Ms, ms, 'lower'],
  ['p99', (r) => r.latency.p99Ms, ms, 'lower'],
  ['origin queries', (r) => r.origin.queries, count, 'lower'],
];

/** Metrics side by side; from the second column on, the change against the first. */
export function comparisonTable(runs: ReadonlyArray<{ label: string; result: RunResult }>): string {
  const rows: string[][] = [['metric', ...runs.map((r) => r.label)]];
  for (const [name, get, format] of METRICS) {
    const base = get(runs[0].result);
    rows.push([name, ...runs.map((run, i) => {
      const value = get(run.result);
      if (i === 0) return format(value);
      return `${format(value)} (${delta(value, base, format === pct)})`;
    })]);
  }
  return table(rows);
}

function delta(value: number, base: number, isRatio: boolean): string {
  if (isRatio) {
    const points = (value - base) * 100;
    return `${points >= 0 ? '+' : ''}${points.toFixed(2)} pt`;
  }
  if (base === 0) return value === 0 ? '=' : 'new';
  const change = ((value - base) / base) * 100;
  return `${change >= 0 ? '+' : ''}${change.toFixed(1)}%`;
}
