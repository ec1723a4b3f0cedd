/**
 * A heat map on canvas: rows (shards) × time buckets, shaded by value, with its colour scale
 * (from 0 to the largest bucket) below; the hottest row is named in words for screen readers.
 * Used for per-shard load over a run.
 */
import { interpolateYlOrRd } from 'd3';
import { useEffect, useId, useRef, useState } from 'react';
import { useStore } from '../store';
import { selectEffectiveTheme } from '../store/ui/selectors';
import { readPalette } from './palette';
import { useElementWidth, prepareCanvas } from './chart-frame';

interface HeatMapProps {
  title: string;
  rows: number;
  /** Column c, row r → value; columns are time buckets. */
  columns: number;
  value: (column: number, row: number) => number;
  rowLabel: (row: number) => string;
  summary: string;
  version: string;
  /** How a value reads on the colour scale (e.g. a rate). */
  valueFormat: (value: number) => string;
  height?: number;
}

/** The colour of a value at `share` of the largest (never white, so a cell with load shows). */
const shade = (share: number) => interpolateYlOrRd(0.05 + 0.95 * share);
const SCALE_GRADIENT = `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map(shade).join(', ')})`;

export function HeatMap({ title, rows, columns, value, rowLabel, summary, version, valueFormat, height = 28 + rows * 18 }: HeatMapProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = useElementWidth(wrap);
  const theme = useStore(selectEffectiveTheme);
  const titleId = useId();
  const [largest, setLargest] = useState(0);
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const context = canvas.current?.getContext('2d');
      if (!context || !canvas.current) return;
      const palette = readPalette(wrap.current);
      prepareCanvas(canvas.current, context, width, height);
      if (columns === 0) return;
      const left = 64;
      const cellHeight = Math.max(4, (height - 8) / Math.max(1, rows));
      const buckets = Math.max(1, Math.min(columns, Math.floor(width - left)));
      const per = columns / buckets;
      let max = 0;
      const grid = new Float64Array(buckets * rows);
      for (let b = 0; b < buckets; b++) {
        const from = Math.floor(b * per);
        const to = Math.max(from + 1, Math.floor((b + 1) * per));
        for (let r = 0; r < rows; r++) {
          let sum = 0;
          let n = 0;
          for (let c = from; c < to && c < columns; c++) {
            const v = value(c, r);
            if (Number.isFinite(v)) { sum += v; n++; }
          }
          const mean = n > 0 ? sum / n : 0;
          grid[b * rows + r] = mean;
          if (mean > max) max = mean;
        }
      }
      const cellWidth = (width - left) / buckets;
      for (let b = 0; b < buckets; b++) {
        for (let r = 0; r < rows; r++) {
          context.fillStyle = max > 0 ? shade(grid[b * rows + r] / max) : interpolateYlOrRd(0);
          context.fillRect(left + b * cellWidth, 4 + r * cellHeight, Math.ceil(cellWidth), Math.max(1, cellHeight - 1));
        }
      }
      context.fillStyle = palette.muted;
      context.font = '11px system-ui, sans-serif';
      context.textBaseline = 'middle';
      for (let r = 0; r < rows; r++) context.fillText(rowLabel(r), 4, 4 + r * cellHeight + cellHeight / 2);
      setLargest(max);
    });
    return () => cancelAnimationFrame(frame);
  }, [version, width, height, theme, rows, columns, value, rowLabel]);
  return (
    <figure className="chart-card" aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart-title">{title}</figcaption>
      <div ref={wrap} className="chart-body" style={{ height }}>
        <canvas ref={canvas} role="img" aria-label={`${title}: ${summary}`} style={{ width, height }} />
        {columns === 0 ? <div className="chart-empty" role="status">Waiting for the first snapshot…</div> : null}
      </div>
      {columns > 0 ? (
        <div className="heat-legend" role="img" aria-label={`Colour scale: from ${valueFormat(0)} (light yellow) to ${valueFormat(largest)} (dark red)`}>
          <span>{valueFormat(0)}</span>
          <span className="heat-legend-bar" style={{ background: SCALE_GRADIENT }} />
          <span>{valueFormat(largest)}</span>
        </div>
      ) : null}
    </figure>
  );
}
