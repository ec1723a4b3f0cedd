/**
 * The miss-ratio curve: hit ratio against maxmemory, of the design's own policy (solid), with the
 * exact-LRU reference (dashed) and each compared run's maxmemory marked. Hovering (or the arrow
 * keys) reads the hit and miss ratio at the pointer's size, and the reference's; the size axis
 * zooms like a time chart's (drag across, Ctrl/⌘ + wheel, Shift + drag to pan, Reset zoom).
 */
import { axisBottom, axisLeft, line, scaleLinear, select } from 'd3';
import type { ScaleLinear } from 'd3';
import { useEffect, useId, useMemo, useRef } from 'react';
import { ChartEmpty } from './ChartEmpty';
import { useElementWidth } from './chart-frame';
import { hitRatioAt } from './curve-read';
import type { CurvePoint } from './curve-read';
import { formatBytes, formatPercent } from '../format';
import { keepTextInside } from './labels';
import { pointerProps, pointerStore, ReadoutGuides, ReadoutTooltip } from './Readout';
import type { ReadAt } from './Readout';
import { valueAxis } from './ticks';
import { useTimeZoom, useZoomInteraction } from './zoom';
import type { PlotArea, TimeDomain } from './zoom';
import { useStore } from '../store';
import { selectEffectiveTheme } from '../store/ui/selectors';

export interface CurveMarker {
  label: string;
  maxmemoryBytes: number;
  hitRatio: number | null;
  color: number;
}

const MARGIN = { top: 12, right: 16, bottom: 26, left: 52 };

export interface MissRatioChartProps {
  /** The design's own policy curve. */
  points: ReadonlyArray<CurvePoint>;
  /** Its name in the legend and read-out (the maxmemory-policy). */
  policy: string;
  /** The exact-LRU stack curve of the same stream, drawn dashed as a reference. */
  reference: ReadonlyArray<CurvePoint>;
  markers: ReadonlyArray<CurveMarker>;
  height?: number;
}

const REFERENCE_COLOR = 'var(--text-muted)';

