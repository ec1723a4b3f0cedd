/** Design text (with `--set`-style overrides) → a validated Design and a RunPlan, or a located error. */
import type { Design } from '../../simulator/model';
import { applyOverrides, formatDesignError, loadDesign, parseOverride } from '../../simulator/model';
import type { Override } from '../../simulator/model';
import type { CostLimits, RunPlan } from '../../simulator/run';
import { APP_WAYS_OUT, compilePlan, costProblems, DEFAULT_COST_LIMITS, estimateCost, PlanError } from '../../simulator/run';
import { ServiceError } from './errors';

/** What a run or an export needs from the user besides the design text. */
export interface DesignRequest {
  text: string;
  set?: ReadonlyArray<string>;
  environment?: string;
  seed?: number;
  requests?: number;
}

export function loadDesignText(text: string, set: ReadonlyArray<string> = []): Design {
  return loadAppliedText(text, set).design;
}

/** The design and its text with the overrides applied (what a run record keeps). */
function loadAppliedText(text: string, set: ReadonlyArray<string>): { design: Design; text: string } {
  const overrides: Override[] = [];
  for (const entry of set) {
    const parsed = parseOverride(entry);
    if (typeof parsed === 'string') throw new ServiceError('bad-input', parsed);
    overrides.push(parsed);
  }
  const applied = applyOverrides(text, overrides);
  if (!applied.ok) throw new ServiceError('bad-input', applied.error);
  const loaded = loadDesign(applied.text);
  if (!loaded.ok) {
    const label = overrides.length > 0 ? 'design (with overrides)' : 'design';
    throw new ServiceError('bad-design', loaded.errors.map((error) => formatDesignError(label, error)).join('\n'));
  }
  return { design: loaded.design, text: applied.text };
}

/**
 * The design and its plan, refused (bad-input, with the numbers and the limit) when the run would
 * cost more than `limits` allow: browser mode and the desktop app hold every run to them.
 */
export function planOf(request: DesignRequest, limits: CostLimits = DEFAULT_COST_LIMITS): { design: Design; plan: RunPlan; text: string } {
  const { design, text } = loadAppliedText(request.text, request.set ?? []);
  let plan: RunPlan;
  try {
    plan = compilePlan(design, { environment: request.environment, seed: request.seed, requests: request.requests });
  } catch (error) {
    if (error instanceof PlanError || error instanceof RangeError) throw new ServiceError('bad-input', error.message);
    throw error;
  }
  const problems = costProblems(estimateCost(plan), limits, APP_WAYS_OUT);
  if (problems.length > 0) throw new ServiceError('bad-input', `design: ${problems.join('; ')}`);
  return { design, plan, text };
}
