/**
 * The simulator's only source of randomness: a seeded sfc32 generator (Chris Doty-Humphrey's
 * "small fast chaotic" PRNG, which passes PractRand and BigCrush) on 32-bit integer math.
 *
 * Every stream carries a 64-bit identity (its seed key). `fork(label)` derives a child from that
 * identity and the label alone — never from how many numbers the parent has drawn — so adding a
 * namespace, or drawing more numbers in one, does not shift any other namespace's stream.
 */

const TWO_POW_32 = 4294967296;
const TWO_POW_53_INVERSE = 1 / 9007199254740992;

/** A generator's full position, for checkpoints: `[a, b, c, d, keyLo, keyHi]` as 32-bit integers. */
export type RngState = readonly [number, number, number, number, number, number];

/** Murmur3's finaliser: a bijective avalanche on 32 bits. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hashes a string's UTF-16 code units into two 32-bit words (cyrb53-style twin lanes), keyed by
 * (lo, hi) so that the same label under different parents gives unrelated results.
 */
function hashString(text: string, lo: number, hi: number, out: Uint32Array): void {
  let h1 = (0xdeadbeef ^ lo) >>> 0;
  let h2 = (0x41c6ce57 ^ hi) >>> 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ unit, 2654435761);
    h2 = Math.imul(h2 ^ unit, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  out[0] = fmix32(h1 ^ text.length);
  out[1] = fmix32(h2 + 0x9e3779b9);
}

const scratchKey = new Uint32Array(2);

/** The 64-bit identity of a user seed: integers keep their bits; anything else hashes its text. */
function seedKey(seed: number | string, out: Uint32Array): void {
  if (typeof seed === 'number' && Number.isSafeInteger(seed)) {
    // Two's complement split, so that 42, -42 and 2^40 + 42 are all distinct keys.
    out[0] = fmix32(seed >>> 0);
    out[1] = fmix32((Math.floor(seed / TWO_POW_32) | 0) ^ 0x5bd1e995);
    return;
  }
  if (typeof seed === 'number' && !Number.isFinite(seed)) {
    throw new RangeError(`seed ${seed} is not finite; use an integer (e.g. 42) or a string`);
  }
  hashString(String(seed), 0x243f6a88, 0x85a308d3, out);
}

/** A seeded pseudo-random generator. Same seed ⇒ same sequence, on every platform. */
export class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;
  private keyLo = 0;
  private keyHi = 0;

  /** @param seed an integer or any string (e.g. the design's `seed:` field). */
  constructor(seed: number | string) {
    seedKey(seed, scratchKey);
    this.rekey(scratchKey[0], scratchKey[1]);
  }

  /** Restores a generator saved with `state()`, at exactly the same position. */
  static fromState(state: RngState): Rng {
    if (state.length !== 6 || !state.every((word) => Number.isInteger(word))) {
      throw new RangeError('an Rng state is six 32-bit integers, as returned by rng.state()');
    }
    const rng = new Rng(0);
    rng.a = state[0] | 0;
    rng.b = state[1] | 0;
    rng.c = state[2] | 0;
    rng.d = state[3] | 0;
    rng.keyLo = state[4] >>> 0;
    rng.keyHi = state[5] >>> 0;
    return rng;
  }

  /** The generator's position, as plain numbers (JSON-safe). */
  state(): RngState {
    return [this.a, this.b, this.c, this.d, this.keyLo, this.keyHi];
  }

  /**
   * An independent stream named `label`, derived from this stream's seed key and the label only:
   * forking does not advance this generator, and `fork('x')` is the same stream whenever called.
   */
  fork(label: string): Rng {
    const child = new Rng(0);
    hashString(label, this.keyLo, this.keyHi, scratchKey);
    child.rekey(scratchKey[0], scratchKey[1]);
    return child;
  }

  /** A uniform integer in [0, 2^32). */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) + t | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1) with the full 53 bits of precision (two 32-bit draws). */
  nextFloat(): number {
    const high = this.nextU32() >>> 5;
    const low = this.nextU32() >>> 6;
    return (high * 67108864 + low) * TWO_POW_53_INVERSE;
  }

  /**
   * A uniform integer in [0, n) for an integer 1 ≤ n ≤ 2^32, exactly unbiased (Lemire's
   * nearly-divisionless method; the 64-bit product is assembled from exact 16-bit halves).
   */
  nextInt(n: number): number {
    if (!(n >= 1 && n <= TWO_POW_32 && Number.isInteger(n))) {
      throw new RangeError(`nextInt(${n}): n must be an integer from 1 to 2^32`);
    }
    if (n === TWO_POW_32) return this.nextU32();
    let x = this.nextU32();
    let low = Math.imul(x, n) >>> 0;
    if (low < n) {
      const threshold = (TWO_POW_32 - n) % n;
      while (low < threshold) {
        x = this.nextU32();
        low = Math.imul(x, n) >>> 0;
      }
    }
    return Math.floor(((x >>> 16) * n + Math.floor(((x & 0xffff) * n) / 65536)) / 65536);
  }

  private rekey(lo: number, hi: number): void {
    this.keyLo = lo >>> 0;
    this.keyHi = hi >>> 0;
    // splitmix32 expands the 64-bit key into the 128-bit state; sfc32's d is its counter.
    let s = this.keyLo;
    s = (s + 0x9e3779b9) | 0;
    this.a = fmix32(s) | 0;
    s = (s + 0x9e3779b9) | 0;
    this.b = fmix32(s ^ this.keyHi) | 0;
    s = (s + 0x9e3779b9) | 0;
    this.c = fmix32(s + Math.imul(this.keyHi, 0x27d4eb2f)) | 0;
    this.d = 1;
    // The recommended warm-up: sfc32 decorrelates nearby seeds within a dozen rounds.
    for (let i = 0; i < 15; i++) this.nextU32();
  }
}
