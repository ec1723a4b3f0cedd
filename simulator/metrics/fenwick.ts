/**
 * A Fenwick (binary indexed) tree over positions 1..size: point add and prefix sum in O(log n),
 * and an O(n) rebuild from plain values (used when the stack-distance clock is compacted).
 */
export class FenwickTree {
  private tree: Float64Array;

  constructor(size: number) {
    this.tree = new Float64Array(size + 1);
  }

  /** The largest position. */
  get size(): number {
    return this.tree.length - 1;
  }

  /** Adds `delta` at `position` (1-based). */
  add(position: number, delta: number): void {
    const tree = this.tree;
    const size = tree.length;
    for (let i = position; i < size; i += i & -i) tree[i] += delta;
  }

  /** The sum over positions 1..position. */
  prefixSum(position: number): number {
    const tree = this.tree;
    let sum = 0;
    for (let i = position; i > 0; i -= i & -i) sum += tree[i];
    return sum;
  }

  /** Replaces the contents with `values[1..size]` (index 0 unused), resizing to `size`. */
  rebuild(values: Float64Array, size: number): void {
    if (size + 1 !== this.tree.length) this.tree = new Float64Array(size + 1);
    const tree = this.tree;
    tree.set(values.subarray(0, size + 1));
    tree[0] = 0;
    for (let i = 1; i <= size; i++) {
      const parent = i + (i & -i);
      if (parent <= size) tree[parent] += tree[i];
    }
  }
}
