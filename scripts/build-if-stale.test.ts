import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module script without type declarations
import { ensureBuilt, TARGETS } from './build-if-stale.mjs';

interface Target { folders: string[]; files: string[]; outDir: string; entries: string[]; command: [string, string[]] }

const BUILD = "const fs=require('fs');fs.mkdirSync('out',{recursive:true});fs.appendFileSync('out/builds','x');fs.writeFileSync('out/entry.js','')";

function project(): { root: string; target: Target; builds: () => number; build: () => boolean } {
  const root = mkdtempSync(join(tmpdir(), 'build-if-stale-'));
  mkdirSync(join(root, 'src/deep'), { recursive: true });
  writeFileSync(join(root, 'src/a.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'src/deep/b.tsx'), 'export const b = 2;\n');
  writeFileSync(join(root, 'src/a.test.ts'), 'test\n');
  writeFileSync(join(root, 'package-lock.json'), '{}\n');
  const target: Target = { folders: ['src'], files: ['package-lock.json'], outDir: 'out', entries: ['entry.js'], command: ['node', ['-e', BUILD]] };
  const builds = (): number => {
    try {
      return readFileSync(join(root, 'out/builds'), 'utf8').length;
    } catch {
      return 0;
    }
  };
  const build = (): boolean => ensureBuilt('test', target, { root, log: () => undefined }) as boolean;
  roots.push(root);
  return { root, target, builds, build };
}

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('build-if-stale', () => {
  it('builds once, then not again while nothing it bundles changed', () => {
    const p = project();
    expect(p.build()).toBe(true);
    expect(p.build()).toBe(false);
    expect(p.builds()).toBe(1);
  });

  it('rebuilds when a source in a nested folder or the lockfile changes, not when a test does', () => {
    const p = project();
    p.build();
    writeFileSync(join(p.root, 'src/a.test.ts'), 'another test\n');
    expect(p.build()).toBe(false);
    writeFileSync(join(p.root, 'src/deep/b.tsx'), 'export const b = 3;\n');
    expect(p.build()).toBe(true);
    writeFileSync(join(p.root, 'package-lock.json'), '{"v":2}\n');
    expect(p.build()).toBe(true);
    writeFileSync(join(p.root, 'src/c.ts'), 'export const c = 1;\n');
    expect(p.build()).toBe(true);
    expect(p.builds()).toBe(4);
  });

  it('rebuilds when an output entry is missing, or when forced', () => {
    const p = project();
    p.build();
    rmSync(join(p.root, 'out/entry.js'));
    expect(p.build()).toBe(true);
    expect(ensureBuilt('test', p.target, { root: p.root, force: true, log: () => undefined })).toBe(true);
    expect(p.builds()).toBe(3);
  });

  it('throws when the build fails, and writes no stamp that would skip the next build', () => {
    const p = project();
    const failing = { ...p.target, command: ['node', ['-e', 'process.exit(3)']] };
    expect(() => ensureBuilt('test', failing, { root: p.root, log: () => undefined })).toThrow(/the build failed \(exit 3\)/);
    expect(p.build()).toBe(true);
  });

  it("covers every folder the renderer's and the Node side's sources import from", () => {
    const targets = TARGETS as Record<string, Target>;
    const repo = join(__dirname, '..');
    for (const [name, entryFolder] of [['renderer', 'renderer'], ['electron', 'electron']] as const) {
      const reached = new Set<string>();
      for (const file of readdirSync(join(repo, entryFolder), { recursive: true }) as string[]) {
        if (!/\.tsx?$/.test(file) || /\.test\.tsx?$/.test(file)) continue;
        const text = readFileSync(join(repo, entryFolder, file), 'utf8');
        for (const match of text.matchAll(/from '(\.[^']+)'/g)) {
          const target = relative(repo, resolve(dirname(join(repo, entryFolder, file)), match[1]!));
          reached.add(target.split(sep).slice(0, target.startsWith('electron') ? 2 : 1).join('/'));
        }
      }
      const outside = [...reached].filter((folder) => !targets[name]!.folders.some((f) => folder === f || folder.startsWith(`${f}/`)));
      expect(outside, `${name} imports from folders its stamp does not cover`).toEqual([]);
    }
  });
});
