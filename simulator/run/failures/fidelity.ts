/**
 * The failure timeline side by side: each event of the simulated run next to the same event of
 * the live run (matched in timeline order), from the RunResult `failures` sections both engines
 * fill. Targets (issue 19): the unavailable window within ±2 s (at Sentinel's settings) and the
 * depth of the hit-ratio dip (before − min) within ±2 percentage points; the rest is reported.
 */
import type { FailureMetrics } from '../../model';
import type { RunResult } from '../result';

type FailureEvent = FailureMetrics['events'][number];

export interface FailureFidelityRow {
  event: string;
  metric: string;
  sim: string;
  live: string;
  difference: string;
  target: string;
  /** undefined: reported without a target. */
  met?: boolean;
}

const UNAVAILABLE_TOLERANCE_MS = 2000;
const DIP_TOLERANCE = 0.02;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const pp = (ratio: number): string => `${(ratio * 100).toFixed(1)} pp`;
const signed = (text: string, delta: number): string => `${delta >= 0 ? '+' : '−'}${text}`;

function rowsOf(label: string, sim: FailureEvent, live: FailureEvent): FailureFidelityRow[] {
  const unavailable = live.unavailableMs - sim.unavailableMs;
  const simDip = sim.hitRatioBefore - sim.hitRatioMin;
  const liveDip = live.hitRatioBefore - live.hitRatioMin;
  const report = (metric: string, s: number | null, l: number | null, show: (v: number) => string): FailureFidelityRow => ({
    event: label, metric, sim: s === null ? '—' : show(s), live: l === null ? '—' : show(l),
    difference: s === null || l === null ? '' : signed(show(Math.abs(l - s)), l - s), target: 'report only',
  });
  const count = (v: number): string => Math.round(v).toLocaleString('en-US');
  return [
    { event: label, metric: 'unavailable', sim: seconds(sim.unavailableMs), live: seconds(live.unavailableMs), difference: signed(seconds(Math.abs(unavailable)), unavailable), target: '±2 s', met: Math.abs(unavailable) <= UNAVAILABLE_TOLERANCE_MS },
    { event: label, metric: 'hit-ratio dip', sim: pp(simDip), live: pp(liveDip), difference: signed(pp(Math.abs(liveDip - simDip)), liveDip - simDip), target: '±2 pp', met: Math.abs(liveDip - simDip) <= DIP_TOLERANCE + 1e-9 },
    report('errors', sim.errors, live.errors, count),
    report('keys lost', sim.keysLost, live.keysLost, count),
    report('stale reads', sim.staleReads, live.staleReads, count),
    report('recovery', sim.recoveryMs, live.recoveryMs, seconds),
    report('origin peak', sim.originPeakQps, live.originPeakQps, (v) => `${count(v)}/s`),
  ];
}

/** One row per compared metric of each event; an event only one engine has is a missed row. */
export function compareFailures(sim: RunResult, live: RunResult): FailureFidelityRow[] {
  const simEvents = sim.failures?.events ?? [];
  const liveEvents = live.failures?.events ?? [];
  const rows: FailureFidelityRow[] = [];
  for (let i = 0; i < Math.max(simEvents.length, liveEvents.length); i++) {
    const s = simEvents[i];
    const l = liveEvents[i];
    const label = `${(s ?? l).kind} at ${seconds((s ?? l).atMs)}`;
    if (!s || !l || s.kind !== l.kind) {
      rows.push({ event: label, metric: 'event', sim: s?.kind ?? '—', live: l?.kind ?? '—', difference: '', target: 'both engines', met: false });
      continue;
    }
    rows.push(...rowsOf(label, s, l));
  }
  return rows;
}

/** The rows as a text table under a heading (empty when neither run had a failure timeline). */
export function formatFailureFidelity(rows: readonly FailureFidelityRow[]): string {
  if (rows.length === 0) return '';
  const header = ['event', 'metric', 'simulator', 'redis', 'difference', 'target', ''];
  const cells = rows.map((r) => [r.event, r.metric, r.sim, r.live, r.difference, r.target, r.met === undefined ? '' : r.met ? 'met' : 'MISSED']);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]): string => c.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  return ['failure timeline', line(header), ...cells.map(line)].join('\n');
}
