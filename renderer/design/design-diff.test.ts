/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../electron/common';
import { presetText } from '../testing/presets';
import { setValue } from '../yaml/edit';
import { diffSourceOptions, diffTexts, groupChanges, runIdOf } from './design-diff';

const CATALOG = presetText('ecommerce-catalog');

function edited(text: string, path: Array<string | number>, value: unknown): string {
  const result = setValue(text, path, value);
  if (!result.ok) throw new Error(result.error);
  return result.text;
}

function run(runId: string, status: RunSummary['status']): RunSummary {
  return { runId, label: `label ${runId}`, designName: 'Catalogue', environment: 'prod', engine: 'sim', status, startedAt: '2026-01-01T00:00:00.000Z', hitRatio: null, p95Ms: null, error: null };
}

describe('design diff sources', () => {
  it('offers the saved file, else the shipped preset, and only runs that have a result', () => {
    const runs = [run('r1', 'done'), run('r2', 'running'), run('r3', 'queued'), run('r4', 'cancelled'), run('r5', 'failed')];
    const saved = diffSourceOptions({ path: '/w/catalog.yaml', presetId: null, name: 'Catalogue' }, runs);
    expect(saved.map((o) => o.id)).toEqual(['open', 'saved', 'file', 'run:r1', 'run:r4']);
    expect(saved[1].label).toBe('Its saved file (/w/catalog.yaml)');
    expect(diffSourceOptions({ path: null, presetId: 'ecommerce-catalog', name: 'Catalogue' }, [])[1].label).toBe('The preset as shipped (ecommerce-catalog)');
    expect(diffSourceOptions({ path: null, presetId: null, name: 'Draft' }, []).map((o) => o.id)).toEqual(['open', 'file']);
    expect(runIdOf('run:r4')).toBe('r4');
    expect(runIdOf('saved')).toBeNull();
  });
});

describe('diffTexts', () => {
  it('lists a maxmemory and a TTL change, grouped by section and data class, in the order they appear', () => {
    const after = edited(edited(CATALOG, ['server', 'maxmemory'], '2mb'), ['ttlMatrix', 'product', 'prod', 'ttl'], '30s');
    const result = diffTexts({ label: 'saved', text: CATALOG }, { label: 'open', text: after });
    if (!result.ok) throw new Error(result.error);
    expect(groupChanges(result.diff.changes).map((g) => [g.group, g.changes.map((c) => `${c.path}: ${c.before} → ${c.after}`)])).toEqual([
      ['data class product', ['ttlMatrix.product.prod.ttl: 5m → 30s']],
      ['server', ['server.maxmemory: 256mb → 2mb']],
    ]);
    expect(result.diff.metrics).toEqual([]);
  });

  it('names the side whose design does not load, with the field path', () => {
    const broken = edited(CATALOG, ['server', 'maxmemory'], 'lots');
    const result = diffTexts({ label: 'saved', text: CATALOG }, { label: 'run big', text: broken });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^run big.*server\.maxmemory/);
  });
});