export function MissRatioChart({ points, policy, reference, markers, height = 240 }: MissRatioChartProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const drawing = useRef<SVGGElement>(null);
  const brush = useRef<SVGGElement>(null);
  const width = useElementWidth(wrap, 560, 240);
  const theme = useStore(selectEffectiveTheme);
  const titleId = useId();
  const clipId = `mrc-clip-${titleId.replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const pointer = useMemo(pointerStore, []);
  const zoom = useTimeZoom();
  const plot: PlotArea = useMemo(() => ({ left: MARGIN.left, right: width - MARGIN.right, top: MARGIN.top, bottom: height - MARGIN.bottom }), [width, height]);
  // The size axis spans the curve (up to the working set); a run beyond it is pinned to the right
  // edge with its size in the label, so one 256 MB run does not squeeze the curve into a corner.
  const curveBytes = Math.max(0, ...points.map((p) => p.maxmemoryBytes), ...reference.map((p) => p.maxmemoryBytes));
  const maxBytes = curveBytes > 0 ? curveBytes : Math.max(0, ...markers.map((m) => m.maxmemoryBytes));
  // The whole size axis, read by the zoom when a gesture starts.
  const full = useRef<TimeDomain | null>(null);
  full.current = points.length > 0 ? [0, maxBytes * 1.05] : null;
  const view = useRef<ScaleLinear<number, number>[] | null>(null);
  useEffect(() => {
    const svg = select(drawing.current);
    svg.selectAll('*').remove();
    view.current = null;
    if (points.length === 0) return;
    const [lo, hi] = zoom.domain ?? [0, maxBytes * 1.05];
    const x = scaleLinear().domain([lo, hi]).range([plot.left, plot.right]);
    const y = scaleLinear().domain([0, 1]).range([plot.bottom, plot.top]);
    // One unit on the size axis, zoomed or not.
    const axis = valueAxis('bytes', lo, hi, 5);
    svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${plot.bottom})`).call(axisBottom(x).tickValues(axis.ticks.filter((v) => v >= lo && v <= hi)).tickFormat((v) => axis.format(Number(v))));
    svg.append('g').attr('class', 'axis').attr('transform', `translate(${plot.left},0)`).call(axisLeft(y).ticks(5).tickFormat((v) => formatPercent(Number(v), 0)).tickSize(-(plot.right - plot.left)));
    svg.append('clipPath').attr('id', clipId).append('rect').attr('x', plot.left).attr('y', plot.top - 2).attr('width', plot.right - plot.left).attr('height', plot.bottom - plot.top + 4);
    const path = line<CurvePoint>().x((p) => x(p.maxmemoryBytes)).y((p) => y(p.hitRatio));
    svg.append('path').attr('class', 'mrc-reference').attr('clip-path', `url(#${clipId})`).attr('d', path([{ maxmemoryBytes: 0, hitRatio: 0 }, ...reference]) ?? '')
      .attr('fill', 'none').attr('stroke', REFERENCE_COLOR).attr('stroke-width', 1.5).attr('stroke-dasharray', '6 4');
    svg.append('path').attr('class', 'mrc-policy').attr('clip-path', `url(#${clipId})`).attr('d', path([{ maxmemoryBytes: 0, hitRatio: 0 }, ...points]) ?? '').attr('fill', 'none').attr('stroke', 'var(--chart-1)').attr('stroke-width', 2);
    for (const marker of markers.filter((m) => m.maxmemoryBytes >= lo)) {
      const beyond = marker.maxmemoryBytes > hi;
      const mx = beyond ? plot.right : x(marker.maxmemoryBytes);
      const g = svg.append('g').attr('class', beyond ? 'marker marker-beyond' : 'marker');
      g.append('line').attr('x1', mx).attr('x2', mx).attr('y1', plot.top).attr('y2', plot.bottom)
        .attr('stroke', `var(--chart-${(marker.color % 6) + 1})`).attr('stroke-dasharray', beyond ? '1 3' : '4 3');
      if (marker.hitRatio !== null) g.append('circle').attr('cx', mx).attr('cy', y(marker.hitRatio)).attr('r', 4).attr('fill', `var(--chart-${(marker.color % 6) + 1})`);
      const nearRight = mx > width - 160;
      g.append('text').attr('class', 'chart-label').attr('x', mx + (nearRight ? -4 : 4)).attr('text-anchor', nearRight ? 'end' : 'start')
        .attr('y', plot.top + 24 + (marker.color % 4) * 13).text(beyond ? `${marker.label} (${formatBytes(marker.maxmemoryBytes)} →)` : marker.label);
    }
    if (drawing.current) keepTextInside(drawing.current, 0, width);
    view.current = [x, y];
    pointer.refresh();
  }, [points, reference, markers, maxBytes, plot, width, theme, zoom.domain, clipId, pointer]);
  useZoomInteraction(svgRef, brush, full, plot, zoom);

  const read: ReadAt = ({ x: px }) => {
    const scales = view.current;
    if (!scales || px < plot.left || px > plot.right) return null;
    const [x, y] = scales;
    const bytes = x.invert(px);
    const hit = hitRatioAt(points, bytes);
    const lru = hitRatioAt(reference, bytes);
    return {
      heading: `maxmemory ${formatBytes(bytes)}`,
      rows: [
        { key: 'hit', label: `hit ratio (${policy})`, color: 'var(--chart-1)', value: hit === null ? 'beyond the curve' : formatPercent(hit, 1) },
        { key: 'miss', label: 'miss ratio', value: hit === null ? 'beyond the curve' : formatPercent(1 - hit, 1) },
        { key: 'lru', label: 'exact LRU (reference)', color: REFERENCE_COLOR, value: lru === null ? 'beyond the curve' : formatPercent(lru, 1) },
      ],
      anchorX: px,
      vertical: { x: px, top: plot.top, bottom: plot.bottom },
      dots: [
        ...(hit === null ? [] : [{ key: 'hit', x: px, y: y(hit), color: 'var(--chart-1)' }]),
        ...(lru === null ? [] : [{ key: 'lru', x: px, y: y(lru), color: REFERENCE_COLOR }]),
      ],
    };
  };
  const summary = markers.map((m) => `${m.label}: maxmemory ${formatBytes(m.maxmemoryBytes)}${m.hitRatio !== null ? `, hit ratio ${formatPercent(m.hitRatio)}` : ''}`).join('; ');
  return (
    <figure className="chart-card" aria-labelledby={titleId}>
      <div className="chart-head">
        <figcaption id={titleId} className="chart-title">Miss-ratio curve (hit ratio against maxmemory)</figcaption>
        <span className="chart-legend">
          <span><span className="mrc-key" style={{ borderTopStyle: 'solid', borderTopColor: 'var(--chart-1)' }} /> {policy} (the design)</span>
          <span><span className="mrc-key" style={{ borderTopStyle: 'dashed', borderTopColor: REFERENCE_COLOR }} /> exact LRU (reference)</span>
        </span>
        {zoom.domain ? <button type="button" className="chart-reset" onClick={() => zoom.setDomain(null)}>Reset zoom</button> : null}
      </div>
      <div ref={wrap} className="chart-body" style={{ height }} role="group" aria-label="Miss-ratio curve: read-out at the pointer (arrow keys move it)"
        {...pointerProps(pointer, () => (view.current ? plot : null), () => ({ x: (plot.right - plot.left) / 50, y: 0 }))}>
        <svg ref={svgRef} className="chart-axes" width={width} height={height} role="img" aria-label={`Miss-ratio curve of ${policy}, exact LRU dashed: ${summary || 'no runs marked'}`} data-testid="chart-plot">
          <g ref={drawing} />
          <ReadoutGuides pointer={pointer} read={read} />
          <g ref={brush} className="chart-brush" />
        </svg>
        <ReadoutTooltip pointer={pointer} read={read} width={width} />
        {points.length === 0 ? <ChartEmpty text="No miss-ratio curve: the design has no reads to measure" /> : null}
      </div>
    </figure>
  );
}
