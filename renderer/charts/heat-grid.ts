/**
 * A heat map's cells: rows × time columns folded into at most one bucket per pixel column (each
 * bucket the mean of its columns' finite values), and which cell lies under a point. Pure.
 */

export interface HeatLayout {
  rows: number;
  columns: number;
  /** Buckets drawn across; each covers `columns / buckets` columns. */
  buckets: number;
  left: number;
  top: number;
  cellWidth: number;
  cellHeight: number;
}

/** Where the cells go in a chart `width` × `height` with row labels in the first `left` px. */
export function heatLayout(rows: number, columns: number, width: number, height: number, left = 64, top = 4): HeatLayout {
  const buckets = Math.max(1, Math.min(columns, Math.floor(width - left)));
  return { rows, columns, buckets, left, top, cellWidth: (width - left) / buckets, cellHeight: Math.max(4, (height - 2 * top) / Math.max(1, rows)) };
}

/** The columns bucket `b` covers: [from, to). */
export function bucketColumns(layout: HeatLayout, b: number): [number, number] {
  const per = layout.columns / layout.buckets;
  const from = Math.floor(b * per);
  return [from, Math.min(layout.columns, Math.max(from + 1, Math.floor((b + 1) * per)))];
}

/** Each bucket's mean per row (bucket b, row r at b × rows + r; 0 where no value is finite). */
export function heatGrid(layout: HeatLayout, value: (column: number, row: number) => number): Float64Array {
  const grid = new Float64Array(layout.buckets * layout.rows);
  for (let b = 0; b < layout.buckets; b++) {
    const [from, to] = bucketColumns(layout, b);
    for (let r = 0; r < layout.rows; r++) {
      let sum = 0;
      let n = 0;
      for (let c = from; c < to; c++) {
        const v = value(c, r);
        if (Number.isFinite(v)) { sum += v; n++; }
      }
      grid[b * layout.rows + r] = n > 0 ? sum / n : 0;
    }
  }
  return grid;
}

/** The cell under (x, y), or null outside the cells. */
export function cellAt(layout: HeatLayout, x: number, y: number): { bucket: number; row: number } | null {
  const bucket = Math.floor((x - layout.left) / layout.cellWidth);
  const row = Math.floor((y - layout.top) / layout.cellHeight);
  if (layout.columns === 0 || bucket < 0 || bucket >= layout.buckets || row < 0 || row >= layout.rows) return null;
  return { bucket, row };
}
