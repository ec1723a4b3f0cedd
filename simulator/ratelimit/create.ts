/** Builds one client's limiter from a planned limiter. */
import type { RateLimitAlgorithm } from '../model/rate-limit-schema';
import type { LimiterParams, RateLimiter } from './limiter';
import { FixedWindowLimiter } from './fixed-window';
import { GcraLimiter } from './gcra';
import { SlidingCounterLimiter } from './sliding-counter';
import { SlidingLogLimiter } from './sliding-log';
import { TokenBucketLimiter } from './token-bucket';

export interface LimiterSpec extends LimiterParams {
  algorithm: RateLimitAlgorithm;
  window: 'first-request' | 'aligned';
  /** fixed-window with the race: the share (0…1) of window-opening INCRs whose EXPIRE is lost. */
  raceLoss: number;
}

/** @param random a uniform draw in [0, 1), used only by the fixed window's race */
export function createLimiter(spec: LimiterSpec, random: () => number): RateLimiter {
  switch (spec.algorithm) {
    case 'fixed-window':
      return new FixedWindowLimiter({ ...spec, loseExpire: spec.raceLoss > 0 ? () => random() < spec.raceLoss : undefined });
    case 'sliding-log': return new SlidingLogLimiter(spec);
    case 'sliding-counter': return new SlidingCounterLimiter(spec);
    case 'token-bucket': return new TokenBucketLimiter(spec);
    case 'gcra': return new GcraLimiter(spec);
  }
}
