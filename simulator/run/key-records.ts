/**
 * The engine's record per key id, shared with the cache model as its key table: the cache keeps
 * the key's slot in one word and reads the key's namespace (its group) from another, the client
 * keeps the rest. A request for a cold key — what every cache miss is — then reads one 16-byte
 * record where separate per-key arrays (slot, group, key length, value size, loads in flight)
 * would cost a cache line each.
 */
import type { KeyTable } from '../cache';
import type { KeyLayout } from './namespace-keys';

/** Int32 words per key id. */
export const KEY_WORDS = 4;
// Word 0 is the cache model's: the key's slot in its records (see KeyTable).
/** Value size in bytes, 0 until first stored (or given by a trace line). */
export const K_VALUE_BYTES = 1;
/** Key length in bytes (from the layout). */
export const K_KEY_BYTES = 2;
/** Namespace index (low 16 bits, the cache's group) and origin loads in flight (high 16 bits). */
export const K_NS_LOADING = 3;
/** One load in flight, in K_NS_LOADING. */
export const ONE_LOAD = 0x10000;

export class KeyRecords {
  /** KEY_WORDS words per key id; replaced when it grows. */
  words: Int32Array;
  /** Ids below this have their namespace and key length filled. */
  known = 0;

  constructor(private readonly layout: KeyLayout) {
    this.words = new Int32Array(Math.max(1, layout.groups.length) * KEY_WORDS);
    this.add();
  }

  /** Key ids the records have room for (the layout's capacity, at least 1). */
  get capacity(): number {
    return this.words.length / KEY_WORDS;
  }

  /** The records as the cache model's key table. */
  get table(): KeyTable {
    return { words: this.words, stride: KEY_WORDS, groupWord: K_NS_LOADING };
  }

  /**
   * Takes in the keys the layout met since the last call: room up to the layout's capacity
   * (the old words copied), then each new key's namespace and length.
   * @returns whether `words` was replaced (the cache must adopt the new table)
   */
  add(): boolean {
    const layout = this.layout;
    let grew = false;
    if (layout.groups.length > this.capacity) {
      const words = new Int32Array(layout.groups.length * KEY_WORDS);
      words.set(this.words);
      this.words = words;
      grew = true;
    }
    const words = this.words;
    const total = layout.totalKeys;
    for (let id = this.known; id < total; id++) {
      const at = id * KEY_WORDS;
      words[at + K_KEY_BYTES] = layout.keyBytes(id);
      words[at + K_NS_LOADING] = (words[at + K_NS_LOADING] & ~0xffff) | layout.namespaceOf(id);
    }
    if (total > this.known) this.known = total;
    return grew;
  }
}
