/** Design text (with `--set`-style overrides) → a validated Design and a RunPlan, or a located error. */
import type { Design } from '../../model';
import { applyOverrides, formatDesignError, loadDesign, parseOverride } from '../../model';
import type { Override } from '../../model';
import type { RunPlan } from '../../run';
import { compilePlan, PlanError } from '../../run';
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
  return loaded.design;
}

export function planOf(request: DesignRequest): { design: Design; plan: RunPlan } {
  const design = loadDesignText(request.text, request.set);
  try {
    const plan = compilePlan(design, { environment: request.environment, seed: request.seed, requests: request.requests });
    return { design, plan };
  } catch (error) {
    if (error instanceof PlanError) throw new ServiceError('bad-input', error.message);
    throw error;
  }
}
