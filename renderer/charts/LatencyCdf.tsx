/**
 * Latency distribution as a CDF on a log time axis (SVG; a histogram has at most a few hundred
 * buckets), with p50/p95/p99 marked: a line at each, its label (with the value) in a row above
 * the plot, moved apart where the marks are close.
 */
import { axisBottom, axisLeft, line, scaleLog, scaleLinear, select } from 'd3';
import { useEffect, useId, useRef } from 'react';
import { formatMs, formatPercent } from '../format';
import { keepTextInside, spreadLabels } from './labels';
import { logTicks } from './ticks';
import { useStore } from '../store';
import { selectEffectiveTheme } from '../store/ui/selectors';
import { useElementWidth } from './chart-frame';

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
}

export function LatencyCdf({ title, curves, marks, height = 200, emptyText = 'No latency histogram in this result.' }: LatencyCdfProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const width = useElementWidth(wrap);
  const theme = useStore(selectEffectiveTheme);
  const titleId = useId();
  useEffect(() => {
    const svg = select(svgRef.current);
    svg.selectAll('*').remove();
    const margin = { top: 24, right: 14, bottom: 24, left: 48 };
    const points = curves.map((curve) => {
      const total = curve.histogram.reduce((sum, b) => sum + b.count, 0) || 1;
      let running = 0;
      return curve.histogram.filter((b) => b.upToMs > 0).map((b) => {
        running += b.count;
        return { ms: b.upToMs, share: running / total };
      });
    });
    const all = points.flat();
    if (all.length === 0) return;
    const lo = Math.max(0.001, Math.min(...all.map((p) => p.ms)));
    const hi = Math.max(lo * 10, ...all.map((p) => p.ms));
    const x = scaleLog().domain([lo, hi]).range([margin.left, width - margin.right]).clamp(true);
    const y = scaleLinear().domain([0, 1]).range([height - margin.bottom, margin.top]);
    svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${height - margin.bottom})`).call(axisBottom(x).tickValues(logTicks(lo, hi)).tickFormat((v) => formatMs(Number(v))));
    svg.append('g').attr('class', 'axis').attr('transform', `translate(${margin.left},0)`).call(axisLeft(y).ticks(4).tickFormat((v) => formatPercent(Number(v), 0)).tickSize(-(width - margin.left - margin.right)));
    const path = line<{ ms: number; share: number }>().x((p) => x(p.ms)).y((p) => y(p.share));
    points.forEach((curve, i) => {
      svg.append('path').attr('d', path(curve) ?? '').attr('fill', 'none').attr('stroke', `var(--chart-${(i % 6) + 1})`).attr('stroke-width', 1.8);
    });
    const shown = marks.filter((mark) => mark.ms > 0);
    const texts = shown.map((mark) => `${mark.label} ${formatMs(mark.ms)}`);
    const at = spreadLabels(shown.map((mark) => x(mark.ms)), texts.map((text) => text.length * 6.6), margin.left, width - margin.right, 10);
    shown.forEach((mark, i) => {
      const g = svg.append('g').attr('class', 'reference');
      g.append('line').attr('x1', x(mark.ms)).attr('x2', x(mark.ms)).attr('y1', margin.top - 6).attr('y2', height - margin.bottom);
      if (Math.abs(at[i] - x(mark.ms)) > 1) g.append('line').attr('class', 'leader').attr('x1', x(mark.ms)).attr('x2', at[i]).attr('y1', margin.top - 6).attr('y2', margin.top - 10);
      g.append('text').attr('x', at[i]).attr('text-anchor', 'middle').attr('y', margin.top - 12).text(texts[i]);
    });
    if (svgRef.current) keepTextInside(svgRef.current, 0, width);
  }, [curves, marks, width, height, theme]);
  const summary = marks.map((m) => `${m.label} ${formatMs(m.ms)}`).join(', ');
  return (
    <figure className="chart-card" aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart-title">{title}</figcaption>
      {curves.length > 1 ? (
        <div className="chart-legend" aria-hidden="true">
          {curves.map((c, i) => <span key={c.label} className="legend-item"><span className="swatch" style={{ background: `var(--chart-${(i % 6) + 1})` }} />{c.label}</span>)}
        </div>
      ) : null}
      <div ref={wrap} className="chart-body" style={{ height }}>
        <svg ref={svgRef} width={width} height={height} role="img" aria-label={`${title}: ${summary || 'no data'}`} />
        {curves.every((c) => c.histogram.length === 0) ? <div className="chart-empty" role="status">{emptyText}</div> : null}
      </div>
    </figure>
  );
}
