/**
 * Formatters for what a person reads: every number carries its unit, rounded to what matters.
 * Pure functions (no DOM, no locale surprises: a fixed 'en-US' grouping).
 */

const grouping = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 0.8523 → "85.2 %"; null/NaN → "—". */
export function formatPercent(ratio: number | null | undefined, digits = 1): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${(ratio * 100).toFixed(digits)} %`;
}

/** 12345 → "12,345"; 1.5e6 with compact → "1.5 M". */
export function formatCount(value: number | null | undefined, compact = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (!compact || Math.abs(value) < 10_000) return grouping.format(value);
  for (const [unit, size] of [['G', 1e9], ['M', 1e6], ['k', 1e3]] as const) {
    if (Math.abs(value) >= size) return `${trim(value / size)} ${unit}`;
  }
  return grouping.format(value);
}

/** Latency in ms: 0.3 → "300 µs", 42.25 → "42.3 ms", 1500 → "1.50 s". */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  if (abs === 0) return '0 ms';
  if (abs < 1) return `${trim(ms * 1000)} µs`;
  if (abs < 1000) return `${trim(ms)} ms`;
  if (abs < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  return formatDuration(ms);
}

/** A span of time for people: 95_000 → "1 min 35 s", 3_600_000 → "1 h 0 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const totalSec = Math.max(0, Math.round(ms / 1000));
  if (totalSec < 60) return `${totalSec} s`;
  const min = Math.floor(totalSec / 60);
  if (min < 60) return `${min} min ${totalSec % 60} s`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}

/** Bytes in Redis's binary units: 268435456 → "256 MB", 1536 → "1.5 KB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  const abs = Math.abs(bytes);
  for (const [unit, size] of [['GB', 1024 ** 3], ['MB', 1024 ** 2], ['KB', 1024]] as const) {
    if (abs >= size) return `${trim(bytes / size)} ${unit}`;
  }
  return `${Math.round(bytes)} B`;
}

/** A rate per second: 1234.5 → "1,235/s", 0.5 → "0.5/s". */
export function formatRate(perSec: number | null | undefined, compact = true): string {
  if (perSec === null || perSec === undefined || !Number.isFinite(perSec)) return '—';
  if (Math.abs(perSec) < 10) return `${trim(perSec)}/s`;
  return `${formatCount(Math.round(perSec), compact)}/s`;
}

/** Bits per second: 12e6 → "12 Mbit/s". */
export function formatBits(bitsPerSec: number | null | undefined): string {
  if (bitsPerSec === null || bitsPerSec === undefined || !Number.isFinite(bitsPerSec)) return '—';
  for (const [unit, size] of [['Gbit/s', 1e9], ['Mbit/s', 1e6], ['kbit/s', 1e3]] as const) {
    if (Math.abs(bitsPerSec) >= size) return `${trim(bitsPerSec / size)} ${unit}`;
  }
  return `${Math.round(bitsPerSec)} bit/s`;
}

/** A signed difference for comparison tables: +3.2 pp, −12 ms, +4.0 %. */
export function formatDelta(delta: number, unit: 'pp' | 'ms' | 'count' | 'bytes' | 'percent', ppDigits = 1): string {
  if (!Number.isFinite(delta)) return '—';
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  const abs = Math.abs(delta);
  switch (unit) {
    case 'pp': return `${sign}${(abs * 100).toFixed(ppDigits)} pp`;
    case 'ms': return `${sign}${formatMs(abs)}`;
    case 'bytes': return `${sign}${formatBytes(abs)}`;
    case 'percent': return `${sign}${abs.toFixed(1)} %`;
    default: return `${sign}${formatCount(abs, true)}`;
  }
}

/** Three significant digits, no trailing zeros: 42.25 → "42.3", 1.5 → "1.5", 120 → "120". */
function trim(value: number): string {
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return String(Number(value.toFixed(digits)));
}
