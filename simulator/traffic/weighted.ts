import type { Rng } from './rng';

/**
 * O(1) choice among k weighted items by Vose's alias method: one uniform draw per choice, whose
 * integer part picks a column and whose fractional part flips that column's biased coin.
 */
export class WeightedChoice {
  /** The number of items. */
  readonly size: number;
  private readonly keep: Float64Array;
  private readonly alias: Int32Array;
  private readonly rng: Rng;

  /** @param weights non-negative, finite, not all zero; item i is chosen with weight[i] / Σ. */
  constructor(weights: ArrayLike<number>, rng: Rng) {
    const k = weights.length;
    if (k === 0 || k >= 2 ** 31) throw new RangeError(`a weighted choice needs 1 to 2^31 − 1 items, not ${k}`);
    let sum = 0;
    for (let i = 0; i < k; i++) {
      const w = weights[i];
      if (!(w >= 0 && w < Infinity)) throw new RangeError(`weight[${i}] = ${w} is not valid; use a finite number ≥ 0`);
      sum += w;
    }
    if (!(sum > 0 && sum < Infinity)) throw new RangeError('weights must have a positive, finite sum');
    this.size = k;
    this.rng = rng;
    this.keep = new Float64Array(k);
    this.alias = new Int32Array(k);
    const scaled = new Float64Array(k);
    const small = new Int32Array(k);
    const large = new Int32Array(k);
    let smallCount = 0;
    let largeCount = 0;
    for (let i = 0; i < k; i++) {
      scaled[i] = (weights[i] * k) / sum;
      if (scaled[i] < 1) small[smallCount++] = i;
      else large[largeCount++] = i;
    }
    while (smallCount > 0 && largeCount > 0) {
      const less = small[--smallCount];
      const more = large[--largeCount];
      this.keep[less] = scaled[less];
      this.alias[less] = more;
      scaled[more] = scaled[more] + scaled[less] - 1;
      if (scaled[more] < 1) small[smallCount++] = more;
      else large[largeCount++] = more;
    }
    // Whatever is left is 1 up to rounding: such columns always keep their own item.
    while (largeCount > 0) {
      const i = large[--largeCount];
      this.keep[i] = 1;
      this.alias[i] = i;
    }
    while (smallCount > 0) {
      const i = small[--smallCount];
      this.keep[i] = 1;
      this.alias[i] = i;
    }
  }

  /** The index of the next chosen item, in [0, size). */
  next(): number {
    return this.pick(this.rng.nextFloat());
  }

  /**
   * The item for a given uniform `u` in [0, 1): its integer part (of u · size) picks a column,
   * its fraction flips the column's coin. For samplers that already hold a uniform draw.
   */
  pick(u: number): number {
    const scaled = u * this.size;
    const column = Math.floor(scaled);
    const other = this.alias[column];
    // Branch-free select: the coin is unpredictable by nature, so a branch would mispredict often.
    return other + ((column - other) & -(+(scaled - column < this.keep[column])));
  }
}
