/**
 * The hover read-out every chart shares: the pointer (mouse or arrow keys) in a small store the
 * read-out subscribes to, so moving it re-renders the read-out only, never the chart; guides in
 * the chart's SVG (a line across, dots, a box) and a tooltip beside the pointer. Each chart says
 * what is at the pointer (`read`); the time charts' reading (`timeReadout`) is here too.
 */
import { useSyncExternalStore } from 'react';
import type { KeyboardEvent, RefObject } from 'react';
import { formatBytes, formatCount, formatMs, formatPercent, formatRate } from '../format';
import type { SeriesPoints } from './series-data';
import { nearestIndex } from './series-data';
import { formatInstant } from './ticks';
import type { ValueUnit } from './ticks';
import type { TimeChartView } from './time-chart-draw';
import type { PlotArea } from './zoom';

/** How a value of each unit reads in a read-out. */
export const FORMAT: Record<ValueUnit, (value: number) => string> = {
  percent: (v) => formatPercent(v, 1),
  rate: (v) => formatRate(v, false),
  ms: (v) => formatMs(v),
  bytes: (v) => formatBytes(v),
  count: (v) => formatCount(v),
};

/** Where the pointer is over a chart (CSS px from its top left), x null when it is not. */
export interface Pointer {
  x: number | null;
  y: number | null;
  /** Moved with the arrow keys (its reading is then announced to screen readers). */
  byKeys: boolean;
}

/** The pointer of one chart; `refresh` re-renders the read-out after a redraw. */
export interface PointerStore {
  set(x: number | null, y?: number | null, byKeys?: boolean): void;
  refresh(): void;
  subscribe(listener: () => void): () => void;
  read(): Pointer;
}

export function pointerStore(): PointerStore {
  let state: Pointer = { x: null, y: null, byKeys: false };
  const listeners = new Set<() => void>();
  const emit = (next: Pointer) => {
    state = next;
    for (const listener of listeners) listener();
  };
  return {
    set: (x, y = null, byKeys = false) => {
      const next = x === null ? { x: null, y: null, byKeys: false } : { x, y, byKeys };
      if (next.x !== state.x || next.y !== state.y || next.byKeys !== state.byKeys) emit(next);
    },
    refresh: () => { if (state.x !== null) emit({ ...state }); },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    read: () => state,
  };
}

export interface ReadoutRow {
  key: string;
  label: string;
  value: string;
  color?: string;
}

/** What a chart shows at the pointer: its guides (SVG coordinates) and its tooltip. */
export interface ReadoutAt {
  heading: string;
  rows: ReadonlyArray<ReadoutRow>;
  /** The tooltip sits beside this x. */
  anchorX: number;
  vertical?: { x: number; top: number; bottom: number };
  horizontal?: { y: number; left: number; right: number };
  box?: { x: number; y: number; width: number; height: number };
  dots?: ReadonlyArray<{ key: string; x: number; y: number; color: string }>;
}

/** What is at a pointer that is over the chart (x not null), or null for nothing. */
export type ReadAt = (pointer: { x: number; y: number | null }) => ReadoutAt | null;

function useReadout(pointer: PointerStore, read: ReadAt): ReadoutAt | null {
  const state = useSyncExternalStore(pointer.subscribe, pointer.read);
  return state.x === null ? null : read({ x: state.x, y: state.y });
}

/** The guides at the pointer, inside the chart's SVG. */
export function ReadoutGuides({ pointer, read }: { pointer: PointerStore; read: ReadAt }) {
  const at = useReadout(pointer, read);
  if (!at) return null;
  const { vertical: v, horizontal: h, box } = at;
  return (
    <g className="crosshair" aria-hidden="true">
      {v ? <line x1={v.x} x2={v.x} y1={v.top} y2={v.bottom} /> : null}
      {h ? <line x1={h.left} x2={h.right} y1={h.y} y2={h.y} /> : null}
      {box ? <rect className="readout-box" x={box.x} y={box.y} width={box.width} height={box.height} /> : null}
      {at.dots?.map((d) => (Number.isFinite(d.x) && Number.isFinite(d.y) ? <circle key={d.key} cx={d.x} cy={d.y} r={3.5} fill={d.color} /> : null))}
    </g>
  );
}

/** A read-out as one sentence, for screen readers: "at 1.2 s: hit ratio 81.0 %, misses 120/s". */
export function readoutSentence(at: ReadoutAt): string {
  return `${at.heading}: ${at.rows.map((row) => `${row.label} ${row.value}`).join(', ')}`;
}

/**
 * The tooltip beside the pointer, inside the chart (`width` wide), and a polite live region that
 * announces the reading when the arrow keys moved the pointer (a tooltip that appears is not read).
 */
