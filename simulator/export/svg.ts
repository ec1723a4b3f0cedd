/**
 * Small inline-SVG charts for the report: a line chart (several series over one x axis) and a
 * horizontal bar chart. Pure string building, fixed palette, fixed decimals: same data, same bytes.
 */

export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563', '#ca8a04'];

export interface LineSeries {
  name: string;
  points: ReadonlyArray<readonly [number, number]>;
  /** Drawn dashed (a reference series). */
  dashed?: boolean;
}

export interface LineChartSpec {
  id: string;
  title: string;
  series: ReadonlyArray<LineSeries>;
  xFormat: (value: number) => string;
  yFormat: (value: number) => string;
  /** Fixed y range (e.g. 0–1 for ratios); otherwise 0 to the data's maximum. */
  yMax?: number;
  /** A horizontal reference line (a target, a limit). */
  reference?: { value: number; label: string };
  /** Labelled points drawn over the series (e.g. runs on a curve), in the series' palette after them. */
  markers?: ReadonlyArray<{ x: number; y: number; label: string }>;
}

export interface BarSpec {
  id: string;
  title: string;
  bars: ReadonlyArray<{ label: string; value: number; highlight?: boolean }>;
  format: (value: number) => string;
  max?: number;
}

const WIDTH = 640;
const HEIGHT = 240;
const MARGIN = { left: 64, right: 16, top: 28, bottom: 36 };

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function n(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1).replace(/\.0$/, '') : '0';
}

export function lineChart(spec: LineChartSpec): string {
  const all = [...spec.series.flatMap((s) => s.points), ...(spec.markers ?? []).map((m) => [m.x, m.y] as const)];
  const xMax = Math.max(1e-9, ...all.map(([x]) => x));
  const dataMax = Math.max(0, ...all.map(([, y]) => (Number.isFinite(y) ? y : 0)), spec.reference?.value ?? 0);
  const yMax = spec.yMax ?? (dataMax > 0 ? dataMax * 1.08 : 1);
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => MARGIN.left + (x / xMax) * plotW;
  const sy = (y: number) => MARGIN.top + plotH - (Math.min(Math.max(y, 0), yMax) / yMax) * plotH;
  const parts: string[] = [frame(spec.id, spec.title)];
  for (let i = 0; i <= 4; i++) {
    const y = (yMax * i) / 4;
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${n(sy(y))}" y2="${n(sy(y))}" stroke="#e5e7eb"/>`,
      `<text x="${MARGIN.left - 6}" y="${n(sy(y) + 4)}" text-anchor="end" font-size="11" fill="#4b5563">${escapeXml(spec.yFormat(y))}</text>`);
  }
  for (let i = 0; i <= 4; i++) {
    const x = (xMax * i) / 4;
    parts.push(`<text x="${n(sx(x))}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle" font-size="11" fill="#4b5563">${escapeXml(spec.xFormat(x))}</text>`);
  }
  if (spec.reference) {
    const y = n(sy(spec.reference.value));
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y}" y2="${y}" stroke="#111827" stroke-dasharray="4 3"/>`,
      `<text x="${WIDTH - MARGIN.right}" y="${n(sy(spec.reference.value) - 4)}" text-anchor="end" font-size="11" fill="#111827">${escapeXml(spec.reference.label)}</text>`);
  }
  spec.series.forEach((series, i) => {
    const color = PALETTE[i % PALETTE.length];
    const d = series.points.map(([x, y], j) => `${j === 0 ? 'M' : 'L'}${n(sx(x))},${n(sy(Number.isFinite(y) ? y : 0))}`).join('');
    const dash = series.dashed ? ' stroke-dasharray="5 3"' : '';
    if (d) parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="1.6"${dash} data-series="${escapeXml(series.name)}"/>`);
    if (series.points.length === 1) parts.push(`<circle cx="${n(sx(series.points[0][0]))}" cy="${n(sy(series.points[0][1]))}" r="3" fill="${color}"/>`);
  });
  (spec.markers ?? []).forEach((marker, i) => {
    const color = PALETTE[(spec.series.length + i) % PALETTE.length];
    const x = sx(marker.x);
    const y = sy(marker.y);
    parts.push(`<circle cx="${n(x)}" cy="${n(y)}" r="4" fill="${color}" stroke="#fff" data-marker="${escapeXml(marker.label)}"/>`,
      `<text x="${n(x + 6)}" y="${n(y - 6)}" font-size="11" fill="${color}">${escapeXml(truncate(marker.label, 28))}</text>`);
  });
  parts.push(legend(spec.series.map((s) => s.name)));
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#9ca3af"/>`, '</svg>');
  return parts.join('');
}

export function barChart(spec: BarSpec): string {
  const rowH = 22;
  const height = MARGIN.top + spec.bars.length * rowH + 12;
  const labelW = 170;
  const plotW = WIDTH - labelW - 90;
  const max = spec.max ?? Math.max(1e-9, ...spec.bars.map((b) => b.value));
  const parts: string[] = [frame(spec.id, spec.title, height)];
  spec.bars.forEach((bar, i) => {
    const y = MARGIN.top + i * rowH;
    const w = Math.max(1, (Math.max(0, bar.value) / max) * plotW);
    parts.push(
      `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end" font-size="12" fill="#111827">${escapeXml(truncate(bar.label, 26))}</text>`,
      `<rect x="${labelW}" y="${y + 3}" width="${n(w)}" height="${rowH - 6}" fill="${bar.highlight ? PALETTE[1] : PALETTE[0]}"/>`,
      `<text x="${n(labelW + w + 6)}" y="${y + 15}" font-size="12" fill="#111827">${escapeXml(spec.format(bar.value))}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

function frame(id: string, title: string, height = HEIGHT): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" data-chart="${escapeXml(id)}" role="img" aria-label="${escapeXml(title)}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" font-family="system-ui, sans-serif">`
    + `<title>${escapeXml(title)}</title><text x="${MARGIN.left}" y="18" font-size="13" font-weight="600" fill="#111827">${escapeXml(title)}</text>`;
}

function legend(names: ReadonlyArray<string>): string {
  let x = WIDTH - MARGIN.right;
  const items: string[] = [];
  for (let i = names.length - 1; i >= 0; i--) {
    const label = truncate(names[i], 24);
    x -= label.length * 6.5 + 22;
    items.push(`<rect x="${n(x)}" y="9" width="12" height="4" fill="${PALETTE[i % PALETTE.length]}"/><text x="${n(x + 16)}" y="15" font-size="11" fill="#374151">${escapeXml(label)}</text>`);
  }
  return names.length > 1 ? items.join('') : '';
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A one-line unicode sparkline for Markdown: ▁▂▃▄▅▆▇█ scaled to the data's range. */
export function sparkline(values: ReadonlyArray<number>, width = 48): string {
  if (values.length === 0) return '';
  const step = Math.max(1, values.length / width);
  const sampled: number[] = [];
  for (let i = 0; i < values.length && sampled.length < width; i += step) sampled.push(values[Math.floor(i)]);
  const min = Math.min(...sampled);
  const max = Math.max(...sampled);
  const bars = '▁▂▃▄▅▆▇█';
  return sampled.map((v) => bars[max > min ? Math.round(((v - min) / (max - min)) * 7) : 0]).join('');
}
