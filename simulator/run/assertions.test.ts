import { describe, expect, it } from 'vitest';
import { fixtureDesign } from '../export/testing';
import { evaluateTargets } from './assertions';
import { simulate } from './engine';
import { compilePlan } from './plan';

const result = simulate(compilePlan(fixtureDesign(), { requests: 20_000 }));

describe('evaluateTargets', () => {
  it('given targets either side of the run, passes the met one and fails the missed one, with the actual value', () => {
    const hit = result.cache.hitRatio;
    const [met, missed] = evaluateTargets([`hitRatio>=${(hit - 0.01).toFixed(4)}`, `hitRatio>=${(hit + 0.01).toFixed(4)}`], result);
    expect(met).toMatchObject({ passed: true, invalid: false, actual: hit });
    expect(met.message).toMatch(/ok$/);
    expect(missed).toMatchObject({ passed: false, invalid: false, actual: hit });
    expect(missed.message).toMatch(/FAILED$/);
  });

  it('fails a target that does not parse, marking it invalid and naming what is valid', () => {
    const [outcome] = evaluateTargets(['hitRate>=0.5'], result);
    expect(outcome).toMatchObject({ text: 'hitRate>=0.5', passed: false, invalid: true, actual: null });
    expect(outcome.message).toContain('unknown metric "hitRate"');
  });

  it('fails a target on a metric the run lacks, saying so, without calling it invalid', () => {
    const [outcome] = evaluateTargets(['namespaces.nosuch.hitRatio>=0.5'], result);
    expect(outcome).toMatchObject({ passed: false, invalid: false, actual: null });
    expect(outcome.message).toContain('this run has no namespaces.nosuch.hitRatio');
  });

  it('keeps the order of the design and gives one outcome per target', () => {
    const targets = ['p95<=10s', 'requests>=1', 'lost==0'];
    expect(evaluateTargets(targets, result).map((o) => o.text)).toEqual(targets);
  });
});
