/**
 * The key id layout of a plan: namespace i owns ids keyIdOffset … keyIdOffset + cardinality − 1.
 * Answers "which namespace is this id" and "how long is its key" without building key strings.
 */
import type { PlannedNamespace } from './plan';
import type { PlannedRateLimits } from '../ratelimit/planned';

/** Beyond this many keys in one design, per-key state would not fit a laptop's memory. */
export const MAX_TOTAL_KEYS = 60_000_000;

/** How key ids map to namespaces and key lengths: a plan's layout, or the keys met in a trace. */
export interface KeyLayout {
  readonly totalKeys: number;
  /** Namespace index of every key id (also the cache model's per-key group). */
  readonly groups: Uint16Array;
  namespaceOf(id: number): number;
  keyBytes(id: number): number;
  /** Calls `visit` with every key id of a namespace (pattern deletes). */
  forEachKeyOf(namespace: number, visit: (id: number) => void): void;
}

/** What the layout needs of a group of keys: a namespace's, or a rate limiter's clients'. */
export type KeyGroup = Pick<PlannedNamespace, 'index' | 'keyIdOffset' | 'cardinality' | 'keyFixedBytes' | 'placeholderCount'>;

/** The key groups of a plan: its namespaces, then its rate limiters' keys (one per client). */
export function keyGroupsOf(plan: { namespaces: ReadonlyArray<PlannedNamespace>; rateLimits?: PlannedRateLimits }): KeyGroup[] {
  const limiters = plan.rateLimits?.limiters ?? [];
  return [...plan.namespaces, ...limiters.map((limiter) => ({
    index: limiter.group, keyIdOffset: limiter.keyIdOffset, cardinality: limiter.clients,
    keyFixedBytes: limiter.keyFixedBytes, placeholderCount: limiter.placeholderCount,
  }))];
}

export class NamespaceKeys implements KeyLayout {
  readonly totalKeys: number;
  /** Namespace index of every key id (also the cache model's per-key group). */
  readonly groups: Uint16Array;
  private readonly fixedBytes: Int32Array;
  private readonly placeholderCounts: Int32Array;
  private readonly offsets: Int32Array;

  constructor(namespaces: ReadonlyArray<KeyGroup>) {
    const total = namespaces.reduce((sum, ns) => sum + ns.cardinality, 0);
    if (total > MAX_TOTAL_KEYS) {
      throw new RangeError(`the design has ${total.toLocaleString('en-US')} keys in all; the simulator holds at most ${MAX_TOTAL_KEYS.toLocaleString('en-US')} (lower a namespace's cardinality)`);
    }
    this.totalKeys = total;
    this.groups = new Uint16Array(total);
    this.fixedBytes = new Int32Array(namespaces.length);
    this.placeholderCounts = new Int32Array(namespaces.length);
    this.offsets = new Int32Array(namespaces.length);
    for (const ns of namespaces) {
      this.groups.fill(ns.index, ns.keyIdOffset, ns.keyIdOffset + ns.cardinality);
      this.fixedBytes[ns.index] = ns.keyFixedBytes;
      this.placeholderCounts[ns.index] = ns.placeholderCount;
      this.offsets[ns.index] = ns.keyIdOffset;
    }
  }

  namespaceOf(id: number): number {
    return this.groups[id];
  }

  forEachKeyOf(namespace: number, visit: (id: number) => void): void {
    const start = this.offsets[namespace];
    const groups = this.groups;
    for (let id = start; id < groups.length && groups[id] === namespace; id++) visit(id);
  }

  /** Length of the rendered key: fixed characters plus the key index in every placeholder. */
  keyBytes(id: number): number {
    const ns = this.groups[id];
    return this.fixedBytes[ns] + this.placeholderCounts[ns] * decimalDigits(id - this.offsets[ns]);
  }
}

export function decimalDigits(value: number): number {
  if (value < 10) return 1;
  if (value < 100) return 2;
  if (value < 1000) return 3;
  if (value < 10_000) return 4;
  if (value < 100_000) return 5;
  if (value < 1_000_000) return 6;
  if (value < 10_000_000) return 7;
  if (value < 100_000_000) return 8;
  if (value < 1_000_000_000) return 9;
  return 10;
}
