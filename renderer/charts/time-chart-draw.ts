/**
 * Draws a time chart from its series' points: the lines on a canvas (decimated per pixel column,
 * only the points inside the shown time span), the axes and reference lines in SVG with d3.
 * Returns the scales it used, for the hover read-out and the zoom.
 */
import { axisBottom, axisLeft, scaleLinear, select } from 'd3';
import { drawDecimated, linearOf } from './decimate';
import type { Linear } from './decimate';
import type { SeriesPoints } from './series-data';
import { visibleRange, yExtent } from './series-data';
import { timeAxis, valueAxis } from './ticks';
import type { ValueUnit } from './ticks';
import type { PlotArea, TimeDomain } from './zoom';

export interface DrawnLine {
  points: SeriesPoints;
  color: string;
  dashed: boolean;
}

export interface ReferenceLine {
  value: number;
  label: string;
}

export interface TimeChartView {
  /** The whole run's time span and the span shown. */
  full: TimeDomain;
  shown: TimeDomain;
  x: Linear;
  y: Linear;
  plot: PlotArea;
}

export const MARGIN = { top: 10, right: 14, bottom: 24, left: 58 };
/** A lone point's dot, in CSS pixels. */
const DOT_RADIUS = 2.5;
/** Average width of a tick label's character at 11 px. */
const CHAR_PX = 6.3;

/** The time span of all lines, from 0 (the run's start); null when no line has a point. */
export function fullDomain(lines: ReadonlyArray<{ points: SeriesPoints }>): TimeDomain | null {
  let end = Number.NEGATIVE_INFINITY;
  for (const { points } of lines) if (points.count > 0) end = Math.max(end, points.xs[points.count - 1]);
  return Number.isFinite(end) ? [0, Math.max(end, 1)] : null;
}

export function plotArea(width: number, height: number): PlotArea {
  return { left: MARGIN.left, right: Math.max(MARGIN.left + 1, width - MARGIN.right), top: MARGIN.top, bottom: height - MARGIN.bottom };
}

interface DrawOptions {
  context: CanvasRenderingContext2D;
  axes: SVGGElement;
  width: number;
  height: number;
  lines: ReadonlyArray<DrawnLine>;
  full: TimeDomain;
  zoom: TimeDomain | null;
  unit: ValueUnit;
  yDomain?: readonly [number, number];
  references: ReadonlyArray<ReferenceLine>;
}

export function drawTimeChart({ context, axes, width, height, lines, full, zoom, unit, yDomain, references }: DrawOptions): TimeChartView {
  const plot = plotArea(width, height);
  const shown: TimeDomain = zoom ? [Math.max(full[0], zoom[0]), Math.min(full[1], zoom[1])] : full;
  const ranges = lines.map(({ points }) => visibleRange(points.xs, points.count, shown[0], shown[1]));
  let lo = 0;
  let hi = Number.NEGATIVE_INFINITY;
  lines.forEach(({ points }, i) => {
    const [a, b] = yExtent(points.ys, ranges[i][0], ranges[i][1]);
    lo = Math.min(lo, a);
    hi = Math.max(hi, b);
  });
  for (const r of references) hi = Math.max(hi, r.value);
  const yAxis = yDomain ? { ...valueAxis(unit, yDomain[0], yDomain[1], 5), domain: [yDomain[0], yDomain[1]] as [number, number] } : valueAxis(unit, lo, Number.isFinite(hi) ? hi : 0, 4);
  const xAxis = timeAxis(shown[0], shown[1], Math.max(2, Math.floor(width / 90)));
  const xScale = scaleLinear().domain(shown).range([plot.left, plot.right]);
  const yScale = scaleLinear().domain(yAxis.domain).range([plot.bottom, plot.top]);

  // The groups persist between draws and d3's axes update their ticks in place: a zoom step
  // changes a few elements, not the whole SVG.
  const svg = select(axes);
  const group = (name: string) => svg.selectAll<SVGGElement, string>(`g.${name}`).data([name]).join('g').attr('class', `axis ${name}`);
  group('x-axis').attr('transform', `translate(0,${plot.bottom})`)
    .call(axisBottom(xScale).tickValues(xAxis.ticks).tickFormat((v) => xAxis.format(Number(v))));
  group('y-axis').attr('transform', `translate(${plot.left},0)`)
    .call(axisLeft(yScale).tickValues(yAxis.ticks).tickFormat((v) => yAxis.format(Number(v))).tickSize(-(plot.right - plot.left)));
  const refs = svg.selectAll<SVGGElement, ReferenceLine>('g.reference').data(references).join((enter) => {
    const g = enter.append('g').attr('class', 'reference');
    g.append('line');
    g.append('text').attr('text-anchor', 'end');
    return g;
  });
  refs.select('line').attr('x1', plot.left).attr('x2', plot.right).attr('y1', (r) => yScale(r.value)).attr('y2', (r) => yScale(r.value));
  refs.select('text').attr('x', plot.right - 4).attr('y', (r) => yScale(r.value) - 4).text((r) => r.label);
  // The end ticks' labels stay inside the chart (estimated widths: measuring would force a layout per draw).
  svg.selectAll<SVGTextElement, number>('.x-axis .tick text').each(function fit(value) {
    const half = ((this.textContent ?? '').length * CHAR_PX) / 2;
    const at = xScale(value);
    this.setAttribute('text-anchor', at + half > width ? 'end' : at - half < 0 ? 'start' : 'middle');
  });

  const x = linearOf(shown, [plot.left, plot.right]);
  const y = linearOf(yAxis.domain, [plot.bottom, plot.top]);
  context.save();
  context.beginPath();
  context.rect(plot.left, plot.top - 2, plot.right - plot.left, plot.bottom - plot.top + 4);
  context.clip();
  lines.forEach(({ points, color, dashed }, i) => {
    const dots: number[] = [];
    context.beginPath();
    context.lineWidth = 1.6;
    context.lineJoin = 'round';
    context.strokeStyle = color;
    context.setLineDash(dashed ? [5, 4] : []);
    const sink = { moveTo: (px: number, py: number) => context.moveTo(px, py), lineTo: (px: number, py: number) => context.lineTo(px, py), point: (px: number, py: number) => dots.push(px, py) };
    drawDecimated(points.xs, points.ys, ranges[i][0], ranges[i][1], x, y, sink);
    context.stroke();
    // A lone point (the run's first snapshot, a value between gaps) is a dot: a stroke shows nothing.
    if (dots.length === 0) return;
    context.beginPath();
    for (let d = 0; d < dots.length; d += 2) {
      context.moveTo(dots[d] + DOT_RADIUS, dots[d + 1]);
      context.arc(dots[d], dots[d + 1], DOT_RADIUS, 0, 2 * Math.PI);
    }
    context.fillStyle = color;
    context.fill();
  });
  context.restore();
  return { full, shown, x, y, plot };
}
