/**
 * Latency distribution as a CDF on a log time axis (SVG; a histogram has at most a few hundred
 * buckets), with p50/p95/p99 marked: a line at each, its label (with the value) in a row above
 * the plot, moved apart where the marks are close. Hovering (or the arrow keys) reads the latency
 * of every curve at the pointer's percentile.
 */
import { axisBottom, axisLeft, line, scaleLog, scaleLinear, select } from 'd3';
import type { ScaleLinear, ScaleLogarithmic } from 'd3';
import { useEffect, useId, useMemo, useRef } from 'react';
import { formatMs, formatPercent } from '../format';
import { ChartEmpty } from './ChartEmpty';
import { cdfPoints, latencyAtShare } from './curve-read';
import type { CdfPoint } from './curve-read';
import { keepTextInside, spreadLabels } from './labels';
import { pointerProps, pointerStore, ReadoutGuides, ReadoutTooltip } from './Readout';
import type { ReadAt } from './Readout';
import { logTicks } from './ticks';
import { useStore } from '../store';
import { selectEffectiveTheme } from '../store/ui/selectors';
import { useElementWidth } from './chart-frame';
import type { PlotArea } from './zoom';

export interface CdfCurve {
  label: string;
  histogram: ReadonlyArray<{ upToMs: number; count: number }>;
}

interface LatencyCdfProps {
  title: string;
  curves: ReadonlyArray<CdfCurve>;
  marks: ReadonlyArray<{ label: string; ms: number }>;
  height?: number;
  /** Shown instead of empty axes while there is no histogram. */
  emptyText?: string;
  /** True while the histogram is on its way (a spinner beside emptyText). */
  loading?: boolean;
}

interface CdfView {
  x: ScaleLogarithmic<number, number>;
  y: ScaleLinear<number, number>;
  plot: PlotArea;
}

const MARGIN = { top: 24, right: 14, bottom: 24, left: 48 };
const colorOf = (i: number) => `var(--chart-${(i % 6) + 1})`;

export function LatencyCdf({ title, curves, marks, height = 200, emptyText = 'No latency histogram in this result.', loading = false }: LatencyCdfProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const drawing = useRef<SVGGElement>(null);
  const width = useElementWidth(wrap);
  const theme = useStore(selectEffectiveTheme);
  const titleId = useId();
  const pointer = useMemo(pointerStore, []);
  const view = useRef<CdfView | null>(null);
  const points = useMemo(() => curves.map((curve) => cdfPoints(curve.histogram)), [curves]);
  const hasData = points.some((p) => p.length > 0);
  useEffect(() => {
    const svg = select(drawing.current);
    svg.selectAll('*').remove();
    view.current = null;
    const all = points.flat();
    if (all.length === 0) return;
    const lo = Math.max(0.001, Math.min(...all.map((p) => p.ms)));
    const hi = Math.max(lo * 10, ...all.map((p) => p.ms));
    const plot = { left: MARGIN.left, right: width - MARGIN.right, top: MARGIN.top, bottom: height - MARGIN.bottom };
    const x = scaleLog().domain([lo, hi]).range([plot.left, plot.right]).clamp(true);
    const y = scaleLinear().domain([0, 1]).range([plot.bottom, plot.top]);
    svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${plot.bottom})`).call(axisBottom(x).tickValues(logTicks(lo, hi)).tickFormat((v) => formatMs(Number(v))));
    svg.append('g').attr('class', 'axis').attr('transform', `translate(${plot.left},0)`).call(axisLeft(y).ticks(4).tickFormat((v) => formatPercent(Number(v), 0)).tickSize(-(plot.right - plot.left)));
    const path = line<CdfPoint>().x((p) => x(p.ms)).y((p) => y(p.share));
    points.forEach((curve, i) => {
      svg.append('path').attr('d', path(curve) ?? '').attr('fill', 'none').attr('stroke', colorOf(i)).attr('stroke-width', 1.8);
    });
    const shown = marks.filter((mark) => mark.ms > 0);
    const texts = shown.map((mark) => `${mark.label} ${formatMs(mark.ms)}`);
    const at = spreadLabels(shown.map((mark) => x(mark.ms)), texts.map((text) => text.length * 6.6), plot.left, plot.right, 10);
    shown.forEach((mark, i) => {
      const g = svg.append('g').attr('class', 'reference');
      g.append('line').attr('x1', x(mark.ms)).attr('x2', x(mark.ms)).attr('y1', plot.top - 6).attr('y2', plot.bottom);
      if (Math.abs(at[i] - x(mark.ms)) > 1) g.append('line').attr('class', 'leader').attr('x1', x(mark.ms)).attr('x2', at[i]).attr('y1', plot.top - 6).attr('y2', plot.top - 10);
      g.append('text').attr('x', at[i]).attr('text-anchor', 'middle').attr('y', plot.top - 12).text(texts[i]);
    });
    if (drawing.current) keepTextInside(drawing.current, 0, width);
    view.current = { x, y, plot };
    pointer.refresh();
  }, [points, marks, width, height, theme, pointer]);

  // The pointer's height is a share of requests; each curve's latency there.
  const read: ReadAt = ({ x: px, y: py }) => {
    const v = view.current;
    if (!v || py === null || px < v.plot.left || px > v.plot.right || py < v.plot.top || py > v.plot.bottom) return null;
    const share = v.y.invert(py);
    const values = curves.map((curve, i) => ({ key: `${i}:${curve.label}`, label: curve.label, color: colorOf(i), ms: latencyAtShare(points[i], share) }));
    return {
      heading: `${formatPercent(share, 1)} of requests within`,
      rows: values.map((c) => ({ key: c.key, label: c.label, color: c.color, value: c.ms === null ? 'no value' : formatMs(c.ms) })),
      anchorX: px,
      horizontal: { y: py, left: v.plot.left, right: v.plot.right },
      dots: values.flatMap((c) => (c.ms === null ? [] : [{ key: c.key, color: c.color, x: v.x(c.ms), y: py }])),
    };
  };
  const summary = marks.map((m) => `${m.label} ${formatMs(m.ms)}`).join(', ');
  return (
    <figure className="chart-card" aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart-title">{title}</figcaption>
      {curves.length > 1 ? (
        <div className="chart-legend" aria-hidden="true">
          {curves.map((c, i) => <span key={c.label} className="legend-item"><span className="swatch" style={{ background: colorOf(i) }} />{c.label}</span>)}
        </div>
      ) : null}
      <div ref={wrap} className="chart-body" style={{ height }} role="group" aria-label={`${title}: read-out at the pointer (arrow keys move it)`}
        {...pointerProps(pointer, () => view.current?.plot ?? null, () => ({ x: (width - MARGIN.left - MARGIN.right) / 20, y: (height - MARGIN.top - MARGIN.bottom) / 20 }))}>
        <svg width={width} height={height} role="img" aria-label={`${title}: ${summary || 'no data'}`} data-testid="chart-plot">
          <g ref={drawing} />
          <ReadoutGuides pointer={pointer} read={read} />
        </svg>
        <ReadoutTooltip pointer={pointer} read={read} width={width} />
        {!hasData ? <ChartEmpty text={emptyText} loading={loading} /> : null}
      </div>
    </figure>
  );
}
