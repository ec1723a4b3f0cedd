/**
 * A time-series chart as an instrument: the lines on a canvas (read once into typed arrays and
 * decimated per pixel, so 100 000 points stay fast), the axes in SVG from d3 scales, a hover
 * read-out of every line, zoom and pan on the time axis (shared by a run's charts), and a legend
 * whose entries hide and show their line. Drawing goes through the page's frame queue.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useStore } from '../store';
import { selectEffectiveTheme } from '../store/ui/selectors';
import { prepareCanvas, useElementWidth } from './chart-frame';
import { schedule } from './frame-queue';
import { readPalette } from './palette';
import { ChartEmpty } from './ChartEmpty';
import { HoverReadout, pointerProps, pointerStore } from './Readout';
import type { ReadoutLine } from './Readout';
import { fillPoints, pointsFor, stepIndex } from './series-data';
import type { SeriesPoints, SeriesSource } from './series-data';
import { drawTimeChart, fullDomain, plotArea } from './time-chart-draw';
import type { ReferenceLine, TimeChartView } from './time-chart-draw';
import type { ValueUnit } from './ticks';
import { useTimeZoom, useZoomInteraction } from './zoom';
import type { TimeDomain } from './zoom';
import './charts.css';

export type { ReferenceLine };

/** One line: `count` points read by index (the creator closes over its data, which may grow in place). */
export interface ChartSeries extends SeriesSource {
  /** Index into the palette, or a CSS colour. */
  color?: number | string;
  dashed?: boolean;
}

interface TimeChartProps {
  title: string;
  series: ReadonlyArray<ChartSeries>;
  /** What the y axis measures: one unit per axis, and the read-out's format. */
  unit: ValueUnit;
  /** Fixed domain (hit ratio 0–1); otherwise from the shown data (and 0). */
  yDomain?: readonly [number, number];
  references?: ReadonlyArray<ReferenceLine>;
  height?: number;
  /** What the chart says in words, for screen readers (latest values). */
  summary: string;
  /** Shown instead of empty axes while no line has a point. */
  emptyText?: string;
  /** True while the data is on its way (a spinner beside emptyText). */
  loading?: boolean;
}

const STREAM_REDRAW_MS = 100;
const NO_REFERENCES: ReadonlyArray<ReferenceLine> = [];

/** A line's identity within its chart: its place and label (two compared runs may share a label). */
const keyOf = (s: ChartSeries, index: number) => `${index}:${s.label}`;

const cssColor = (color: number | string | undefined, index: number, palette: string[]) =>
  (typeof color === 'string' ? color : palette[(color ?? index) % palette.length]);

