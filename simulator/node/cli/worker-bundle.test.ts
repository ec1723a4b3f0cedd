import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledWorker } from './worker-bundle';

const dir = mkdtempSync(join(tmpdir(), 'keyspace-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a bundle that assigns `globalThis.answer` and returns what it assigned. */
function answerOf(code: string): unknown {
  const sandbox: { answer?: unknown } = {};
  runInNewContext(code, { globalThis: sandbox, require: () => ({}), module: { exports: {} }, exports: {} });
  return sandbox.answer;
}

describe('bundledWorker', () => {
  it('bundles an entry with its imports, reuses the bundle while no input changed, rebuilds when one did', async () => {
    const entry = join(dir, 'entry.ts');
    const dependency = join(dir, 'value.ts');
    const cache = join(dir, 'cache');
    writeFileSync(dependency, 'export const value: number = 41;\n');
    writeFileSync(entry, "import { value } from './value';\nglobalThis.answer = value + 1;\n");
    const first = await bundledWorker(entry, cache);
    expect(first).not.toBeNull();
    expect(answerOf(first ?? '')).toBe(42);
    const cached = JSON.parse(readFileSync(join(cache, 'entry.ts.bundle.json'), 'utf8')) as { inputs: string[]; code: string };
    expect(cached.inputs).toEqual([entry, dependency].sort());

    // A planted bundle is served only while the recorded inputs are unchanged.
    writeFileSync(join(cache, 'entry.ts.bundle.json'), JSON.stringify({ ...cached, code: 'globalThis.answer = "from cache";' }));
    expect(answerOf((await bundledWorker(entry, cache)) ?? '')).toBe('from cache');
    writeFileSync(dependency, 'export const value: number = 99;\n');
    expect(answerOf((await bundledWorker(entry, cache)) ?? '')).toBe(100);
  });

  it('returns null when the entry cannot be built, so the caller can fall back', async () => {
    expect(await bundledWorker(join(dir, 'missing.ts'), join(dir, 'cache2'))).toBeNull();
  });
});
