/**
 * The report's miss-ratio curve: the design's own policy curve with the exact-LRU reference dashed,
 * the runs of this design marked at their maxmemory and hit ratio, and the memory needed for each
 * target hit ratio. The curve is the app's (simulator/run/app-curve.ts, `appCurve`): the CLI and
 * the app compute it and hand it over in ReportInput.curve; this module only lays it out.
 */
import type { AppCurve } from '../run';
import type { Chart } from './report-charts';
import { mb, pct } from './report-model';
import { lineChart } from './svg';
import type { ExportFacts } from './facts';
import type { LabelledResult, ReportInput } from './types';

export interface CurveMarker { label: string; maxmemoryBytes: number; hitRatio: number }

export interface ReportCurve {
  curve: AppCurve;
  /** The report's runs of this design, where they sit against the curve. */
  markers: CurveMarker[];
  /** Target hit ratio → memory needed on the policy curve and on the LRU reference (text). */
  memoryFor: Array<[string, string, string]>;
  /** What the curve simulated, in a sentence. */
  note: string;
}

/**
 * A run is of this design when it recorded this design's hash, or (a CLI result, no hash
 * recorded) when its result names this design.
 */
function ofThisDesign(run: LabelledResult, designName: string, designHash: string): boolean {
  return run.designHash === undefined ? run.result.design.name === designName : run.designHash === designHash;
}

const memoryText = (bytes: number | null) => (bytes === null ? 'not reached with the whole working set' : mb(bytes));

/** The report's curve section, or null when the caller gave no curve. */
export function reportCurve(facts: ExportFacts, input: ReportInput): ReportCurve | null {
  const { curve } = input;
  if (!curve) return null;
  const markers = (input.results ?? []).filter((run) => ofThisDesign(run, facts.design.name, facts.stamp.hash))
    .map((run) => ({ label: run.label, maxmemoryBytes: run.result.cache.maxmemoryBytes, hitRatio: run.result.cache.hitRatio }));
  const memoryFor = curve.memoryFor.map((target, i): [string, string, string] => [
    pct(target.hitRatio).replace('.00', ''), memoryText(target.maxmemoryBytes), memoryText(curve.reference.memoryFor[i]?.maxmemoryBytes ?? null),
  ]);
  const sampled = curve.sampleRate < 1 ? `the requests of ${pct(curve.sampleRate)} of the keys (sampled)` : 'every key';
  const over = curve.cappedFrom === null ? `${curve.requests.toLocaleString('en-US')} requests`
    : `the first ${curve.requests.toLocaleString('en-US')} of its ${curve.cappedFrom.toLocaleString('en-US')} requests`;
  const note = `The curve simulates ${curve.policy} with the design's TTLs and invalidation on ${sampled} over ${over}; `
    + `working set ${mb(curve.workingSetBytes)}. The exact-LRU curve (stack distances) is blind to TTL expiry and invalidation: a reference only.`;
  return { curve, markers, memoryFor, note };
}

export function curveChart(report: ReportCurve): Chart {
  const { curve } = report;
  return {
    id: 'miss-ratio-curve',
    caption: `Hit ratio against maxmemory: ${curve.policy} (the design's policy, TTLs and invalidation); dashed: exact LRU reference; dots: this design's runs.`,
    svg: lineChart({
      id: 'miss-ratio-curve', title: 'Miss-ratio curve (hit ratio by maxmemory)',
      series: [
        { name: `${curve.policy} (curve)`, points: curve.points.map((p) => [p.maxmemoryBytes, p.hitRatio] as const) },
        { name: 'exact LRU (reference)', points: curve.reference.points.map((p) => [p.maxmemoryBytes, p.hitRatio] as const), dashed: true },
      ],
      markers: report.markers.map((m) => ({ x: m.maxmemoryBytes, y: m.hitRatio, label: m.label })),
      xFormat: mb, yFormat: (v) => pct(v).replace('.00', ''), yMax: 1,
    }),
  };
}
