/**
 * The slot/shard map, drawn with d3: the 16 384 slots split into shard bands shaded by estimated
 * load on an absolute scale (loadShare; its legend below), the hot shard outlined and labelled —
 * or every tied shard labelled "tied" when two or more share the top —, each channel a tick at
 * its slot, and one bar per shard below. The numbers are also in the table beside it.
 */
import { axisBottom, interpolateYlOrRd, max, scaleBand, scaleLinear, scaleOrdinal, select } from 'd3';
import { useEffect, useRef } from 'react';
import type { SlotMap } from '../design/slot-map';
import { CLUSTER_SLOTS, LOAD_SCALE_TICKS, loadShare } from '../design/slot-map';
import { formatPercent, formatRate } from '../format';
import { keepTextInside } from './labels';

const GROUP_COLORS = ['#2f6fd6', '#8a4fd3', '#1f9a7a', '#c2571a', '#b8326b', '#5f7d1a'];
/** The shade of a load on the absolute scale (never white, so a shard with load shows). */
const heat = (ratePerSec: number) => interpolateYlOrRd(0.05 + 0.9 * loadShare(ratePerSec));
const SCALE_GRADIENT = `linear-gradient(to right, ${[1, 10, 100, 1e3, 1e4, 1e5, 1e6].map(heat).join(', ')})`;
const bandClass = (s: { hot: boolean; tied: boolean }) => (s.hot ? 'shard-band hot' : s.tied ? 'shard-band tied' : 'shard-band');
const mark = (s: { hot: boolean; tied: boolean }) => (s.hot ? ' · hot' : s.tied ? ' · tied' : '');