export function TimeChart({ title, series, unit, yDomain, references = NO_REFERENCES, height = 180, summary, emptyText = 'No data yet', loading = false }: TimeChartProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const axes = useRef<SVGGElement>(null);
  const brush = useRef<SVGGElement>(null);
  const owner = useRef({});
  const cache = useRef(new Map<string, SeriesPoints>());
  const width = useElementWidth(wrap);
  const theme = useStore(selectEffectiveTheme);
  const titleId = useId();
  const zoom = useTimeZoom();
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const pointer = useMemo(pointerStore, []);
  // What the last draw showed: read by the hover read-out and the zoom, never a reason to re-render.
  const view = useRef<TimeChartView | null>(null);
  const full = useRef<TimeDomain | null>(null);
  const hasData = series.some((s) => s.count > 0);
  const version = series.map((s) => s.count).join(',');
  const shownSeries = useMemo(() => series.map((s, index) => ({ s, key: keyOf(s, index), index })).filter(({ key }) => !hidden.has(key)), [series, hidden]);
  // The theme changes the CSS variables the palette is read from.
  const palette = useMemo(() => readPalette(wrap.current), [theme]);

  // Streaming data redraws a chart at most every STREAM_REDRAW_MS; anything else (zoom, size,
  // legend, theme) redraws at the next frame.
  const drawn = useRef({ key: '', atMs: 0 });
  const drawKey = `${width}x${height}:${zoom.domain?.join(',') ?? 'all'}:${[...hidden].join(',')}:${theme}`;
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context || !canvas.current || !axes.current) return;
    const target = { canvas: canvas.current, axes: axes.current, context };
    const sinceMs = performance.now() - drawn.current.atMs;
    const wait = drawn.current.key === drawKey && sinceMs < STREAM_REDRAW_MS ? STREAM_REDRAW_MS - sinceMs : 0;
    const job = (deadline: () => boolean) => {
      const lines = shownSeries.map(({ s, key, index }) => {
        const points = pointsFor(cache.current.get(key), s);
        cache.current.set(key, points);
        return { series: s, points, index };
      });
      for (const { series: s, points } of lines) if (!fillPoints(points, s, deadline)) return false;
      prepareCanvas(target.canvas, target.context, width, height);
      const whole = fullDomain(lines);
      full.current = whole;
      if (!whole) {
        target.axes.replaceChildren();
        view.current = null;
        return true;
      }
      const styled = lines.map(({ series: s, points, index }) => ({ points, color: cssColor(s.color, index, palette.series), dashed: !!s.dashed }));
      const next = drawTimeChart({ context: target.context, axes: target.axes, width, height, lines: styled, full: whole, zoom: zoom.domain, unit, yDomain, references });
      view.current = next;
      drawn.current = { key: drawKey, atMs: performance.now() };
      // A read-out on screen follows the new drawing.
      pointer.refresh();
      return true;
    };
    if (wait === 0) return schedule(owner.current, job);
    let cancel = () => {};
    const timer = window.setTimeout(() => { cancel = schedule(owner.current, job); }, wait);
    return () => {
      window.clearTimeout(timer);
      cancel();
    };
    // `version` stands for the data (arrays grow in place); the rest are inputs of the drawing.
  }, [version, width, height, palette, series, shownSeries, zoom.domain, unit, yDomain, references, drawKey, pointer]);

  const plot = useMemo(() => plotArea(width, height), [width, height]);
  useZoomInteraction(svg, brush, full, plot, zoom);

  const readoutLines = () => shownSeries
    .map(({ s, key, index }) => ({ key, label: s.label, color: cssColor(s.color, index, palette.series), points: cache.current.get(key) }))
    .filter((l): l is ReadoutLine => !!l.points);
  const readout = { pointer, view, lines: readoutLines, unit, width };
  // An arrow key moves the read-out to the next sample (1/400 of the plot at least, with dense lines).
  const keyStep = () => ({ x: (plot.right - plot.left) / 400, y: 0 });
  const keySnap = (x: number, from: number | null) => {
    const drawn = view.current;
    const points = readoutLines().find((l) => l.points.count > 0)?.points;
    if (!drawn || !points) return x;
    const t = (px: number) => (px - drawn.x.offset) / drawn.x.scale;
    const i = stepIndex(points.xs, points.count, from === null ? null : t(from), t(x));
    return drawn.x.scale * points.xs[i] + drawn.x.offset;
  };
  const toggle = (key: string) => setHidden((previous) => {
    const next = new Set(previous);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    return next;
  });

  return (
    <figure className="chart-card" aria-labelledby={titleId}>
      <div className="chart-head">
        <figcaption id={titleId} className="chart-title">{title}</figcaption>
        {zoom.domain ? <button type="button" className="chart-reset" onClick={() => zoom.setDomain(null)}>Reset zoom</button> : null}
      </div>
      <div className="chart-legend" role="group" aria-label={`${title}: lines`}>
        {series.map((s, index) => (
          <button key={keyOf(s, index)} type="button" className="legend-item" aria-pressed={!hidden.has(keyOf(s, index))} title={hidden.has(keyOf(s, index)) ? `Show ${s.label}` : `Hide ${s.label}`} onClick={() => toggle(keyOf(s, index))}>
            <span className={`swatch ${s.dashed ? 'dashed' : ''}`} style={{ background: cssColor(s.color, index, palette.series) }} />
            {s.label}
          </button>
        ))}
      </div>
      <div ref={wrap} className="chart-body" style={{ height }} role="group" aria-label={`${title}: read-out at the pointer (arrow keys move it)`}
        {...pointerProps(pointer, () => view.current?.plot ?? null, keyStep, keySnap)}>
        <canvas ref={canvas} role="img" aria-label={`${title}: ${summary}`} style={{ width, height }} />
        <svg ref={svg} className="chart-axes" width={width} height={height} aria-hidden="true" data-testid="chart-plot">
          <g ref={axes} />
          <HoverReadout {...readout} part="crosshair" />
          <g ref={brush} className="chart-brush" />
        </svg>
        <HoverReadout {...readout} part="tooltip" />
        {!hasData ? <ChartEmpty text={emptyText} loading={loading} /> : null}
      </div>
    </figure>
  );
}
