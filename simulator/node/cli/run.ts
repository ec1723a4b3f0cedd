/**
 * `keyspace run <design.yaml> [options]` — simulate (or replay live), print metrics, check
 * assertions. SIGINT, SIGTERM and SIGHUP stop the run cleanly (see stop-signals.ts); a stopped or
 * failed run still prints what it measured.
 */
import { checkOutputPath, writeOutputText } from '../input';
import { variantSets } from '../../model';
import type { Design } from '../../model';
import type { Assertion, RunPlan, RunResult } from '../../run';
import { checkAssertion, compilePlan, parseAssertion } from '../../run';
import type { ParsedArgs } from './args';
import { flag, flags, intFlag, parseArgs, UsageError } from './args';
import { readDesignFile } from './design-file';
import { comparisonTable } from './compare';
import { ProgressBar, summaryRows, table } from './format';
import type { Io } from './main';
import { refuseRecordedTrace } from './trace-run';
import { engineFor, failureOf } from '../engine-for';
import type { EngineSpec } from '../engine-for';
import { pubsubSummary } from './pubsub-format';
import { rateLimitTable } from './rate-limit-format';
import { failuresTable } from './failures-format';
import { containerImageOf, LIVE_FLAGS, liveOptionsOf } from './live-options';
import { assertAffordable, COST_FLAGS, costLimitsOf } from './cost-limits';
import { failureScenarioOf, serverSettingsOf } from '../live';
import { ConfigJournal, DockerUnavailableError, runPrefix, withContainerRedis } from '../redis';
import type { LiveEngineOptions } from '../live';
import { leftoverHint, listenForStop } from './stop-signals';
import type { StopSignals } from './stop-signals';
import { JOBS_FLAG, jobsOf, simulateVariants } from './variants';
import { WorkerPool } from '../pool/worker-pool';

type Variant = { label: string; set: string[] };
type Labelled = Array<{ label: string; result: RunResult }>;

export const RUN_FLAGS = {
  env: { value: true }, seed: { value: true }, requests: { value: true }, json: { value: true },
  assert: { value: true, repeatable: true }, set: { value: true, repeatable: true },
  vary: { value: true }, trace: { value: true }, quiet: { value: false }, 'ignore-targets': { value: false },
  ...LIVE_FLAGS, ...COST_FLAGS, ...JOBS_FLAG,
} as const;

export async function runCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, RUN_FLAGS);
  const jsonOut = flag(args, 'json');
  if (jsonOut) checkOutputPath(jsonOut, '--json');
  const [file, ...extra] = args.positionals;
  if (!file) throw new UsageError('name a design file: keyspace run presets/ecommerce-catalog.yaml');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"; one design per run (use compare for several)`);
  const assertions = parseAssertions(args);
  const live = liveOptionsOf(args);
  if (live && flag(args, 'trace')) throw new UsageError('--trace replays on the simulator; for recorded traffic on a real Redis use keyspace replay --engine live');
  const vary = flag(args, 'vary');
  const variants = vary ? parseVary(vary) : [{ label: '', set: [] as string[] }];
  const stop = listenForStop({ io, command: 'keyspace run', leftovers: () => liveLeftovers(live) });
  try {
    return stop.exitCode(await runVariants(file, args, variants, live, assertions, io, stop));
  } finally {
    stop.dispose();
  }
}

/** What a stopped run may leave on a user's server, and how to clean it. */
function liveLeftovers(live: LiveEngineOptions | null): string | undefined {
  if (!live || typeof live.target !== 'object' || !live.runId) return undefined;
  return leftoverHint(live.target, runPrefix(live.runId), ConfigJournal.forEnv(live.env).fileOf(live.runId));
}