export function ReadoutTooltip({ pointer, read, width }: { pointer: PointerStore; read: ReadAt; width: number }) {
  const at = useReadout(pointer, read);
  const byKeys = useSyncExternalStore(pointer.subscribe, () => pointer.read().byKeys);
  return (
    <>
      {at ? <TooltipBox at={at} width={width} /> : null}
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="readout-announce">{at && byKeys ? readoutSentence(at) : ''}</div>
    </>
  );
}

function TooltipBox({ at, width }: { at: ReadoutAt; width: number }) {
  const right = at.anchorX > width / 2;
  return (
    <div className="chart-tooltip" role="tooltip" style={right ? { right: width - at.anchorX + 10 } : { left: at.anchorX + 10 }}>
      <div className="chart-tooltip-time">{at.heading}</div>
      {at.rows.map((row) => (
        <div key={row.key} className="chart-tooltip-row">
          {row.color ? <span className="swatch" style={{ background: row.color }} /> : null}
          <span className="chart-tooltip-label">{row.label}</span>
          <span className="chart-tooltip-value">{row.value}</span>
        </div>
      ))}
    </div>
  );
}

/**
 * Props for the element the pointer moves over: the mouse sets it, and with the keyboard focus
 * the arrow keys move it `step` px (Shift: 5×) from where it is (or the middle) within `area()`,
 * Home/End jump to the ends and Escape hides the read-out; `snap(x, from)` puts a key-moved
 * pointer on what it reads (a time chart's next sample).
 */
export function pointerProps(pointer: PointerStore, area: () => PlotArea | null, step: () => { x: number; y: number }, snap: (x: number, from: number | null) => number = (x) => x) {
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  return {
    tabIndex: 0,
    onPointerMove: (event: { clientX: number; clientY: number; currentTarget: Element }) => {
      const box = event.currentTarget.getBoundingClientRect();
      pointer.set(event.clientX - box.left, event.clientY - box.top);
    },
    onPointerLeave: () => pointer.set(null),
    onBlur: () => pointer.set(null),
    onKeyDown: (event: KeyboardEvent) => {
      const plot = area();
      if (!plot) return;
      const { x, y } = pointer.read();
      const at = { x: x ?? (plot.left + plot.right) / 2, y: y ?? (plot.top + plot.bottom) / 2 };
      const by = step();
      const k = event.shiftKey ? 5 : 1;
      const moves: Record<string, () => void> = {
        ArrowLeft: () => { at.x -= by.x * k; },
        ArrowRight: () => { at.x += by.x * k; },
        ArrowUp: () => { at.y -= by.y * k; },
        ArrowDown: () => { at.y += by.y * k; },
        Home: () => { at.x = plot.left; },
        End: () => { at.x = plot.right; },
      };
      if (event.key === 'Escape' && x !== null) {
        pointer.set(null);
        event.preventDefault();
        return;
      }
      const move = moves[event.key];
      if (!move) return;
      event.preventDefault();
      move();
      pointer.set(snap(clamp(at.x, plot.left, plot.right), x), clamp(at.y, plot.top, plot.bottom), true);
    },
  };
}

export interface ReadoutLine {
  /** Unique within the chart. */
  key: string;
  label: string;
  color: string;
  points: SeriesPoints;
}

/** A time chart at the pointer: the nearest sample of each shown line, the crosshair on the first line's. */
export function timeReadout(view: TimeChartView, lines: ReadonlyArray<ReadoutLine>, unit: ValueUnit, pointerX: number): ReadoutAt | null {
  if (pointerX < view.plot.left || pointerX > view.plot.right || lines.length === 0) return null;
  const t = (pointerX - view.x.offset) / view.x.scale;
  const values = lines.map(({ key, label, color, points }) => {
    const i = nearestIndex(points.xs, points.count, t);
    return { key, label, color, x: i >= 0 ? points.xs[i] : Number.NaN, y: i >= 0 ? points.ys[i] : Number.NaN };
  });
  const snap = values.find((v) => Number.isFinite(v.x))?.x ?? t;
  const px = view.x.scale * snap + view.x.offset;
  return {
    heading: `at ${formatInstant(snap)}`,
    rows: values.map((v) => ({ key: v.key, label: v.label, color: v.color, value: Number.isFinite(v.y) ? FORMAT[unit](v.y) : 'no value' })),
    anchorX: px,
    vertical: { x: px, top: view.plot.top, bottom: view.plot.bottom },
    dots: values.map((v) => ({ key: v.key, color: v.color, x: view.x.scale * v.x + view.x.offset, y: view.y.scale * v.y + view.y.offset })),
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

/** A time chart's read-out at the pointer: the crosshair or the tooltip. */
export function HoverReadout({ pointer, view, lines, unit, width, part }: HoverProps) {
  const read: ReadAt = ({ x }) => (view.current ? timeReadout(view.current, lines(), unit, x) : null);
  return part === 'crosshair' ? <ReadoutGuides pointer={pointer} read={read} /> : <ReadoutTooltip pointer={pointer} read={read} width={width} />;
}
