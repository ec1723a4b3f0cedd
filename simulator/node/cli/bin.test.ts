import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../../bin/keyspace.mjs', import.meta.url));
const PRESET = fileURLToPath(new URL('../../../presets/session-store.yaml', import.meta.url));

/** Runs bin/keyspace.mjs as a user does, saying which code ran (KEYSPACE_BUNDLE_INFO). */
function keyspace(args: string[], env: Record<string, string> = {}) {
  const child = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, KEYSPACE_BUNDLE_INFO: '1', ...env } });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('bin/keyspace.mjs', () => {
  it('runs the cached bundle once one is built, and the sources with KEYSPACE_NO_BUNDLE=1, with the same output and exit codes', () => {
    const first = keyspace(['validate', PRESET]);
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/^keyspace: running the (cached bundle|bundle built now) \S+main-[0-9a-f]{12}\.bundle\.mjs$/m);
    const second = keyspace(['validate', PRESET]);
    expect(second.stderr).toMatch(/^keyspace: running the cached bundle \S+main-[0-9a-f]{12}\.bundle\.mjs$/m);
    const sources = keyspace(['validate', PRESET], { KEYSPACE_NO_BUNDLE: '1' });
    expect(sources.stderr).toMatch(/^keyspace: running the TypeScript sources$/m);
    expect(second.stdout).toBe(first.stdout);
    expect(sources.stdout).toBe(first.stdout);
    expect(second.stdout).toMatch(/session-store\.yaml: ok/);

    for (const env of [{}, { KEYSPACE_NO_BUNDLE: '1' }] as Record<string, string>[]) {
      const bad = keyspace(['validate', fileURLToPath(new URL('./missing.yaml', import.meta.url))], env);
      expect(bad.status).toBe(2);
      expect(bad.stderr).not.toMatch(/\n\s+at /);
    }
  }, 60_000);
});
