import { describe, expect, it } from 'vitest';
import type { RunSummary, TargetOutcomeJson } from '../../../electron/common';
import { provenanceText, speedText, targetDetail, targetVerdict } from './run-record';

const summary: RunSummary = {
  runId: 'run-1', label: 'r', designName: 'd', environment: 'prod', engine: 'sim', status: 'done',
  startedAt: '2026-01-01T00:00:00Z', hitRatio: 0.5, p95Ms: 2, error: null,
  provenance: { seed: 42, speed: null, designHash: '0175eb64e216a266', targets: [] },
};

describe('a run record as shown', () => {
  it('says how a run was made: seed, engine and its pace, design hash', () => {
    expect(provenanceText(summary)).toBe('seed 42 · Simulator, virtual time · design 0175eb64e216a266');
    expect(provenanceText(summary, '0175eb64e216a266')).toBe('seed 42 · Simulator, virtual time · design 0175eb64e216a266 (the open design)');
    expect(provenanceText(summary, 'ffffffffffffffff')).toBe('seed 42 · Simulator, virtual time · design 0175eb64e216a266 (not the open design as it is now)');
    const live = { ...summary, engine: 'managed' as const, provenance: { ...summary.provenance!, speed: 4.5 } };
    expect(speedText(live)).toBe('4.5× faster');
    expect(speedText({ ...live, provenance: { ...live.provenance, speed: 1 } })).toBe('as written (1×)');
    expect(speedText({ ...live, provenance: { ...live.provenance, speed: 'max' } })).toBe('max (unpaced)');
    expect(speedText({ ...live, status: 'running', provenance: { ...live.provenance, speed: null } })).toBe('speed known when the run ends');
  });

  it('says what an older record lacks instead of inventing it', () => {
    const { provenance: _, ...old } = summary;
    expect(provenanceText(old)).toBe('Simulator, virtual time · seed and design hash not recorded (an older run)');
  });

  it('shows a target by its verdict and the run value, without repeating the target', () => {
    const met: TargetOutcomeJson = { text: 'hitRatio>=0.7', passed: true, message: 'hitRatio>=0.7: 94.51% ok', actual: 0.9451, invalid: false };
    const failed: TargetOutcomeJson = { text: 'p95<=60ms', passed: false, message: 'p95<=60ms: 70.7ms FAILED', actual: 70.7, invalid: false };
    const invalid: TargetOutcomeJson = { text: 'hitRate>=1', passed: false, message: 'assertion "hitRate>=1": unknown metric "hitRate"', actual: null, invalid: true };
    expect([met, failed, invalid].map((t) => [targetVerdict(t), targetDetail(t)])).toEqual([
      ['✓ met', '94.51%'], ['✗ failed', '70.7ms'], ['✗ invalid', 'assertion "hitRate>=1": unknown metric "hitRate"'],
    ]);
  });
});
