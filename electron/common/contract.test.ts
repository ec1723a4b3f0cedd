import { describe, expect, it } from 'vitest';
import { channelOf, EVENT_NAMES, METHOD_NAMES, WORKBENCH_METHODS } from './contract';
import { parseInput, toErrorEnvelope, WorkbenchError } from './envelope';

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
});
