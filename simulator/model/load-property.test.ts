/** Property tests: the design loader answers any text with a design or located errors, never a throw. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadDesign } from './load';

const LEAKS = /\[object Object\]|function \w*\(|native code|9007199254740991|parseAllDocuments|undefined/;
/** A word the text itself holds is the person's own value echoed back, not a leak. */
function leaksFor(text: string): RegExp {
  const words = LEAKS.source.split('|').filter((word) => !text.includes(word.replace(/\\/g, '')));
  return words.length > 0 ? new RegExp(words.join('|')) : /(?!)/;
}

function checkAnswer(text: string): void {
  const result = loadDesign(text);
  if (result.ok) return;
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) {
    expect(error.line).toBeGreaterThanOrEqual(1);
    expect(error.column).toBeGreaterThanOrEqual(1);
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.message).not.toMatch(leaksFor(text));
  }
}

describe('loadDesign on hostile text', () => {
  it('any string', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), checkAnswer), { numRuns: 400 });
  });

  it('a value the text holds is echoed back, not taken for a leak (fast-check seed 1049371777)', () => {
    checkAnswer(stringify({ version: 1, client: -9007199254740991 }));
  });

  it('any YAML value, and any value under a design\'s own field names', () => {
    const fields = fc.constantFrom('version', 'name', 'namespaces', 'ttlMatrix', 'traffic', 'server', 'origin', 'client', 'targets', 'invalidation', 'environments', 'pubsub', 'constructor', '__proto__');
    const value = fc.anything({ maxDepth: 3, withNullPrototype: false, withBigInt: false, withDate: false, withTypedArray: false, withSparseArray: false, withMap: false, withSet: false });
    fc.assert(fc.property(fc.dictionary(fields, value, { maxKeys: 8 }), (doc) => checkAnswer(stringify({ version: 1, ...doc }))), { numRuns: 300 });
    fc.assert(fc.property(value, (doc) => checkAnswer(String(stringify(doc) ?? ''))), { numRuns: 200 });
  });

  it('YAML with anchors and aliases in any arrangement', () => {
    const alias = fc.array(fc.constantFrom('&a [1, 2]', '*a', '&b {x: *a}', '*b', '*c', '[*a, *a, *a]'), { minLength: 1, maxLength: 12 });
    fc.assert(fc.property(alias, (parts) => checkAnswer(`version: 1\n${parts.map((p, i) => `k${i}: ${p}`).join('\n')}\n`)), { numRuns: 300 });
  });
});
