/**
 * Reduces a series to at most ~4 points per pixel column (first, min, max, last), so a 100 000
 * point line draws in one pass without losing its peaks. Pure; the chart draws the result.
 */
export interface PointSink {
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
}

export function drawDecimated(count: number, xOf: (i: number) => number, yOf: (i: number) => number, sink: PointSink): number {
  let column = Number.NaN;
  let firstY = 0;
  let minY = 0;
  let maxY = 0;
  let lastY = 0;
  let drawing = false;
  let emitted = 0;
  const flush = () => {
    if (Number.isNaN(column)) return;
    if (!drawing) {
      sink.moveTo(column, firstY);
      drawing = true;
    } else sink.lineTo(column, firstY);
    if (minY !== firstY) sink.lineTo(column, minY);
    if (maxY !== minY) sink.lineTo(column, maxY);
    if (lastY !== maxY) sink.lineTo(column, lastY);
    emitted++;
  };
  for (let i = 0; i < count; i++) {
    const x = xOf(i);
    const y = yOf(i);
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      flush();
      column = Number.NaN;
      drawing = false;
      continue;
    }
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
  return emitted;
}
