/** What the run view's rate-limiter table shows per limiter: its client classes, its targets, its period in words. */
import type { TargetOutcomeJson } from '../../../electron/common';
import { parseAssertion, rateLimitOfMetric } from '../../../simulator/run';
import type { RateLimitMetrics } from '../../../simulator/run';

/** The targets that read this limiter's metrics (`rateLimits.<name>.…`), in the design's order. */
export function limiterTargets(targets: ReadonlyArray<TargetOutcomeJson>, name: string): TargetOutcomeJson[] {
  return targets.filter((target) => {
    const parsed = parseAssertion(target.text);
    return typeof parsed !== 'string' && rateLimitOfMetric(parsed.metric) === name;
  });
}

/** The classes a limiter's rows show: all clients, then normal and abusive when some are abusive. */
export function limiterClasses(l: RateLimitMetrics): Array<{ label: string; clients: number; decisions: RateLimitMetrics['normal'] }> {
  const all = { label: 'all', clients: l.clients, decisions: l };
  if (l.abusiveClients === 0) return [all];
  return [all, { label: 'normal', clients: l.clients - l.abusiveClients, decisions: l.normal }, { label: 'abusive', clients: l.abusiveClients, decisions: l.abusive }];
}

/** A limiter's period as a design writes it: 60000 → "1 min", 3600000 → "1 h", 1500 → "1500 ms". */
export function periodText(ms: number): string {
  for (const [size, unit] of [[3_600_000, 'h'], [60_000, 'min'], [1000, 's']] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${unit}`;
  }
  return `${ms} ms`;
}
