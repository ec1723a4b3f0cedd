import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { channelOf, EVENT_NAMES, METHOD_NAMES, WORKBENCH_METHODS } from './contract';
import { parseEvent, parseInput, parseOutput, toErrorEnvelope, WorkbenchError } from './envelope';
import { loadDesign } from '../../simulator/model';
import { compilePlan, simulate } from '../../simulator/run';
import type { Snapshot } from '../../simulator/run';

describe('the WorkbenchApi contract', () => {
  it('gives every method and event its own channel, derived from its name', () => {
    const channels = [...METHOD_NAMES, ...EVENT_NAMES].map(channelOf);
    expect(new Set(channels).size).toBe(channels.length);
    expect(channelOf('startRun')).toBe('workbench:startRun');
    for (const name of EVENT_NAMES) expect(name).toMatch(/^onDid[A-Z]/);
  });

  it('validates inputs on the receiving side and names the bad field', () => {
    expect(parseInput('startRun', { text: 'version: 1' }).engine).toBe('sim');
    expect(() => parseInput('startRun', { text: 'x', engine: 'quantum' })).toThrow(/startRun: engine: /);
    expect(() => parseInput('openPreset', { id: 'a', extra: 1 })).toThrow(WorkbenchError);
    expect(() => parseInput('saveConnection', { id: 'c', name: 'dev', url: 'redis://x', passwordEnv: 'lower' })).toThrow(/passwordEnv/);
  });

  it('turns any failure into an envelope with a code and no stack', () => {
    expect(toErrorEnvelope(new WorkbenchError('not-found', 'no preset "x"'))).toEqual({ ok: false, error: { code: 'not-found', message: 'no preset "x"' } });
    expect(toErrorEnvelope(new Error('boom'))).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
    expect(Object.keys(WORKBENCH_METHODS).length).toBeGreaterThan(15);
  });

  it('checks a run record and a streamed snapshot field by field with the RunResult schema', () => {
    const loaded = loadDesign(readFileSync('presets/session-store.yaml', 'utf8'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const snapshots: Snapshot[] = [];
    const result = JSON.parse(JSON.stringify(simulate(compilePlan(loaded.design, { requests: 5_000 }), { snapshot: (x) => snapshots.push(x), progress: () => {} }))) as unknown;
    const summary = { runId: 'r1', label: 'a', designName: 'd', environment: 'prod', engine: 'sim', status: 'done', startedAt: '2026-01-01T00:00:00.000Z', hitRatio: 0.9, p95Ms: 1, error: null };
    expect(parseOutput('getRun', { summary, result, fidelity: null }).result).toEqual(result);
    const snapshot = JSON.parse(JSON.stringify(snapshots[0])) as Record<string, unknown>;
    expect(parseEvent('onDidRunSnapshot', { runId: 'r1', snapshot }).snapshot).toEqual(snapshot);
    delete snapshot.cumulativeHitRatio;
    expect(() => parseEvent('onDidRunSnapshot', { runId: 'r1', snapshot })).toThrow(/onDidRunSnapshot: snapshot\.cumulativeHitRatio/);
    expect(() => parseOutput('getRun', { summary, result: { ...(result as object), latency: {} }, fidelity: null })).toThrow(/getRun returned an unexpected payload: result\.latency\.p50Ms/);
  });
});

