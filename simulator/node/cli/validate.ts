/** `keyspace validate <design.yaml>… [--env NAME] [--max-requests N] [--max-memory SIZE]` */
import { compilePlan, costProblems, describeCost, estimateCost } from '../../run';
import { flag, parseArgs } from './args';
import { COST_FLAGS, costLimitsOf } from './cost-limits';
import { InputError, readDesignFile } from './design-file';
import type { Io } from './main';

export async function validateCommand(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, { env: { value: true }, ...COST_FLAGS });
  if (args.positionals.length === 0) throw new InputError(['keyspace validate: name at least one design file']);
  const limits = costLimitsOf(args);
  let failed = 0;
  // Every file is checked and reported, whatever happened to the ones before it.
  for (const file of args.positionals) {
    try {
      const design = readDesignFile(file);
      const environment = flag(args, 'env');
      const plan = compilePlan(design, environment ? { environment } : {});
      const cost = estimateCost(plan);
      const problems = costProblems(cost, limits);
      if (problems.length > 0) throw new InputError(problems.map((problem) => `${file}: ${problem}`));
      io.out(`${file}: ok (${plural(design.namespaces.length, 'namespace')}, ${plural(design.traffic.phases.length, 'phase')}); ${describeCost(cost)}`);
    } catch (error) {
      if (!(error instanceof InputError) && !(error instanceof Error && error.name === 'PlanError')) throw error;
      failed++;
      io.err(error instanceof InputError ? error.lines.join('\n') : `${file}: ${error.message}`);
    }
  }
  return failed > 0 ? 2 : 0;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
