import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../electron/common';
import { defaultReportRuns, reportableRuns } from './report-runs';

const run = (runId: string, status: RunSummary['status'], hitRatio: number | null): RunSummary => ({
  runId, label: runId, designName: 'd', environment: 'prod', engine: 'sim', status, startedAt: '2026-01-01T00:00:00Z', hitRatio, p95Ms: null, error: null,
});
const history = { status: 'ready' as const, value: [run('going', 'running', null), run('failed', 'failed', null), run('a', 'done', 0.9), run('b', 'cancelled', 0.5)] };

describe('runs in the report', () => {
  it('offers only finished runs that have a result', () => {
    expect(reportableRuns(history).map((r) => r.runId)).toEqual(['a', 'b']);
    expect(reportableRuns({ status: 'loading' })).toEqual([]);
  });

  it('starts with the compared runs that have a result, in their order; else the run shown; else none', () => {
    expect(defaultReportRuns({ history, selected: ['b', 'going', 'a'], activeRunId: 'a' })).toEqual(['b', 'a']);
    expect(defaultReportRuns({ history, selected: [], activeRunId: 'b' })).toEqual(['b']);
    expect(defaultReportRuns({ history, selected: [], activeRunId: 'going' })).toEqual([]);
  });
});
