import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDesign } from '../model';
import { compilePlan, simulate } from '../run';
import { exportFacts } from './facts';
import { reportModel, runRows } from './report-model';

describe('the report of a run with a failure timeline', () => {
  it('has a row per failure event and the fork headroom', () => {
    const loaded = loadDesign(readFileSync('presets/realtime-bus-failover.yaml', 'utf8'));
    if (!loaded.ok) throw new Error('the preset does not load');
    const result = simulate(compilePlan(loaded.design));
    const model = reportModel(exportFacts(loaded.design, { environment: 'prod' }), { results: [{ label: 'sim', result }] });
    const rows = runRows(model.runs);
    expect(rows.find(([name]) => name === 'failure 1: sentinel-failover at 40s')?.[1]).toMatch(/^unavailable 31\.00 s, [\d,]+ errors, \d+ keys lost, hit ratio [\d.]+% → [1-9][\d.]*%, back after [\d.]+ s$/);
    expect(rows.find(([name]) => name === 'fork copy-on-write headroom')?.[1]).toMatch(/^[\d.]+ MB$/);
  });
});
