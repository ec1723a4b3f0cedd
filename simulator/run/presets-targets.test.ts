import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadDesign } from '../model';
import { evaluateTargets } from './assertions';
import { simulate } from './engine';
import { compilePlan } from './plan';

const presets = readdirSync('presets').filter((name) => name.endsWith('.yaml'));

describe('every preset tells the story it claims', () => {
  for (const name of presets) {
    const loaded = loadDesign(readFileSync(`presets/${name}`, 'utf8'));
    if (!loaded.ok || loaded.design.targets.length === 0) continue;
    const design = loaded.design;
    it(`${name} meets its own targets on a full run`, () => {
      const result = simulate(compilePlan(design));
      const failed = evaluateTargets(design.targets, result)
        .filter((outcome) => !outcome.passed)
        .map((outcome) => outcome.message);
      expect(failed).toEqual([]);
    });
  }
});