/** Live or trace variants, one after the other; a failed live run ends the command (exit 2). */
async function runOneByOne(file: string, args: ParsedArgs, variants: Variant[], live: LiveEngineOptions | null, io: Io, stop: StopSignals): Promise<Labelled | number> {
  const labelled: Labelled = [];
  for (const variant of variants) {
    const { name, plan, design } = variantPlan(file, args, variant);
    const traceFile = flag(args, 'trace');
    let result: RunResult;
    // On servers it starts itself the live engine executes the design's failure timeline for real.
    const failures = live && typeof live.target === 'string' ? failureScenarioOf(design) : undefined;
    const image = containerImageOf(args);
    if (live && image !== undefined) {
      // A container of the image with the plan's settings, for this run only (removed however it ends).
      result = await withContainerRedis(serverSettingsOf(plan), { image }, (container) => runWithProgress(plan, io, args, engineSpecOf({ ...live, target: { url: container.url } }), stop.signal))
        .catch((error: unknown) => {
          if (error instanceof DockerUnavailableError) throw new UsageError(error.message);
          throw error;
        });
    } else {
      result = await runWithProgress(plan, io, args, traceFile ? keyTraceSpec(traceFile, io) : engineSpecOf(live && { ...live, failures }), stop.signal);
    }
    const failure = failureOf(result);
    if (failure) {
      io.err(`keyspace run: the live run failed (${failure.code}): ${failure.message}`);
      // What it measured before it failed is still worth reading; a run refused before its first
      // request has nothing to show but its warnings.
      if (result.requests > 0) printResult(io, result);
      else for (const warning of result.warnings) if (warning !== failure.message) io.err(`warning: ${warning}`);
      return 2;
    }
    labelled.push({ label: variant.label || name, result });
    if (stop.received) break;
  }
  return labelled;
}

/** A variant's design and plan (refused here when it costs more than the limits allow). */
function variantPlan(file: string, args: ParsedArgs, variant: Variant): { name: string; plan: RunPlan; design: Design } {
  const design = readDesignFile(file, [...flags(args, 'set'), ...variant.set]);
  const plan = compilePlan(design, {
    environment: flag(args, 'env'),
    seed: intFlag(args, 'seed', 0, 2 ** 32 - 1),
    requests: intFlag(args, 'requests', 1, 1e12),
  });
  if (!flag(args, 'trace')) assertAffordable(plan, costLimitsOf(args), file);
  return { name: design.name, plan, design };
}

/** Simulated variants with generated traffic: on worker threads (--jobs), results in order. */
async function simulatedVariants(file: string, args: ParsedArgs, variants: Variant[], io: Io, stop: StopSignals): Promise<Labelled> {
  const jobs = variants.length > 1 ? jobsOf(args) : 1;
  // The workers boot while the variants compile.
  const pool = jobs > 1 ? new WorkerPool(Math.min(jobs, variants.length) - 1) : undefined;
  let results: RunResult[];
  let planned: Array<{ name: string; plan: RunPlan }>;
  try {
    planned = variants.map((variant) => variantPlan(file, args, variant));
    const bar = io.tty && jobs === 1 && flag(args, 'quiet') === undefined ? new ProgressBar(io.tty, () => performance.now()) : null;
    results = await simulateVariants(planned.map((p) => p.plan), { jobs, signal: stop.signal, progress: (p) => bar?.update(p), pool });
    bar?.clear();
  } finally {
    await pool?.close();
  }
  return results.map((result, i) => ({ label: variants[i].label || planned[i].name, result }));
}

async function runVariants(file: string, args: ParsedArgs, variants: Variant[], live: LiveEngineOptions | null, assertions: Assertion[], io: Io, stop: StopSignals): Promise<number> {
  const labelled = live || flag(args, 'trace') ? await runOneByOne(file, args, variants, live, io, stop) : await simulatedVariants(file, args, variants, io, stop);
  if (typeof labelled === 'number') return labelled;
  if (labelled.length === 0) {
    io.err(`${stop.note() ?? 'stopped'} before any run started`);
    return 0;
  }
  const designTargets = flag(args, 'ignore-targets') ? [] : readDesignFile(file, flags(args, 'set')).targets.map((text) => mustParse(text));
  const all = [...designTargets, ...assertions];

  if (labelled.length === 1) {
    printResult(io, labelled[0].result);
  } else {
    io.out(comparisonTable(labelled));
  }
  const jsonPath = flag(args, 'json');
  if (jsonPath) {
    const payload = labelled.length === 1 ? labelled[0].result : { runs: labelled };
    writeOutputText(jsonPath, `${JSON.stringify(payload, null, 1)}\n`);
    io.out(`wrote ${jsonPath}`);
  }
  const stoppedBy = stop.note();
  if (stoppedBy) {
    // A partial result does not gate: the assertions are for complete runs.
    io.err(`${stoppedBy}; assertions not checked`);
    return 0;
  }
  let failed = 0;
  for (const { label, result } of labelled) {
    for (const assertion of all) {
      const outcome = checkAssertion(assertion, result);
      if (!outcome.passed) failed++;
      io.out(`${outcome.passed ? 'pass' : 'FAIL'} ${labelled.length > 1 ? `[${label}] ` : ''}${outcome.message}`);
    }
  }
  if (failed > 0) io.err(`${failed} assertion${failed === 1 ? '' : 's'} failed`);
  return failed > 0 ? 1 : 0;
}

