/**
 * The hover read-out of a time chart: a crosshair at the pointer's time, a dot on each shown
 * line, and a tooltip with the time and every line's value there (the nearest point of each).
 * The pointer lives in a small store the read-out subscribes to, so moving it re-renders the
 * read-out only, never the chart.
 */
import { useSyncExternalStore } from 'react';
import type { RefObject } from 'react';
import { formatBytes, formatCount, formatMs, formatPercent, formatRate } from '../format';
import type { SeriesPoints } from './series-data';
import { nearestIndex } from './series-data';
import { formatInstant } from './ticks';
import type { ValueUnit } from './ticks';
import type { TimeChartView } from './time-chart-draw';

export interface ReadoutLine {
  /** Unique within the chart. */
  key: string;
  label: string;
  color: string;
  points: SeriesPoints;
}

const FORMAT: Record<ValueUnit, (value: number) => string> = {
  percent: (v) => formatPercent(v, 1),
  rate: (v) => formatRate(v, false),
  ms: (v) => formatMs(v),
  bytes: (v) => formatBytes(v),
  count: (v) => formatCount(v),
};

/** The pointer's x over a chart (CSS px), or null; `refresh` re-renders the read-out after a redraw. */
export interface PointerStore {
  set(x: number | null): void;
  refresh(): void;
  subscribe(listener: () => void): () => void;
  read(): { x: number | null };
}

export function pointerStore(): PointerStore {
  let state: { x: number | null } = { x: null };
  const listeners = new Set<() => void>();
  const emit = (next: { x: number | null }) => {
    state = next;
    for (const listener of listeners) listener();
  };
  return {
    set: (x) => { if (x !== state.x) emit({ x }); },
    refresh: () => { if (state.x !== null) emit({ x: state.x }); },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    read: () => state,
  };
}

interface HoverProps {
  pointer: PointerStore;
  /** What the chart last drew. */
  view: RefObject<TimeChartView | null>;
  /** The shown lines, read when the pointer moves. */
  lines: () => ReadonlyArray<ReadoutLine>;
  unit: ValueUnit;
  width: number;
  /** 'crosshair' inside the chart's SVG, 'tooltip' beside it. */
  part: 'crosshair' | 'tooltip';
}

/** The read-out at the pointer: the crosshair or the tooltip, re-rendered as the pointer moves. */
export function HoverReadout({ pointer, view, lines, unit, width, part }: HoverProps) {
  const { x } = useSyncExternalStore(pointer.subscribe, pointer.read);
  const drawn = view.current;
  if (x === null || !drawn) return null;
  return part === 'crosshair'
    ? <Crosshair view={drawn} lines={lines()} pointerX={x} />
    : <Tooltip view={drawn} lines={lines()} unit={unit} pointerX={x} width={width} />;
}

interface Props {
  view: TimeChartView;
  lines: ReadonlyArray<ReadoutLine>;
  unit: ValueUnit;
  /** The pointer's x in the chart (CSS px). */
  pointerX: number;
  width: number;
}

/** The crosshair and dots, inside the chart's SVG. */
function Crosshair({ view, lines, pointerX }: Omit<Props, 'unit' | 'width'>) {
  const at = readAt(view, lines, pointerX);
  if (!at) return null;
  return (
    <g className="crosshair" aria-hidden="true">
      <line x1={at.px} x2={at.px} y1={view.plot.top} y2={view.plot.bottom} />
      {at.values.map((v) => (Number.isFinite(v.y) ? <circle key={v.key} cx={view.x.scale * v.x + view.x.offset} cy={view.y.scale * v.y + view.y.offset} r={3.5} fill={v.color} /> : null))}
    </g>
  );
}

/** The tooltip, beside the pointer and inside the chart. */
function Tooltip({ view, lines, unit, pointerX, width }: Props) {
  const at = readAt(view, lines, pointerX);
  if (!at) return null;
  const right = at.px > width / 2;
  return (
    <div className="chart-tooltip" role="tooltip" style={right ? { right: width - at.px + 10 } : { left: at.px + 10 }}>
      <div className="chart-tooltip-time">at {formatInstant(at.t)}</div>
      {at.values.map((v) => (
        <div key={v.key} className="chart-tooltip-row">
          <span className="swatch" style={{ background: v.color }} />
          <span className="chart-tooltip-label">{v.label}</span>
          <span className="chart-tooltip-value">{Number.isFinite(v.y) ? FORMAT[unit](v.y) : 'no value'}</span>
        </div>
      ))}
    </div>
  );
}

function readAt(view: TimeChartView, lines: ReadonlyArray<ReadoutLine>, pointerX: number) {
  if (pointerX < view.plot.left || pointerX > view.plot.right || lines.length === 0) return null;
  const t = (pointerX - view.x.offset) / view.x.scale;
  const values = lines.map(({ key, label, color, points }) => {
    const i = nearestIndex(points.xs, points.count, t);
    return { key, label, color, x: i >= 0 ? points.xs[i] : Number.NaN, y: i >= 0 ? points.ys[i] : Number.NaN };
  });
  // The crosshair sits on the nearest sample time of the first line that has one.
  const snap = values.find((v) => Number.isFinite(v.x))?.x ?? t;
  return { t: snap, px: view.x.scale * snap + view.x.offset, values };
}
