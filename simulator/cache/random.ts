/**
 * The only source of randomness the cache model uses. The seeded implementation lives with the
 * traffic generator; the model never creates its own, so a run is reproducible from its seed.
 */
export interface RandomSource {
  /** A uniformly distributed integer in [0, 2^32). */
  nextU32(): number;
  /** A uniformly distributed float in [0, 1). */
  nextFloat(): number;
}
