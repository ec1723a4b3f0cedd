/**
 * Seeded randomness and traffic samplers: the generator, key-popularity samplers, numeric
 * distributions (value sizes, latencies), arrival schedules and weighted choices.
 */
export { Rng } from './rng';
export type { RngState } from './rng';
export { createKeySampler, MAX_KEYS } from './key-sampler';
export type { KeySampler, KeySamplerOptions, KeySkew } from './key-sampler';
export { createNumberSampler, distMean, distQuantile } from './distributions';
export type { NumberDist, NumberSampler } from './distributions';
export { ArrivalSchedule, expectedRequests, rateAtPerSec } from './schedule';
export type { ArrivalOptions, PhaseShape } from './schedule';
export { WeightedChoice } from './weighted';
