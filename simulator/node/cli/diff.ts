/**
 * `keyspace diff <a.yaml> <b.yaml>` — what changed between two designs in plain words, and (unless
 * --static) how the key metrics moved when both are simulated on the same seed and budget.
 */
import { checkOutputPath, writeOutputText } from '../input';
import { assertAffordable, COST_FLAGS, costLimitsOf } from './cost-limits';
import { diffDesigns } from '../../export';
import { compilePlan, simulate } from '../../run';
import { flag, intFlag, parseArgs, UsageError } from './args';
import { readDesignFile } from './design-file';
import type { Io } from './main';

export async function diffCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, {
    ...COST_FLAGS,
    env: { value: true }, seed: { value: true }, requests: { value: true }, static: { value: false }, json: { value: true },
  });
  const jsonOut = flag(args, 'json');
  if (jsonOut) checkOutputPath(jsonOut, '--json');
  if (args.positionals.length !== 2) throw new UsageError('diff takes two design files: keyspace diff before.yaml after.yaml');
  const [fileA, fileB] = args.positionals;
  const a = readDesignFile(fileA);
  const b = readDesignFile(fileB);
  let results;
  if (!flag(args, 'static')) {
    const environment = flag(args, 'env');
    for (const [file, design] of [[fileA, a], [fileB, b]] as const) {
      const env = environment ?? design.defaultEnvironment;
      if (!design.environments.includes(env)) throw new UsageError(`--env ${env}: ${file} has environments ${design.environments.join(', ')}`);
    }
    const options = { environment, seed: intFlag(args, 'seed', 0, 2 ** 32 - 1), requests: intFlag(args, 'requests', 1, 1e10) };
    const [planA, planB] = [compilePlan(a, options), compilePlan(b, options)];
    const limits = costLimitsOf(args);
    assertAffordable(planA, limits, fileA);
    assertAffordable(planB, limits, fileB);
    results = { a: simulate(planA), b: simulate(planB) };
  }
  const diff = diffDesigns(a, b, results);
  io.out(diff.text);
  const jsonPath = flag(args, 'json');
  if (jsonPath) {
    writeOutputText(jsonPath, `${JSON.stringify({ changes: diff.changes, metrics: diff.metrics, targets: diff.targets }, null, 1)}\n`);
    io.out(`wrote ${jsonPath}`);
  }
  return 0;
}
