import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDesignError, loadDesign } from './load';

describe('the README', () => {
  it('shows a full design example that validates as written', () => {
    const readme = readFileSync('README.md', 'utf8');
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
    const full = blocks.find((text) => text.includes('version: 1') && text.includes('ttlMatrix'));
    expect(full).toBeDefined();
    const result = loadDesign(full ?? '');
    expect(result.ok ? [] : result.errors.map((e) => formatDesignError('README.md', e))).toEqual([]);
  });
});
