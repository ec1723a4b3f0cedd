/** An empty pool slot. */
export const NO_CANDIDATE = -1;

/** EVPOOL_SIZE: candidates kept between eviction rounds. */
export const EVICTION_POOL_SIZE = 16;

/**
 * evict.c's eviction pool: up to 16 candidates sorted by ascending score (idle time, inverted
 * frequency or inverted expiry), kept across rounds and across commands. Like Redis it does not
 * deduplicate (a key sampled twice holds two slots) and never refreshes a stored score.
 */
export class EvictionPool {
  /** Candidate key ids by pool position, NO_CANDIDATE when empty; best candidates on the right. */
  readonly ids = new Int32Array(EVICTION_POOL_SIZE).fill(NO_CANDIDATE);
  /** Where each candidate's record was when sampled: a hint that saves a lookup by id. */
  readonly slotHints = new Int32Array(EVICTION_POOL_SIZE);
  /** Score of each position: higher evicts first. */
  readonly scores = new Float64Array(EVICTION_POOL_SIZE);

  /** evictionPoolPopulate's insertion of one sampled key. */
  insert(id: number, slotHint: number, score: number): void {
    const ids = this.ids;
    const slotHints = this.slotHints;
    const scores = this.scores;
    const last = EVICTION_POOL_SIZE - 1;
    // The first empty slot, or the first candidate whose score is not below ours.
    let k = 0;
    while (k < EVICTION_POOL_SIZE && ids[k] !== NO_CANDIDATE && scores[k] < score) k++;
    if (k === 0 && ids[last] !== NO_CANDIDATE) {
      // Worse than every candidate of a full pool.
      return;
    }
    if (k < EVICTION_POOL_SIZE && ids[k] === NO_CANDIDATE) {
      // An empty slot: nothing to move.
    } else if (ids[last] === NO_CANDIDATE) {
      // Free space on the right: shift k … end one slot right.
      for (let j = last; j > k; j--) {
        ids[j] = ids[j - 1];
        slotHints[j] = slotHints[j - 1];
        scores[j] = scores[j - 1];
      }
    } else {
      // Full: drop the worst (leftmost) candidate, shifting 1 … k−1 left, and insert at k−1.
      k--;
      for (let j = 0; j < k; j++) {
        ids[j] = ids[j + 1];
        slotHints[j] = slotHints[j + 1];
        scores[j] = scores[j + 1];
      }
    }
    ids[k] = id;
    slotHints[k] = slotHint;
    scores[k] = score;
  }

  /** Empties position `k` (a candidate taken, or found gone). */
  clear(k: number): void {
    this.ids[k] = NO_CANDIDATE;
    this.scores[k] = 0;
  }
}
