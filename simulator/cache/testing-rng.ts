import type { RandomSource } from './random';

/**
 * mulberry32: a tiny seeded generator for tests and throwaway measurements. Not the project's
 * PRNG (that one lives in simulator/traffic); good enough to drive sampling deterministically.
 */
export class Mulberry32 implements RandomSource {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniformly distributed integer in [0, 2^32). */
  nextU32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniformly distributed float in [0, 1). */
  nextFloat(): number {
    return this.nextU32() / 4294967296;
  }
}
