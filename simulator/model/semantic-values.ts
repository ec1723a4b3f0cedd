/**
 * Checks of values that the schema accepts one by one but that cannot run together, so that a
 * design `validate` accepts never fails later without a location: distributions whose numbers
 * contradict each other, values Redis would refuse, patterns that name fewer keys than the
 * cardinality says, and targets that cannot be parsed.
 */
import type { Design } from './schema';
import type { DesignIssue } from './semantic';
import { patternShape } from './patterns';
import { parseDurationMs, parseSizeBytes } from './units';
import type { Parsed } from './units';
import { parseAssertion } from '../run/assertions';

/** Redis refuses a bulk string over proto-max-bulk-len (512 MB by default). */
export const MAX_VALUE_BYTES = 512 * 1024 * 1024;

type Path = ReadonlyArray<string | number>;
type DistField = Design['namespaces'][number]['valueSize'];

function valueOf(text: string, parse: (text: string) => Parsed<number>): number | undefined {
  const parsed = parse(text);
  return parsed.ok ? parsed.value : undefined;
}

/** The contradictions of one distribution (uniform min > max, lognormal p50 > p99, a zero median). */
function checkDistribution(dist: DistField, path: Path, parse: (text: string) => Parsed<number>, limit: number | null, unit: string): DesignIssue[] {
  const issues: DesignIssue[] = [];
  const tooBig = (field: string, text: string): void => {
    const value = valueOf(text, parse);
    if (limit !== null && value !== undefined && value > limit) {
      issues.push({ path: [...path, ...(field ? [field] : [])], message: `${text} is over Redis's largest ${unit} (512 MB, proto-max-bulk-len); Redis refuses such a SET` });
    }
  };
  if (typeof dist === 'string') {
    tooBig('', dist);
    return issues;
  }
  switch (dist.dist) {
    case 'fixed': tooBig('value', dist.value); break;
    case 'exponential': tooBig('mean', dist.mean); break;
    case 'normal': tooBig('mean', dist.mean); break;
    case 'uniform': {
      const min = valueOf(dist.min, parse);
      const max = valueOf(dist.max, parse);
      if (min !== undefined && max !== undefined && min > max) issues.push({ path: [...path, 'max'], message: `max ${dist.max} is below min ${dist.min}; a uniform distribution needs min ≤ max` });
      tooBig('max', dist.max);
      break;
    }
    case 'lognormal': {
      const p50 = valueOf(dist.p50, parse);
      const p99 = valueOf(dist.p99, parse);
      if (p50 !== undefined && p50 <= 0) issues.push({ path: [...path, 'p50'], message: `a lognormal median must be above 0, not ${dist.p50}` });
      else if (p50 !== undefined && p99 !== undefined && p99 < p50) issues.push({ path: [...path, 'p99'], message: `p99 ${dist.p99} is below p50 ${dist.p50}; the 99th percentile is at least the median` });
      tooBig('p99', dist.p99);
      break;
    }
  }
  return issues;
}

export function checkValues(design: Design): DesignIssue[] {
  const issues: DesignIssue[] = [];
  const patterns = new Map<string, string>();
  design.namespaces.forEach((ns, i) => {
    issues.push(...checkDistribution(ns.valueSize, ['namespaces', i, 'valueSize'], parseSizeBytes, MAX_VALUE_BYTES, 'string value'));
    const shape = patternShape(ns.pattern);
    if (shape.placeholderCount === 0 && ns.cardinality > 1) {
      issues.push({ path: ['namespaces', i, 'cardinality'], message: `pattern "${ns.pattern}" has no placeholder, so it names one key, not ${ns.cardinality}; add one (e.g. "${ns.pattern}:{id}") or set cardinality: 1` });
    }
    const other = patterns.get(ns.pattern);
    if (other !== undefined) {
      issues.push({ path: ['namespaces', i, 'pattern'], message: `pattern "${ns.pattern}" is also namespace "${other}"'s: two namespaces would share keys; give each its own prefix` });
    } else {
      patterns.set(ns.pattern, ns.name);
    }
  });
  if (design.origin.capacity !== undefined && Number.parseFloat(design.origin.capacity) === 0) {
    issues.push({ path: ['origin', 'capacity'], message: `capacity ${design.origin.capacity} means the database answers nothing; give its queries per second (e.g. 500/s), or leave capacity out for no limit` });
  }
  issues.push(...checkDistribution(design.origin.latency, ['origin', 'latency'], parseDurationMs, null, 'duration'));
  const weights = design.traffic.operations.reduce((sum, op) => sum + op.weight, 0);
  if (!Number.isFinite(weights)) {
    issues.push({ path: ['traffic', 'operations'], message: `the operation weights add up to ${weights}; give finite weights (they are shares, e.g. 0.8 and 0.2)` });
  }
  design.targets.forEach((text, i) => {
    const parsed = parseAssertion(text);
    if (typeof parsed === 'string') issues.push({ path: ['targets', i], message: parsed });
  });
  return issues;
}
