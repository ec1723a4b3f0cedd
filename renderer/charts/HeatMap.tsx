/**
 * A heat map on canvas: rows (shards) × time buckets, shaded by the caller's colour scale (with
 * its legend below); hovering a cell, or moving to it with the arrow keys, reads its row, its time
 * span and its value. Used for per-shard load over a run, on the absolute load scale.
 */
import { useEffect, useId, useMemo, useRef } from 'react';
import type { ReactNode } from 'react';
import { useStore } from '../store';
import { selectEffectiveTheme } from '../store/ui/selectors';
import { ChartEmpty } from './ChartEmpty';
import { readPalette } from './palette';
import { useElementWidth, prepareCanvas } from './chart-frame';
import { bucketColumns, cellAt, heatGrid, heatLayout } from './heat-grid';
import type { HeatLayout } from './heat-grid';
import { pointerProps, pointerStore, ReadoutGuides, ReadoutTooltip } from './Readout';
import type { ReadAt } from './Readout';

interface HeatMapProps {
  title: string;
  rows: number;
  /** Column c, row r → value; columns are time buckets. */
  columns: number;
  value: (column: number, row: number) => number;
  rowLabel: (row: number) => string;
  /** The time span of columns [from, to) in words ("from 1.00 s to 2.00 s"). */
  columnsLabel: (from: number, to: number) => string;
  summary: string;
  version: string;
  /** The colour of a value, and the scale's legend shown below. */
  color: (value: number) => string;
  legend: ReactNode;
  /** What a value is and how it reads (e.g. "load", a rate). */
  valueLabel: string;
  valueFormat: (value: number) => string;
  height?: number;
  /** Shown while there is no column. */
  emptyText?: string;
  loading?: boolean;
}

export function HeatMap({ title, rows, columns, value, rowLabel, columnsLabel, summary, version, color, legend, valueLabel, valueFormat, height = 28 + rows * 18, emptyText = 'No data yet', loading = false }: HeatMapProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useElementWidth(wrap);
  const theme = useStore(selectEffectiveTheme);
  const titleId = useId();
  const pointer = useMemo(pointerStore, []);
  // What the last draw showed, for the read-out.
  const drawn = useRef<{ layout: HeatLayout; grid: Float64Array } | null>(null);
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const context = canvas.current?.getContext('2d');
      if (!context || !canvas.current) return;
      const palette = readPalette(wrap.current);
      prepareCanvas(canvas.current, context, width, height);
      drawn.current = null;
      if (columns === 0) return;
      const layout = heatLayout(rows, columns, width, height);
      const grid = heatGrid(layout, value);
      for (let b = 0; b < layout.buckets; b++) {
        for (let r = 0; r < rows; r++) {
          context.fillStyle = color(grid[b * rows + r]);
          context.fillRect(layout.left + b * layout.cellWidth, layout.top + r * layout.cellHeight, Math.ceil(layout.cellWidth), Math.max(1, layout.cellHeight - 1));
        }
      }
      context.fillStyle = palette.muted;
      context.font = '11px system-ui, sans-serif';
      context.textBaseline = 'middle';
      for (let r = 0; r < rows; r++) context.fillText(rowLabel(r), 4, layout.top + r * layout.cellHeight + layout.cellHeight / 2);
      drawn.current = { layout, grid };
      pointer.refresh();
    });
    return () => cancelAnimationFrame(frame);
  }, [version, width, height, theme, rows, columns, value, rowLabel, color, pointer]);

  const read: ReadAt = ({ x, y }) => {
    const shown = drawn.current;
    const cell = shown && y !== null ? cellAt(shown.layout, x, y) : null;
    if (!shown || !cell) return null;
    const { layout, grid } = shown;
    const [from, to] = bucketColumns(layout, cell.bucket);
    return {
      heading: rowLabel(cell.row),
      rows: [
        { key: 'time', label: 'time', value: columnsLabel(from, to) },
        { key: 'value', label: valueLabel, value: valueFormat(grid[cell.bucket * layout.rows + cell.row]) },
      ],
      anchorX: x,
      box: { x: layout.left + cell.bucket * layout.cellWidth, y: layout.top + cell.row * layout.cellHeight, width: Math.max(2, layout.cellWidth), height: layout.cellHeight - 1 },
    };
  };
  const area = () => {
    const shown = drawn.current?.layout;
    return shown ? { left: shown.left, right: width - 1, top: shown.top, bottom: shown.top + shown.rows * shown.cellHeight - 1 } : null;
  };
  const step = () => ({ x: Math.max(1, drawn.current?.layout.cellWidth ?? 1), y: drawn.current?.layout.cellHeight ?? 18 });
  return (
    <figure className="chart-card" aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart-title">{title}</figcaption>
      <div ref={wrap} className="chart-body" style={{ height }} role="group" aria-label={`${title}: read-out at the pointer (arrow keys move it)`} {...pointerProps(pointer, area, step)}>
        <canvas ref={canvas} role="img" aria-label={`${title}: ${summary}`} style={{ width, height }} />
        <svg className="chart-axes" width={width} height={height} aria-hidden="true" data-testid="chart-plot">
          <ReadoutGuides pointer={pointer} read={read} />
        </svg>
        <ReadoutTooltip pointer={pointer} read={read} width={width} />
        {columns === 0 ? <ChartEmpty text={emptyText} loading={loading} /> : null}
      </div>
      {columns > 0 ? legend : null}
    </figure>
  );
}
