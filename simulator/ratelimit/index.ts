/** Rate limiters: the algorithms, the exact reference, their Redis key shapes and their simulation. */
export type { LimiterParams, RateLimiter } from './limiter';
export { NO_EXPIRY } from './limiter';
export { FixedWindowLimiter } from './fixed-window';
export type { FixedWindowOptions } from './fixed-window';
export { SlidingLogLimiter } from './sliding-log';
export { SlidingCounterLimiter } from './sliding-counter';
export { TokenBucketLimiter } from './token-bucket';
export { GcraLimiter } from './gcra';
export { ExactLimiter } from './exact';
export { createLimiter } from './create';
export type { LimiterSpec } from './create';
