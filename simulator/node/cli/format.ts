/** Text output for the CLI: number formats with units, tables, and a progress bar for TTYs. */
import type { RunProgress, RunResult } from '../../run';

// C0 controls but tab and newline, DEL, C1 controls, and the bidi overrides that reorder text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text safe to print on a terminal: control characters (ESC of an escape sequence, a carriage
 * return that overwrites a line, a bell) are shown as \x1b-style escapes instead of acting. Every
 * line the CLI prints goes through it, since designs, traces and servers supply names.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function pct(value: number): string {
  return `${(value * 100).toFixed(2)}%`;
}

export function ms(value: number): string {
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
}

export function bytes(value: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = value;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function bits(value: number): string {
  if (value >= 1e9) return `${(value / 1e9).toFixed(2)} Gbps`;
  if (value >= 1e6) return `${(value / 1e6).toFixed(1)} Mbps`;
  return `${(value / 1e3).toFixed(1)} kbps`;
}

/** A plain text table: first column left-aligned, the rest right-aligned (or all left). */
export function table(rows: ReadonlyArray<ReadonlyArray<string>>, align: 'numbers' | 'left' = 'numbers'): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, cell.length); });
  const pad = (cell: string, i: number) => (i === 0 || align === 'left' ? cell.padEnd(widths[i]) : cell.padStart(widths[i]));
  return rows.map((row) => row.map(pad).join('  ').trimEnd()).join('\n');
}

/** The metrics shown for a run and in comparisons, in order: label and formatted value. */
export function summaryRows(result: RunResult): Array<[string, string]> {
  const c = result.cache;
  const rows: Array<[string, string]> = [
    ['requests', count(result.requests) + (result.partial ? ' (partial: stopped early)' : '')],
    ['hit ratio', pct(c.hitRatio)],
    ['hits / misses', `${count(c.hits)} / ${count(c.misses)}`],
    ['evicted keys', count(c.evictedKeys)],
    ['expired keys', `${count(c.expiredKeys)} (lazy ${count(c.expiredLazy)}, active ${count(c.expiredActive)})`],
    ['used memory', `${bytes(c.usedMemoryBytes)}${c.maxmemoryBytes > 0 ? ` of ${bytes(c.maxmemoryBytes)}` : ''} (peak ${bytes(c.peakMemoryBytes)})`],
    ...(c.nonKeyMemory ? [['memory besides keys', `${bytes(c.nonKeyMemory.bytes)} (${c.nonKeyMemory.source})`] as [string, string]] : []),
    ['keys', count(c.keys)],
    ['OOM rejections', count(c.oomRejections)],
    ['stale reads', count(c.staleReads)],
    ['latency p50/p95/p99', `${ms(result.latency.p50Ms)} / ${ms(result.latency.p95Ms)} / ${ms(result.latency.p99Ms)}`],
    ['origin queries', `${count(result.origin.queries)} (mean ${result.origin.queriesPerSecMean.toFixed(1)}/s, peak ${result.origin.queriesPerSecPeak.toFixed(0)}/s, peak concurrency ${result.origin.peakConcurrency})`],
    ['network', bits(result.network.bitsPerSec)],
  ];
  return rows;
}

/** Draws `[#####-----] 42% phase` on one line of a TTY (stderr), rewritten in place. */
export class ProgressBar {
  private lastDrawMs = 0;

  constructor(private readonly stream: NodeJS.WriteStream, private readonly clock: () => number) {}

  update(progress: RunProgress): void {
    const now = this.clock();
    if (now - this.lastDrawMs < 100 && progress.done < progress.total) return;
    this.lastDrawMs = now;
    const fraction = progress.total > 0 ? Math.min(1, progress.done / progress.total) : 0;
    const width = 30;
    const filled = Math.round(fraction * width);
    this.stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${printable(progress.phase).slice(0, 40).padEnd(40)}`);
  }

  clear(): void {
    this.stream.write(`\r${' '.repeat(80)}\r`);
  }
}
