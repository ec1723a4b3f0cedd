/**
 * `keyspace mrc <design.yaml>` — the miss-ratio curve: hit ratio against maxmemory, of the design's
 * own policy with its TTLs and invalidation (policyCurve), beside the exact-LRU stack reference.
 */
import { checkOutputPath, writeOutputText } from '../input';
import { assertAffordable, COST_FLAGS, costLimitsOf } from './cost-limits';
import { compilePlan, sweepCurve } from '../../run';
import { policyCurveParallel } from '../curve/parallel-curve';
import { flag, flags, intFlag, parseArgs, UsageError } from './args';
import type { ParsedArgs } from './args';
import { defaultThreads, WorkerPool } from '../pool/worker-pool';
import { readDesignFile } from './design-file';
import { bytes, pct, table } from './format';
import type { Io } from './main';

export async function mrcCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, {
    ...COST_FLAGS,
    env: { value: true }, seed: { value: true }, requests: { value: true }, json: { value: true },
    set: { value: true, repeatable: true }, points: { value: true }, sweep: { value: true }, 'sample-rate': { value: true },
    target: { value: true, repeatable: true },
  });
  const jsonOut = flag(args, 'json');
  if (jsonOut) checkOutputPath(jsonOut, '--json');
  const [file] = args.positionals;
  if (!file) throw new UsageError('name a design file: keyspace mrc presets/eviction-shootout.yaml');
  // The mini-simulations' workers boot while the design compiles and the pass runs.
  const pool = new WorkerPool(Math.min(defaultThreads(), intFlag(args, 'points', 2, 200) ?? 20) - 1);
  try {
    return await curveOut(file, args, pool, io, jsonOut);
  } finally {
    await pool.close();
  }
}

async function curveOut(file: string, args: ParsedArgs, pool: WorkerPool, io: Io, jsonOut: string | undefined): Promise<number> {
  const design = readDesignFile(file, flags(args, 'set'));
  const plan = compilePlan(design, { environment: flag(args, 'env'), seed: intFlag(args, 'seed', 0, 2 ** 32 - 1), requests: intFlag(args, 'requests', 1, 1e10) });
  assertAffordable(plan, costLimitsOf(args), file);
  const sampleRateText = flag(args, 'sample-rate');
  const sampleRate = sampleRateText === undefined ? undefined : Number(sampleRateText);
  if (sampleRate !== undefined && !(sampleRate > 0 && sampleRate <= 1)) throw new UsageError(`--sample-rate ${sampleRateText}: expected a number in (0, 1], e.g. 0.1`);
  const targetTexts = flags(args, 'target');
  const targets = targetTexts.length === 0 ? undefined : targetTexts.map(parseTarget);
  const curve = await policyCurveParallel(plan, { pointCount: intFlag(args, 'points', 2, 200) ?? 20, sampleRate, targets, pool });
  const reference = curve.reference;
  const sweepCount = intFlag(args, 'sweep', 0, 50) ?? 0;
  const step = Math.max(1, Math.floor(curve.points.length / Math.max(1, sweepCount)));
  const sweepAt = sweepCount === 0 ? [] : curve.points.filter((_, i) => (i + 1) % step === 0).slice(0, sweepCount).map((p) => p.maxmemoryBytes);
  const swept = new Map(sweepCurve(plan, sweepAt).map((p) => [p.maxmemoryBytes, p.hitRatio]));
  const policy = plan.server.policy;
  const sampling = curve.sampleRate < 1
    ? `${curve.sampledKeys.toLocaleString('en-US')} keys sampled (${pct(curve.sampleRate)})`
    : 'every key simulated';
  io.out(`${design.name} — miss-ratio curve over ${curve.reads.toLocaleString('en-US')} reads; working set ${bytes(reference.workingSetBytes)}; ${sampling}`);
  io.out(`${policy} with the design's TTLs, jitter and invalidation: mini-simulations of the sampled keys at each size.`);
  const referenceSampling = curve.sampleRate < 1 ? `, SHARDS-sampled at ${pct(curve.sampleRate)} and scaled` : '';
  io.out(`exact LRU (stack distances${referenceSampling}) ignores TTL expiry, invalidation and sampled eviction: a reference only.\n`);
  const rows = [['maxmemory', `${policy} (curve)`, 'exact LRU (reference)', ...(sweepCount > 0 ? [`${policy} (full simulation)`] : [])]];
  curve.points.forEach((point, i) => {
    const simulated = swept.get(point.maxmemoryBytes);
    rows.push([bytes(point.maxmemoryBytes), pct(point.hitRatio), pct(reference.points[i]?.hitRatio ?? 0), ...(sweepCount > 0 ? [simulated === undefined ? '' : pct(simulated)] : [])]);
  });
  io.out(table(rows));
  io.out('');
  for (const target of curve.memoryFor) {
    io.out(`memory for ${pct(target.hitRatio)} (${policy}): ${target.maxmemoryBytes === null ? 'not reached even with the whole working set' : bytes(target.maxmemoryBytes)}`);
  }
  if (jsonOut) {
    const { reference: stack, ...faithful } = curve;
    const sweep = [...swept].map(([maxmemoryBytes, hitRatio]) => ({ maxmemoryBytes, hitRatio }));
    writeOutputText(jsonOut, `${JSON.stringify({ design: design.name, ...faithful, workingSetBytes: stack.workingSetBytes, reference: stack, sweep }, null, 1)}\n`);
    io.out(`wrote ${jsonOut}`);
  }
  return 0;
}

/** `--target 0.85` or `--target 85%`: a hit ratio in (0, 1]. */
function parseTarget(text: string): number {
  const value = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (!(value > 0 && value <= 1)) throw new UsageError(`--target ${text}: expected a hit ratio in (0, 1], e.g. 0.9 or 90%`);
  return value;
}
