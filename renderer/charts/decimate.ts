/**
 * Reduces a line to at most ~4 points per pixel column (first, min, max, last), so a 100 000
 * point series draws in one pass without losing its peaks. Pure; the chart draws the result.
 */
export interface PointSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  /** A piece of line that is one point (a first snapshot, or a value between two gaps): a stroke would show nothing. */
  point?(x: number, y: number): void;
}

/** A linear map from data to pixels: px = scale · value + offset. */
export interface Linear {
  scale: number;
  offset: number;
}

/** The map a d3-style linear scale applies between its domain and range. */
export function linearOf(domain: readonly [number, number], range: readonly [number, number]): Linear {
  const span = domain[1] - domain[0];
  const scale = span !== 0 ? (range[1] - range[0]) / span : 0;
  return { scale, offset: range[0] - scale * domain[0] };
}

/**
 * Draws points [from, to) of (xs, ys) through the maps; a non-finite y breaks the line, and a piece
 * of one point goes to `sink.point`. Returns the number of pixel columns drawn.
 */
export function drawDecimated(xs: ArrayLike<number>, ys: ArrayLike<number>, from: number, to: number, mx: Linear, my: Linear, sink: PointSink): number {
  let column = Number.NaN;
  let firstY = 0;
  let minY = 0;
  let maxY = 0;
  let lastY = 0;
  let drawing = false;
  let emitted = 0;
  // The current piece of line (from its moveTo): a lone flat column is a point, not a line.
  let pieceColumns = 0;
  let pieceFlat = true;
  const flush = () => {
    if (Number.isNaN(column)) return;
    if (!drawing) {
      sink.moveTo(column, firstY);
      drawing = true;
    } else sink.lineTo(column, firstY);
    if (minY !== firstY) sink.lineTo(column, minY);
    if (maxY !== minY) sink.lineTo(column, maxY);
    if (lastY !== maxY) sink.lineTo(column, lastY);
    if (pieceColumns++ === 0) pieceFlat = minY === firstY && maxY === minY && lastY === maxY;
    emitted++;
  };
  const endPiece = () => {
    if (pieceColumns === 1 && pieceFlat) sink.point?.(column, firstY);
    pieceColumns = 0;
  };
  for (let i = from; i < to; i++) {
    const value = ys[i];
    const x = mx.scale * xs[i] + mx.offset;
    if (!Number.isFinite(x) || !Number.isFinite(value)) {
      flush();
      endPiece();
      column = Number.NaN;
      drawing = false;
      continue;
    }
    const y = my.scale * value + my.offset;
    const px = Math.round(x);
    if (px !== column) {
      flush();
      column = px;
      firstY = minY = maxY = lastY = y;
    } else {
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      lastY = y;
    }
  }
  flush();
  endPiece();
  return emitted;
}
