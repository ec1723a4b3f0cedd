import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve('.');
const dir = mkdtempSync(join(tmpdir(), 'keyspace-layering-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** Runs the project's layering check on a scratch tree laid out like the project. */
function cruise(): { ok: boolean; output: string } {
  cpSync(join(root, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  write('tsconfig.tools.json', JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', allowImportingTsExtensions: true, noEmit: true } }));
  try {
    const output = execFileSync(join(root, 'node_modules/.bin/depcruise'), ['--config', '.dependency-cruiser.cjs', '.'], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output };
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  }
}

describe('the layering check', () => {
  it('passes a tree that follows DESIGN.md', () => {
    write('simulator/cache/a.ts', "export const a = 1;\n");
    write('simulator/run/b.ts', "import { a } from '../cache/a';\nexport const b = a;\n");
    write('simulator/node/c.ts', "import { readFileSync } from 'node:fs';\nimport { b } from '../run/b';\nexport const c = [readFileSync, b];\n");
    const result = cruise();
    expect(result.output).toContain('no dependency violations');
    expect(result.ok).toBe(true);
  });

  it('fails when the pure simulator imports node:* or simulator/node, or the renderer reaches into the host', () => {
    write('simulator/cache/bad.ts', "import { readFileSync } from 'node:fs';\nimport { c } from '../node/c';\nexport const bad = [readFileSync, c];\n");
    write('renderer/view.ts', "import { c } from '../simulator/node/c';\nexport const view = c;\n");
    const result = cruise();
    expect(result.ok).toBe(false);
    expect(result.output).toContain('simulator-no-node-builtins');
    expect(result.output).toContain('simulator-pure-no-node-layer');
    expect(result.output).toContain('renderer-pure');
  });
});
