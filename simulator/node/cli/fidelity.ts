/**
 * `keyspace fidelity <design.yaml>` — the simulator and a managed local redis-server on the same
 * (time-scaled) plan, side by side with the difference of each metric and its target. Exit 1 when
 * a target is missed, so CI can hold the simulator to Redis. SIGINT, SIGTERM and SIGHUP stop both
 * runs and print the partial comparison (see stop-signals.ts).
 */
import { checkOutputPath, writeOutputText } from '../input';
import { assertAffordable, COST_FLAGS, costLimitsOf } from './cost-limits';
import { compilePlan, parseSpeed } from '../../run';
import { compareFailures, failureScenarioOf, formatFidelity, runFidelity } from '../live';
import type { FidelityReport } from '../live';
import type { ParsedArgs } from './args';
import { flag, flags, intFlag, parseArgs, UsageError } from './args';
import { readDesignFile } from './design-file';
import type { Io } from './main';
import { listenForStop } from './stop-signals';

export async function fidelityCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, {
    ...COST_FLAGS,
    env: { value: true }, seed: { value: true }, requests: { value: true }, json: { value: true },
    set: { value: true, repeatable: true }, scale: { value: true }, 'redis-server': { value: true },
  });
  const jsonOut = flag(args, 'json');
  if (jsonOut) checkOutputPath(jsonOut, '--json');
  const [file] = args.positionals;
  if (!file) throw new UsageError('name a design file: keyspace fidelity presets/eviction-shootout.yaml');
  const design = readDesignFile(file, flags(args, 'set'));
  const plan = compilePlan(design, { environment: flag(args, 'env'), seed: intFlag(args, 'seed', 0, 2 ** 32 - 1), requests: intFlag(args, 'requests', 1, 1e10) });
  assertAffordable(plan, costLimitsOf(args), file);
  const scaleText = flag(args, 'scale') ?? 'auto';
  const scale = parseSpeed(scaleText);
  if (scale === null || scale === 'max') throw new UsageError(`--scale ${scaleText}: use a positive speed-up like 10, or auto`);
  io.err('running the simulator and a managed redis-server on the same plan…');
  const stop = listenForStop({ io, command: 'keyspace fidelity' });
  try {
    // The design's failure timeline runs on both sides (live: on a managed Sentinel set).
    const failures = failureScenarioOf(design);
    const report = await runFidelity(plan, { scale, redisServerPath: flag(args, 'redis-server'), signal: stop.signal, ...(failures ? { live: { failures } } : {}) });
    if (report.live.error) {
      io.err(`keyspace fidelity: the live run failed (${report.live.error.code}): ${report.live.error.message}`);
      io.out(formatFidelity(report));
      return stop.exitCode(2);
    }
    io.out(formatFidelity(report));
    const stoppedBy = stop.note();
    if (stoppedBy) {
      io.err(`${stoppedBy}; targets not checked`);
      return stop.exitCode(0);
    }
    return finish(report, args, io);
  } finally {
    stop.dispose();
  }
}

function finish(report: FidelityReport, args: ParsedArgs, io: Io): number {
  const jsonPath = flag(args, 'json');
  if (jsonPath) {
    writeOutputText(jsonPath, `${JSON.stringify(report, null, 1)}\n`);
    io.out(`wrote ${jsonPath}`);
  }
  const missed = [
    ...Object.entries(report.diff).filter(([, metric]) => !metric.met).map(([name]) => name),
    ...(report.rateLimits ?? []).filter((l) => !l.admitted.met || !l.refused.met).map((l) => `rateLimits.${l.name}`),
    ...compareFailures(report.sim, report.live).filter((row) => row.met === false).map((row) => `${row.event}: ${row.metric}`),
  ];
  if (missed.length > 0) io.err(`fidelity targets missed: ${missed.join(', ')}`);
  return missed.length > 0 ? 1 : 0;
}
