/** Compiles a design's rate limiters and abusive traffic into the RunPlan's resolved form. */
import type { Design } from '../model';
import { parseDurationMs, patternShape } from '../model';
import type { PlannedRateLimits } from '../ratelimit/planned';
import { toSkew } from './skew';

function durationMs(text: string): number {
  const parsed = parseDurationMs(text);
  if (!parsed.ok) throw new RangeError(parsed.error);
  return parsed.value;
}

/**
 * @param keyIdOffset the first key id after the namespaces' keys
 * @param groupOffset the first cache group after the namespaces'
 */
export function compileRateLimits(design: Design, keyIdOffset: number, groupOffset: number): PlannedRateLimits {
  let offset = keyIdOffset;
  const limiters = (design.rateLimits ?? []).map((spec, index) => {
    const shape = patternShape(spec.pattern);
    const planned = {
      index, name: spec.name, pattern: spec.pattern, keyedBy: spec.keyedBy, clients: spec.clients, shadow: spec.shadow, skew: toSkew(spec.skew),
      algorithm: spec.algorithm, limit: spec.limit, periodMs: durationMs(spec.period), window: spec.window,
      raceLoss: spec.race ? Number.parseFloat(spec.raceLoss) / 100 : 0,
      group: groupOffset + index, keyIdOffset: offset, keyFixedBytes: shape.fixedBytes, placeholderCount: shape.placeholderCount,
    };
    offset += spec.clients;
    return planned;
  });
  const abusive = design.traffic.abusive;
  return {
    limiters,
    abuse: abusive ? {
      clientsShare: Number.parseFloat(abusive.clients) / 100,
      rateMultiple: abusive.rateMultiple,
      edgeMs: abusive.edgeBursts ? durationMs(abusive.edgeBursts) : null,
    } : null,
  };
}
