/** Placing chart labels so that none overlaps another or runs off the chart. */
import { selectAll } from 'd3';

/**
 * Moves labels wanted at `xs` (each `widths[i]` wide, centred) apart so that no two overlap and
 * all stay within [lo, hi]; keeps their order and moves each as little as it can. Returns centres.
 */
export function spreadLabels(xs: readonly number[], widths: readonly number[], lo: number, hi: number, gap = 4): number[] {
  const order = xs.map((x, i) => i).sort((a, b) => xs[a] - xs[b]);
  const placed = new Array<number>(xs.length);
  // Left to right: each label starts after the previous one's right edge.
  let edge = lo;
  for (const i of order) {
    placed[i] = Math.max(xs[i], edge + widths[i] / 2);
    edge = placed[i] + widths[i] / 2 + gap;
  }
  // Right to left: pull back whatever ran past the right end.
  edge = hi;
  for (let n = order.length - 1; n >= 0; n--) {
    const i = order[n];
    placed[i] = Math.min(placed[i], edge - widths[i] / 2);
    edge = placed[i] - widths[i] / 2 - gap;
  }
  return placed;
}

/** Shifts every text under `root` that would be cut at the left or right end of [lo, hi] (svg x) back inside. */
export function keepTextInside(root: Element, lo: number, hi: number): void {
  const svg = root instanceof SVGSVGElement ? root : (root as SVGElement).ownerSVGElement;
  if (!svg) return;
  const origin = svg.getBoundingClientRect().left;
  selectAll(root.querySelectorAll('text')).each(function shift() {
    const text = this as SVGTextElement;
    const box = text.getBoundingClientRect();
    if (box.width === 0) return;
    const left = box.left - origin;
    const right = box.right - origin;
    const dx = right > hi ? hi - right : left < lo ? lo - left : 0;
    if (dx !== 0) text.setAttribute('dx', String((Number(text.getAttribute('dx')) || 0) + dx));
  });
}
