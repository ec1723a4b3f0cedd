/** `keyspace mrc <design.yaml>` — the miss-ratio curve: hit ratio against maxmemory. */
import { checkOutputPath, writeOutputText } from '../input';
import { assertAffordable, COST_FLAGS, costLimitsOf } from './cost-limits';
import { compilePlan, lruStackCurve, sweepCurve } from '../../run';
import { flag, flags, intFlag, parseArgs, UsageError } from './args';
import { readDesignFile } from './design-file';
import { bytes, pct, table } from './format';
import type { Io } from './main';

export async function mrcCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, {
    ...COST_FLAGS,
    env: { value: true }, seed: { value: true }, requests: { value: true }, json: { value: true },
    set: { value: true, repeatable: true }, points: { value: true }, sweep: { value: true }, 'sample-rate': { value: true },
  });
  const jsonOut = flag(args, 'json');
  if (jsonOut) checkOutputPath(jsonOut, '--json');
  const [file] = args.positionals;
  if (!file) throw new UsageError('name a design file: keyspace mrc presets/eviction-shootout.yaml');
  const design = readDesignFile(file, flags(args, 'set'));
  const plan = compilePlan(design, { environment: flag(args, 'env'), seed: intFlag(args, 'seed', 0, 2 ** 32 - 1), requests: intFlag(args, 'requests', 1, 1e10) });
  assertAffordable(plan, costLimitsOf(args), file);
  const sampleRateText = flag(args, 'sample-rate');
  const sampleRate = sampleRateText === undefined ? 1 : Number(sampleRateText);
  if (!(sampleRate > 0 && sampleRate <= 1)) throw new UsageError(`--sample-rate ${sampleRateText}: expected a number in (0, 1], e.g. 0.1`);
  const curve = lruStackCurve(plan, { pointCount: intFlag(args, 'points', 2, 200) ?? 20, sampleRate });
  const sweepCount = intFlag(args, 'sweep', 0, 50) ?? 6;
  const step = Math.max(1, Math.floor(curve.points.length / Math.max(1, sweepCount)));
  const sweepAt = sweepCount === 0 ? [] : curve.points.filter((_, i) => (i + 1) % step === 0).slice(0, sweepCount).map((p) => p.maxmemoryBytes);
  const swept = new Map(sweepCurve(plan, sweepAt).map((p) => [p.maxmemoryBytes, p.hitRatio]));
  const policy = plan.server.policy;
  io.out(`${design.name} — miss-ratio curve over ${curve.reads.toLocaleString('en-US')} reads; working set ${bytes(curve.workingSetBytes)}`);
  io.out('LRU (one pass, stack distances) ignores TTL expiry and invalidation: an upper bound; the sweep runs the full simulation.\n');
  const rows = [['maxmemory', 'LRU (one pass)', `${policy} (simulated)`]];
  for (const point of curve.points) {
    const simulated = swept.get(point.maxmemoryBytes);
    rows.push([bytes(point.maxmemoryBytes), pct(point.hitRatio), simulated === undefined ? '' : pct(simulated)]);
  }
  io.out(table(rows));
  io.out('');
  for (const target of curve.memoryFor) {
    io.out(`memory for ${pct(target.hitRatio)} (LRU): ${target.maxmemoryBytes === null ? 'not reached even with the whole working set' : bytes(target.maxmemoryBytes)}`);
  }
  const jsonPath = flag(args, 'json');
  if (jsonPath) {
    writeOutputText(jsonPath, `${JSON.stringify({ design: design.name, policy, ...curve, sweep: [...swept].map(([maxmemoryBytes, hitRatio]) => ({ maxmemoryBytes, hitRatio })) }, null, 1)}\n`);
    io.out(`wrote ${jsonPath}`);
  }
  return 0;
}
