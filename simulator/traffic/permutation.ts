import type { Rng } from './rng';

/**
 * A keyed pseudo-random bijection on [0, n), so that popularity ranks map to scattered key ids
 * (rank 0, the hottest, is not id 0, and the top ranks are not neighbours).
 *
 * Each round is a bijection on b-bit words (b = ⌈log2 n⌉): key addition, multiplication by odd
 * constants (mixes low bits upward) and xor-shifts (mixes high bits downward). Values that land
 * in [n, 2^b) are walked along their cycle until they return to [0, n) — cycle walking keeps it a
 * bijection on [0, n), and since 2^b < 2n it takes fewer than two rounds on average.
 */
export class KeyPermutation {
  private readonly n: number;
  private readonly mask: number;
  private readonly shift: number;
  private readonly add: number;
  private readonly xor: number;
  private readonly mul1: number;
  private readonly mul2: number;
  private readonly mul3: number;

  /** @param n the domain size, 1 ≤ n ≤ 2^31. */
  constructor(n: number, rng: Rng) {
    if (!(Number.isInteger(n) && n >= 1 && n <= 2 ** 31)) {
      throw new RangeError(`a key permutation needs an integer size from 1 to 2^31, not ${n}`);
    }
    const bits = n <= 1 ? 0 : 32 - Math.clz32(n - 1);
    this.n = n;
    this.mask = bits === 0 ? 0 : bits === 31 ? 0x7fffffff : (1 << bits) - 1;
    this.shift = Math.max(1, bits >>> 1);
    this.add = rng.nextU32() & this.mask;
    this.xor = rng.nextU32() & this.mask;
    this.mul1 = (rng.nextU32() | 1) >>> 0;
    this.mul2 = (rng.nextU32() | 1) >>> 0;
    this.mul3 = (rng.nextU32() | 1) >>> 0;
  }

  /** The id for a rank in [0, n). */
  apply(rank: number): number {
    let x = rank;
    do {
      x = this.round(x);
    } while (x >= this.n);
    return x;
  }

  private round(value: number): number {
    const mask = this.mask;
    let x = (value + this.add) & mask;
    x = Math.imul(x, this.mul1) & mask;
    x ^= x >>> this.shift;
    x = Math.imul(x ^ this.xor, this.mul2) & mask;
    x ^= x >>> this.shift;
    x = Math.imul(x, this.mul3) & mask;
    x ^= x >>> this.shift;
    return x;
  }
}
