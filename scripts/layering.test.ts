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

  it('lets main and serve use the host, and the host use common and the simulator', () => {
    rmSync(join(dir, 'simulator/cache/bad.ts'));
    rmSync(join(dir, 'renderer/view.ts'));
    write('electron/common/contract.ts', "import { a } from '../../simulator/cache/a';\nexport const contract = a;\n");
    write('electron/host/services.ts', "import { contract } from '../common/contract';\nimport { c } from '../../simulator/node/c';\nexport const services = [contract, c];\n");
    write('electron/main/main.ts', "import { services } from '../host/services';\nexport const main = services;\n");
    write('electron/serve/server.ts', "import { services } from '../host/services';\nimport { contract } from '../common/contract';\nexport const server = [services, contract];\n");
    const result = cruise();
    expect(result.output).toContain('no dependency violations');
    expect(result.ok).toBe(true);
  });

  it('fails when the host reaches into main or serve, or the renderer, preload or simulator/node into the host', () => {
    write('electron/host/bad.ts', "import { main } from '../main/main';\nimport { server } from '../serve/server';\nexport const bad = [main, server];\n");
    write('renderer/view.ts', "import { services } from '../electron/host/services';\nexport const view = services;\n");
    write('electron/preload/index.ts', "import { services } from '../host/services';\nexport const preload = services;\n");
    write('simulator/node/d.ts', "import { services } from '../../electron/host/services';\nexport const d = services;\n");
    write('electron/serve/bad.ts', "import { main } from '../main/main';\nexport const bad = main;\n");
    const result = cruise();
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/host-only-common-and-simulator: electron\/host\/bad\.ts → electron\/main\/main\.ts/);
    expect(result.output).toMatch(/host-only-common-and-simulator: electron\/host\/bad\.ts → electron\/serve\/server\.ts/);
    expect(result.output).toMatch(/renderer-pure: renderer\/view\.ts → electron\/host\/services\.ts/);
    expect(result.output).toMatch(/preload-only-common-and-electron: electron\/preload\/index\.ts → electron\/host\/services\.ts/);
    expect(result.output).toMatch(/simulator-node-stays-in-simulator: simulator\/node\/d\.ts → electron\/host\/services\.ts/);
    expect(result.output).toMatch(/serve-only-host-common-and-simulator: electron\/serve\/bad\.ts → electron\/main\/main\.ts/);
  });
});
