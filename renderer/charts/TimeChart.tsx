/**
 * A time-series chart: the lines on a canvas (decimated per pixel, so 100 000 points stay fast),
 * the axes in SVG from d3 scales. Redraws at most once per frame, when the data count, the size
 * or the theme changes. Each series carries its own data, so runs can be overlaid.
 */
import { axisBottom, axisLeft, scaleLinear, select } from 'd3';
import { useEffect, useId, useRef } from 'react';
import { drawDecimated } from './decimate';
import { readPalette } from './palette';
import { useStore } from '../store';
import { selectEffectiveTheme } from '../store/ui/selectors';
import { formatDuration } from '../format';
import { useElementWidth, prepareCanvas } from './chart-frame';

/** One line: `count` points read by index (the creator closes over its data, which may grow in place). */
export interface ChartSeries {
  label: string;
  count: number;
  x: (i: number) => number;
  y: (i: number) => number;
  /** Index into the palette, or a CSS colour. */
  color?: number | string;
  dashed?: boolean;
}

export interface ReferenceLine {
  value: number;
  label: string;
}

interface TimeChartProps {
  title: string;
  series: ReadonlyArray<ChartSeries>;
  yFormat: (value: number) => string;
  /** Fixed domain (hit ratio 0–1); otherwise 0 to the data's max. */
  yDomain?: [number, number];
  xFormat?: (value: number) => string;
  references?: ReadonlyArray<ReferenceLine>;
  height?: number;
  /** Tick values for the y axis given its maximum (round units, e.g. bytes); default: d3's. */
  yTicks?: (max: number) => number[];
  /** What the chart says in words, for screen readers (latest values). */
  summary: string;
  emptyText?: string;
}

const MARGIN = { top: 10, right: 14, bottom: 24, left: 58 };

export function TimeChart({ title, series, yFormat, yDomain, yTicks, xFormat = (ms) => formatDuration(ms), references = [], height = 180, summary, emptyText = 'Waiting for the first snapshot…' }: TimeChartProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const axes = useRef<SVGSVGElement>(null);
  const width = useElementWidth(wrap);
  const theme = useStore(selectEffectiveTheme);
  const titleId = useId();
  const all = series;
  const hasData = all.some((s) => s.count > 0);
  const version = all.map((s) => s.count).join(',');


  // A chart whose last draw was slow (huge series) waits a few draw-times before the next one, so
  // the page stays responsive while data streams in.
  const cost = useRef({ lastAtMs: 0, lastCostMs: 0 });

  useEffect(() => {
    let frame = 0;
    const wait = Math.max(0, cost.current.lastCostMs * 4 - (performance.now() - cost.current.lastAtMs));
    const draw = () => {
      const started = performance.now();
      const context = canvas.current?.getContext('2d');
      if (!context || !canvas.current) return;
      const palette = readPalette(wrap.current);
      prepareCanvas(canvas.current, context, width, height);
      let xMax = 0;
      let yMax = 0;
      for (const s of all) {
        for (let i = 0; i < s.count; i++) {
          const x = s.x(i);
          const y = s.y(i);
          if (Number.isFinite(x) && x > xMax) xMax = x;
          if (Number.isFinite(y) && y > yMax) yMax = y;
        }
      }
      for (const r of references) if (r.value > yMax) yMax = r.value;
      const x = scaleLinear().domain([0, xMax || 1]).range([MARGIN.left, width - MARGIN.right]);
      const ticks = yTicks ? yTicks((yMax || 1) * 1.05) : null;
      const top = ticks ? ticks[ticks.length - 1] : (yMax || 1) * 1.08;
      const y = scaleLinear().domain(yDomain ?? [0, top]).range([height - MARGIN.bottom, MARGIN.top]);
      if (!ticks && !yDomain) y.nice();
      const svg = select(axes.current);
      svg.selectAll('*').remove();
      svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${height - MARGIN.bottom})`)
        .call(axisBottom(x).ticks(Math.max(2, Math.floor(width / 110))).tickFormat((v) => xFormat(Number(v))));
      svg.append('g').attr('class', 'axis').attr('transform', `translate(${MARGIN.left},0)`)
        .call((ticks ? axisLeft(y).tickValues(ticks) : axisLeft(y).ticks(4)).tickFormat((v) => yFormat(Number(v))).tickSize(-(width - MARGIN.left - MARGIN.right)));
      for (const r of references) {
        const g = svg.append('g').attr('class', 'reference');
        g.append('line').attr('x1', MARGIN.left).attr('x2', width - MARGIN.right).attr('y1', y(r.value)).attr('y2', y(r.value));
        g.append('text').attr('x', width - MARGIN.right - 4).attr('y', y(r.value) - 4).attr('text-anchor', 'end').text(r.label);
      }
      context.save();
      context.beginPath();
      context.rect(MARGIN.left, MARGIN.top - 2, width - MARGIN.left - MARGIN.right, height - MARGIN.top - MARGIN.bottom + 4);
      context.clip();
      all.forEach((s, index) => {
        context.beginPath();
        context.lineWidth = 1.6;
        context.lineJoin = 'round';
        context.strokeStyle = typeof s.color === 'string' ? s.color : palette.series[(s.color ?? index) % palette.series.length];
        context.setLineDash(s.dashed ? [5, 4] : []);
        drawDecimated(s.count, (i) => x(s.x(i)), (i) => y(s.y(i)), context);
        context.stroke();
      });
      context.restore();
      cost.current = { lastAtMs: performance.now(), lastCostMs: performance.now() - started };
    };
    const timer = window.setTimeout(() => { frame = requestAnimationFrame(draw); }, wait > 8 ? wait : 0);
    return () => {
      window.clearTimeout(timer);
      cancelAnimationFrame(frame);
    };
    // `version` stands for the data (arrays grow in place); the rest are inputs of the drawing.
  }, [version, width, height, theme, all, references, yDomain, yFormat, yTicks, xFormat]);

  return (
    <figure className="chart-card" role="group" aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart-title">{title}</figcaption>
      <div className="chart-legend" aria-hidden="true">
        {all.map((s, index) => (
          <span key={s.label} className="legend-item">
            <span className={`swatch ${s.dashed ? 'dashed' : ''}`} style={{ background: typeof s.color === 'string' ? s.color : `var(--chart-${((s.color ?? index) % 6) + 1})` }} />
            {s.label}
          </span>
        ))}
      </div>
      <div ref={wrap} className="chart-body" style={{ height }}>
        <canvas ref={canvas} role="img" aria-label={`${title}: ${summary}`} style={{ width, height }} />
        <svg ref={axes} className="chart-axes" width={width} height={height} aria-hidden="true" />
        {!hasData ? <div className="chart-empty">{emptyText}</div> : null}
      </div>
    </figure>
  );
}