function parseAssertions(args: ParsedArgs): Assertion[] {
  return flags(args, 'assert').map(mustParse);
}

function mustParse(text: string): Assertion {
  const parsed = parseAssertion(text);
  if (typeof parsed === 'string') throw new UsageError(parsed);
  return parsed;
}

/** `server.maxmemoryPolicy=allkeys-lru,allkeys-lfu` → one variant per value. */
export function parseVary(text: string): Array<{ label: string; set: string[] }> {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`--vary "${text}" must look like path=a,b,c`);
  const path = text.slice(0, eq);
  const values = text.slice(eq + 1).split(',').map((v) => v.trim()).filter(Boolean);
  if (values.length === 0) throw new UsageError(`--vary ${path}: give at least one value`);
  return values.map((value) => ({ label: value, set: variantSets(path, value) }));
}

function engineSpecOf(live: LiveEngineOptions | null): EngineSpec {
  return { target: live ? { kind: 'live', options: live } : { kind: 'sim' } };
}

/** `--trace`: a plain key trace on the simulator, parsed while it replays where the plan allows. */
function keyTraceSpec(file: string, io: Io): EngineSpec {
  refuseRecordedTrace(file);
  return { target: { kind: 'sim' }, traffic: { kind: 'key-trace', file, stream: true, onWarning: (message) => io.err(`warning: ${message}`) } };
}

async function runWithProgress(plan: RunPlan, io: Io, args: ParsedArgs, spec: EngineSpec, signal: AbortSignal): Promise<RunResult> {
  const quiet = flag(args, 'quiet') !== undefined;
  const bar = io.tty && !quiet ? new ProgressBar(io.tty, () => performance.now()) : null;
  const engine = await engineFor(spec);
  const result = await engine.run(plan, { snapshot: () => {}, progress: (p) => bar?.update(p) }, signal);
  bar?.clear();
  return result;
}

/** The summary of one run: header, summary table, namespaces, pub/sub, warnings. */
function printResult(io: Io, result: RunResult): void {
  io.out(`${result.design.name} — ${result.design.environment}, seed ${result.design.seed}, ${result.engine}`);
  io.out(table(summaryRows(result), 'left'));
  if (result.namespaces.length > 1) io.out(`\n${namespaceTable(result)}`);
  if (result.pubsub) io.out(`\npub/sub fan-out\n${pubsubSummary(result.pubsub)}`);
  if (result.rateLimits?.length) io.out(`\nrate limits (against the exact sliding window)\n${rateLimitTable(result.rateLimits)}`);
  if (result.failures) io.out(`\nfailures\n${failuresTable(result.failures)}`);
  for (const warning of result.warnings) io.out(`warning: ${warning}`);
}

function namespaceTable(result: RunResult): string {
  const rows = [['namespace', 'reads', 'hit ratio', 'evicted', 'expired', 'stale', 'origin', 'memory']];
  for (const ns of result.namespaces) {
    rows.push([ns.name, ns.reads.toLocaleString('en-US'), `${(ns.hitRatio * 100).toFixed(2)}%`, String(ns.evictedKeys), String(ns.expiredKeys), String(ns.staleReads), String(ns.originQueries), `${(ns.usedMemoryBytes / 1024 / 1024).toFixed(1)} MB`]);
  }
  return table(rows);
}
