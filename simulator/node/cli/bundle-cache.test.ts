import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE_CACHE_DIR, bundledModule, bundledWorker } from './bundle-cache';
import { bundleName, scriptBundleFile } from './bundle-digest.mjs';

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
    const cacheFile = scriptBundleFile(entry, cache);
    const cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as { inputs: string[]; code: string };
    expect(cached.inputs).toEqual([entry, dependency].sort());

    // A planted bundle is served only while the recorded inputs are unchanged.
    writeFileSync(cacheFile, JSON.stringify({ ...cached, code: 'globalThis.answer = "from cache";' }));
    expect(answerOf((await bundledWorker(entry, cache)) ?? '')).toBe('from cache');
    writeFileSync(dependency, 'export const value: number = 99;\n');
    expect(answerOf((await bundledWorker(entry, cache)) ?? '')).toBe(100);
  });

  it('returns null when the entry cannot be built, so the caller can fall back', async () => {
    expect(await bundledWorker(join(dir, 'missing.ts'), join(dir, 'cache2'))).toBeNull();
  });
});

describe('bundledModule', () => {
  it('bundles an ES module that keeps each source\'s import.meta.url and imports packages from node_modules', async () => {
    // Under the project's node_modules/.cache, as the CLI's bundle is: its package imports resolve
    // from the project's node_modules when plain Node loads it (in a child process, not vitest).
    mkdirSync(join(BUNDLE_CACHE_DIR, '..'), { recursive: true });
    // Real paths, as Node and esbuild name modules (node_modules may be a symlink).
    const root = realpathSync(mkdtempSync(join(BUNDLE_CACHE_DIR, '..', 'bundle-test-')));
    try {
      mkdirSync(join(root, 'sub'));
      const entry = join(root, 'entry.ts');
      const nested = join(root, 'sub', 'where.ts');
      writeFileSync(nested, 'export const WIDTH = 8;\nexport const here: string = import.meta.url;\n');
      writeFileSync(entry, [
        "import { z } from 'zod';",
        "import { here, WIDTH } from './sub/where';",
        'export const entryUrl: string = import.meta.url;',
        'export const nestedUrl = here;',
        'export const parsed = z.number().parse(WIDTH * 2);',
        '',
      ].join('\n'));
      const file = await bundledModule(entry, join(root, 'cache'));
      expect(file).toBe(join(root, 'cache', `${bundleName(entry)}.bundle.mjs`));
      const code = readFileSync(file ?? '', 'utf8');
      expect(code).toMatch(/from "zod"/);
      const script = `const m = await import(${JSON.stringify(pathToFileURL(file ?? '').href)}); console.log(JSON.stringify({ ...m }));`;
      const loaded = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as Record<string, unknown>;
      expect(loaded).toEqual({ entryUrl: pathToFileURL(entry).href, nestedUrl: pathToFileURL(nested).href, parsed: 16 });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('reuses the module file while no input changed and rebuilds it when one did', async () => {
    const entry = join(dir, 'counter.ts');
    const cache = join(dir, 'module-cache2');
    writeFileSync(entry, 'export const n: number = 1;\n');
    const file = await bundledModule(entry, cache) ?? '';
    writeFileSync(file, 'export const n = "planted";\n');
    expect(await bundledModule(entry, cache)).toBe(file);
    expect(readFileSync(file, 'utf8')).toContain('planted');
    writeFileSync(entry, 'export const n: number = 2;\n');
    expect(await bundledModule(entry, cache)).toBe(file);
    expect(readFileSync(file, 'utf8')).toMatch(/n = 2/);
  });

  it('keeps entries of the same name apart (two checkouts sharing one cache)', async () => {
    const cache = join(dir, 'module-cache4');
    const [a, b] = [join(dir, 'a', 'same.ts'), join(dir, 'b', 'same.ts')];
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(a, 'export const from: string = "a";\n');
    writeFileSync(b, 'export const from: string = "b";\n');
    const [fileA, fileB] = [await bundledModule(a, cache), await bundledModule(b, cache)];
    expect(fileA).not.toBe(fileB);
    expect(readFileSync(fileA ?? '', 'utf8')).toMatch(/"a"/);
    expect(readFileSync(fileB ?? '', 'utf8')).toMatch(/"b"/);
    expect(await bundledModule(a, cache)).toBe(fileA);
  });

  it('returns null when the entry cannot be built', async () => {
    expect(await bundledModule(join(dir, 'missing.ts'), join(dir, 'module-cache3'))).toBeNull();
  });
});