export function SlotMapChart({ map, width = 760 }: { map: SlotMap; width?: number }) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    const svg = select(ref.current);
    svg.selectAll('*').remove();
    const margin = { left: 56, right: 16, top: 24, bottom: 28 };
    const innerWidth = width - margin.left - margin.right;
    const bandY = margin.top;
    const bandHeight = 56;
    const barsTop = bandY + bandHeight + 44;
    const barHeight = 16;
    const x = scaleLinear().domain([0, CLUSTER_SLOTS]).range([margin.left, margin.left + innerWidth]);
    const maxLoad = max(map.shards, (s) => s.ratePerSec) || 1;
    const groups = [...new Set(map.channels.map((c) => c.group))];
    const groupColor = scaleOrdinal<string, string>().domain(groups).range(GROUP_COLORS);

    const bands = svg.append('g').attr('class', 'shard-bands');
    bands.selectAll('rect').data(map.shards).join('rect')
      .attr('x', (s) => x(s.fromSlot)).attr('y', bandY)
      .attr('width', (s) => Math.max(1, x(s.toSlot + 1) - x(s.fromSlot))).attr('height', bandHeight)
      .attr('fill', (s) => heat(s.ratePerSec))
      .attr('class', bandClass);
    bands.selectAll('text').data(map.shards.length <= 24 ? map.shards : []).join('text')
      .attr('x', (s) => (x(s.fromSlot) + x(s.toSlot + 1)) / 2).attr('y', bandY - 6)
      .attr('text-anchor', 'middle').attr('class', (s) => (s.hot ? 'chart-label hot-label' : s.tied ? 'chart-label tied-label' : 'chart-label'))
      .text((s) => `shard ${s.shard}${mark(s)}`);

    const maxRate = max(map.channels, (c) => c.ratePerSec) || 1;
    const tickHeight = scaleLinear().domain([0, Math.log1p(maxRate)]).range([6, bandHeight - 4]);
    svg.append('g').attr('class', 'channel-ticks').selectAll('line').data(map.channels).join('line')
      .attr('x1', (c) => x(c.slot) + 0.5).attr('x2', (c) => x(c.slot) + 0.5)
      .attr('y1', bandY + bandHeight).attr('y2', (c) => bandY + bandHeight - tickHeight(Math.log1p(c.ratePerSec)))
      .attr('stroke', (c) => groupColor(c.group)).attr('stroke-width', 1.5)
      .append('title').text((c) => `${c.name} → slot ${c.slot}, shard ${c.shard}, ≈${formatRate(c.ratePerSec)}`);

    svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${bandY + bandHeight})`)
      .call(axisBottom(x).tickValues([0, 4096, 8192, 12288, CLUSTER_SLOTS - 1]).tickFormat((d) => String(d)));
    svg.append('text').attr('class', 'chart-label').attr('x', margin.left - 8).attr('y', bandY + bandHeight / 2).attr('text-anchor', 'end').text('slots');

    const y = scaleBand<number>().domain(map.shards.map((s) => s.shard)).range([barsTop, barsTop + map.shards.length * (barHeight + 6)]).padding(0.2);
    const w = scaleLinear().domain([0, maxLoad]).range([0, innerWidth - 120]);
    const bars = svg.append('g').attr('class', 'shard-bars');
    const row = bars.selectAll('g').data(map.shards.slice(0, 32)).join('g').attr('transform', (s) => `translate(0,${y(s.shard) ?? 0})`);
    row.append('text').attr('class', 'chart-label').attr('x', margin.left - 8).attr('y', y.bandwidth() / 2).attr('dy', '0.35em').attr('text-anchor', 'end').text((s) => `shard ${s.shard}`);
    row.append('rect').attr('x', margin.left).attr('height', y.bandwidth()).attr('width', (s) => Math.max(1, w(s.ratePerSec)))
      .attr('fill', (s) => heat(s.ratePerSec)).attr('class', bandClass);
    row.append('text').attr('class', 'chart-label').attr('x', (s) => margin.left + Math.max(1, w(s.ratePerSec)) + 6).attr('y', y.bandwidth() / 2).attr('dy', '0.35em')
      .text((s) => `${formatRate(s.ratePerSec)}${s.hot ? ' (hot)' : s.tied ? ' (tied for the most)' : ''}`);

    const legend = svg.append('g').attr('class', 'legend').attr('transform', `translate(${margin.left},${height(map) - 8})`);
    groups.forEach((group, i) => {
      const item = legend.append('g').attr('transform', `translate(${i * 140},0)`);
      item.append('rect').attr('width', 10).attr('height', 10).attr('y', -9).attr('fill', groupColor(group));
      item.append('text').attr('class', 'chart-label').attr('x', 14).text(`channels: ${group}`);
    });
    if (ref.current) keepTextInside(ref.current, 0, width);
  }, [map, width]);
  const hot = map.shards.find((s) => s.hot);
  const tied = map.shards.filter((s) => s.tied);
  const total = map.shards.reduce((sum, s) => sum + s.ratePerSec, 0);
  const shards = `${map.shards.length} shard${map.shards.length === 1 ? '' : 's'}, ${map.channels.length} channels`;
  const summary = hot
    ? `Slot and shard map: shard ${hot.shard} is hot with about ${formatRate(hot.ratePerSec)} (${formatPercent(total > 0 ? hot.ratePerSec / total : 0)} of the load).`
    : tied.length > 0
      ? `Slot and shard map: ${shards}; shards ${tied.map((s) => s.shard).join(' and ')} tie for the most load (about ${formatRate(tied[0].ratePerSec)} each), so no shard is hot.`
      : `Slot and shard map: ${shards}, no hot shard.`;
  const [low, , , high] = LOAD_SCALE_TICKS;
  return (
    <>
      <svg ref={ref} className="chart slot-map" width={width} height={height(map)} role="img" aria-label={summary} />
      <div className="heat-legend slot-map-scale" role="img" aria-label={`Colour scale (absolute, the same in every design): from ${formatRate(low)} (light yellow) to ${formatRate(high)} or more (dark red), logarithmic`}>
        <span aria-hidden="true">{formatRate(low)}</span>
        <span className="heat-legend-bar" style={{ background: SCALE_GRADIENT }} />
        <span aria-hidden="true">{formatRate(high)} · messages per shard, log scale</span>
      </div>
    </>
  );
}

function height(map: SlotMap): number {
  return 24 + 56 + 44 + Math.min(32, map.shards.length) * 22 + 36;
}
