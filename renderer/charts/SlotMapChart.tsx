/**
 * The slot/shard map, drawn with d3: the 16 384 slots split into shard bands shaded by estimated
 * load on an absolute scale (loadShare; its legend below), the hot shard outlined and labelled —
 * or every tied shard labelled "tied" when two or more share the top —, each channel a tick at
 * its slot, and one bar per shard below. The numbers are also in the table beside it.
 */
import { axisBottom, max, scaleBand, scaleLinear, scaleOrdinal, select } from 'd3';
import { useEffect, useMemo, useRef } from 'react';
import type { ShardLoad, SlotMap } from '../design/slot-map';
import { CLUSTER_SLOTS, shardAt } from '../design/slot-map';
import { formatList, formatPercent, formatRate } from '../format';
import { keepTextInside } from './labels';
import { loadColor as heat, LoadScaleLegend } from './LoadScale';
import { pointerProps, pointerStore, ReadoutGuides, ReadoutTooltip } from './Readout';
import type { ReadAt } from './Readout';

const GROUP_COLORS = ['#2f6fd6', '#8a4fd3', '#1f9a7a', '#c2571a', '#b8326b', '#5f7d1a'];
const bandClass = (s: { hot: boolean; tied: boolean }) => (s.hot ? 'shard-band hot' : s.tied ? 'shard-band tied' : 'shard-band');
const mark = (s: { hot: boolean; tied: boolean }) => (s.hot ? ' · hot' : s.tied ? ' · tied' : '');
const MARGIN = { left: 56, right: 16, top: 24, bottom: 28 };
const BAND_HEIGHT = 56;
const BARS_TOP = MARGIN.top + BAND_HEIGHT + 44;
const BAR_HEIGHT = 16;
/** A shard's row of the bars below, and the most rows drawn. */
const ROW_PX = BAR_HEIGHT + 6;
const MAX_ROWS = 32;

export function SlotMapChart({ map, width = 760 }: { map: SlotMap; width?: number }) {
  const drawing = useRef<SVGGElement>(null);
  const pointer = useMemo(pointerStore, []);
  const margin = MARGIN;
  const innerWidth = width - margin.left - margin.right;
  const bandY = margin.top;
  const bandHeight = BAND_HEIGHT;
  const barsTop = BARS_TOP;
  const barHeight = BAR_HEIGHT;
  const x = useMemo(() => scaleLinear().domain([0, CLUSTER_SLOTS]).range([MARGIN.left, width - MARGIN.right]), [width]);
  useEffect(() => {
    const svg = select(drawing.current);
    svg.selectAll('*').remove();
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

    const y = scaleBand<number>().domain(map.shards.map((s) => s.shard)).range([barsTop, barsTop + map.shards.length * ROW_PX]).padding(0.2);
    const w = scaleLinear().domain([0, maxLoad]).range([0, innerWidth - 120]);
    const bars = svg.append('g').attr('class', 'shard-bars');
    const row = bars.selectAll('g').data(map.shards.slice(0, MAX_ROWS)).join('g').attr('transform', (s) => `translate(0,${y(s.shard) ?? 0})`);
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
    if (drawing.current) keepTextInside(drawing.current, 0, width);
    pointer.refresh();
  }, [map, width, x, innerWidth, bandY, bandHeight, barsTop, barHeight, margin, pointer]);
  const hot = map.shards.find((s) => s.hot);
  const tied = map.shards.filter((s) => s.tied);
  const total = map.shards.reduce((sum, s) => sum + s.ratePerSec, 0);
  const shards = `${map.shards.length} shard${map.shards.length === 1 ? '' : 's'}, ${map.channels.length} channels`;
  const summary = hot
    ? `Slot and shard map: shard ${hot.shard} is hot with about ${formatRate(hot.ratePerSec)} (${formatPercent(total > 0 ? hot.ratePerSec / total : 0)} of the load).`
    : tied.length > 0
      ? `Slot and shard map: ${shards}; shards ${formatList(tied.map((s) => s.shard))} tie for the most load (about ${formatRate(tied[0].ratePerSec)} each), so no shard is hot.`
      : `Slot and shard map: ${shards}, no hot shard.`;
  // A shard under the pointer: in the slot bands by its slot, below by its bar's row.
  const read: ReadAt = ({ x: px, y: py }) => {
    if (py === null || px < margin.left || px > margin.left + innerWidth) return null;
    const shard: ShardLoad | undefined = py >= bandY && py <= bandY + bandHeight
      ? shardAt(map, Math.min(CLUSTER_SLOTS - 1, Math.floor(x.invert(px))))
      : py >= barsTop ? map.shards.slice(0, MAX_ROWS)[Math.floor((py - barsTop) / ROW_PX)] : undefined;
    if (!shard) return null;
    return {
      heading: `shard ${shard.shard}${shard.hot ? ' · hot' : shard.tied ? ' · tied for the most' : ''}`,
      rows: [
        { key: 'slots', label: 'slots', value: `${shard.fromSlot}–${shard.toSlot} (${(shard.toSlot - shard.fromSlot + 1).toLocaleString('en-US')})` },
        { key: 'channels', label: 'channels', value: shard.channels.toLocaleString('en-US') },
        { key: 'load', label: 'estimated load', value: formatRate(shard.ratePerSec) },
        { key: 'share', label: 'share of the load', value: formatPercent(total > 0 ? shard.ratePerSec / total : 0) },
      ],
      anchorX: px,
      box: { x: x(shard.fromSlot), y: bandY, width: Math.max(2, x(shard.toSlot + 1) - x(shard.fromSlot)), height: bandHeight },
    };
  };
  const step = () => ({ x: innerWidth / Math.max(1, map.shards.length), y: 0 });
  const area = () => ({ left: margin.left, right: margin.left + innerWidth, top: bandY, bottom: bandY + bandHeight });
  return (
    <>
      <div className="slot-map-body" style={{ width }} role="group" aria-label="Slot map: read-out at the pointer (arrow keys move from shard to shard)" {...pointerProps(pointer, area, step)}>
        <svg className="chart slot-map" width={width} height={height(map)} role="img" aria-label={summary}>
          <g ref={drawing} />
          <ReadoutGuides pointer={pointer} read={read} />
        </svg>
        <ReadoutTooltip pointer={pointer} read={read} width={width} />
      </div>
      <LoadScaleLegend className="slot-map-scale" />
    </>
  );
}

function height(map: SlotMap): number {
  return BARS_TOP + Math.min(MAX_ROWS, map.shards.length) * ROW_PX + 36;
}
