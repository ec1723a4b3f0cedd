/**
 * The absolute colour scale of pub/sub load (messages per second per shard, log scale from 1/s to
 * 1 M/s; see loadShare): the same load has the same shade in the design's slot map and in a run's
 * per-shard heat map, and a balanced design is not painted dark red for being balanced.
 */
import { interpolateYlOrRd } from 'd3';
import { LOAD_SCALE_TICKS, loadShare } from '../design/slot-map';
import { formatRate } from '../format';

/** The shade of a load (never white, so a shard with load shows). */
export const loadColor = (ratePerSec: number) => interpolateYlOrRd(0.05 + 0.9 * loadShare(ratePerSec));

const GRADIENT = `linear-gradient(to right, ${[1, 10, 100, 1e3, 1e4, 1e5, 1e6].map(loadColor).join(', ')})`;

/** The scale's legend: its ends, the gradient between, and what it measures. */
export function LoadScaleLegend({ className = '' }: { className?: string }) {
  const [low, , , high] = LOAD_SCALE_TICKS;
  return (
    <div className={`heat-legend ${className}`} role="img" aria-label={`Colour scale (absolute, the same in every design): from ${formatRate(low)} (light yellow) to ${formatRate(high)} or more (dark red), logarithmic`}>
      <span aria-hidden="true">{formatRate(low)}</span>
      <span className="heat-legend-bar" style={{ background: GRADIENT }} />
      <span aria-hidden="true">{formatRate(high)} · messages per shard, log scale</span>
    </div>
  );
}
