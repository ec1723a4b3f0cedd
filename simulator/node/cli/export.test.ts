import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dotenv from 'dotenv';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from './args';
import { InputError } from './design-file';
import { diffCommand } from './diff';
import { exportCommand } from './export';
import { importCommand } from './import';
import type { Io } from './main';
import { runCommand } from './run';

const dir = mkdtempSync(join(tmpdir(), 'keyspace-export-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Command = (argv: string[], io: Io) => Promise<number>;

/** Runs a command as main() does: usage and input errors are exit 2 with one message. */
async function cli(command: Command, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), tty: null };
  let code: number;
  try {
    code = await command(argv, io);
  } catch (error) {
    if (error instanceof UsageError) err.push(error.message);
    else if (error instanceof InputError) err.push(error.lines.join('\n'));
    else throw error;
    code = 2;
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const DESIGN = join(dir, 'catalog.yaml');
cpSync('presets/ecommerce-catalog.yaml', DESIGN);

describe('keyspace export', () => {
  it('writes every format into --out, then --check finds them up to date', async () => {
    const out = join(dir, 'all');
    const written = await cli(exportCommand, DESIGN, '--env', 'prod', '--out', out, '--run', '--requests', '20000');
    expect(written.code).toBe(0);
    expect(readdirSync(out, { withFileTypes: true }).map((e) => e.name).sort()).toEqual(['.env', 'alerts.rules.yml', 'docker-compose.yml', 'keyspace-cache.ts', 'keyspace_cache.py', 'redis.conf', 'report.html', 'report.md']);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('## Assertions');
    const checked = await cli(exportCommand, DESIGN, '--env', 'prod', '--out', out, '--run', '--requests', '20000', '--check');
    expect(checked).toMatchObject({ code: 0, out: expect.stringMatching(/^up to date: 8 files in .* match .*catalog\.yaml \(prod\)$/) });
  });

  it('--check exits 1 and lists the stale and missing files when the design changed', async () => {
    const out = join(dir, 'some');
    expect((await cli(exportCommand, DESIGN, '--to', 'env,conf', '--to', 'ts', '--out', out)).code).toBe(0);
    const edited = join(dir, 'edited.yaml');
    writeFileSync(edited, readFileSync(DESIGN, 'utf8').replace('maxmemory: 256mb', 'maxmemory: 512mb'));
    rmSync(join(out, 'keyspace-cache.ts'));
    const checked = await cli(exportCommand, edited, '--to', 'env,conf,ts', '--out', out, '--check');
    expect(checked.code).toBe(1);
    expect(checked.out).toMatch(/^stale: .*\.env \(exported from design sha256 [0-9a-f]{16}; the design is now [0-9a-f]{16}\)$/m);
    expect(checked.out).toMatch(/^stale: .*redis\.conf/m);
    expect(checked.out).toMatch(/^missing: .*keyspace-cache\.ts$/m);
    expect(checked.err).toMatch(/3 exported files are out of date with .*edited\.yaml; regenerate with: keyspace export .* --to env,conf,ts/);
    writeFileSync(join(out, 'redis.conf'), `${readFileSync(join(out, 'redis.conf'), 'utf8')}# hand edit\n`);
    const hand = await cli(exportCommand, DESIGN, '--to', 'conf', '--out', out, '--check');
    expect(hand.out).toMatch(/same design, different content: first difference at line \d+/);
  });

  it('refuses an unknown format or environment with exit 2 and what is valid', async () => {
    const badFormat = await cli(exportCommand, DESIGN, '--to', 'env,xml');
    expect(badFormat).toMatchObject({ code: 2, err: '--to xml: unknown format; valid: env, conf, compose, ts, python, alerts, report, md' });
    const badEnv = await cli(exportCommand, DESIGN, '--env', 'qa');
    expect(badEnv).toMatchObject({ code: 2, err: "--env qa: the design's environments are dev, staging, prod" });
  });

  it('puts a saved run (keyspace run --json) into the report and refuses a file that is not a result', async () => {
    const json = join(dir, 'result.json');
    expect((await cli(runCommand, DESIGN, '--requests', '20000', '--ignore-targets', '--quiet', '--json', json)).code).toBe(0);
    const out = join(dir, 'with-result');
    expect((await cli(exportCommand, DESIGN, '--to', 'md', '--result', json, '--out', out)).code).toBe(0);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/\| metric \| result \|\n\| --- \| --- \|\n\| requests \| 20,000 \|/);
    writeFileSync(join(dir, 'bogus.json'), '{"version":1,"cache":{}}');
    const bogus = await cli(exportCommand, DESIGN, '--to', 'md', '--result', join(dir, 'bogus.json'), '--out', out);
    expect(bogus.code).toBe(2);
    expect(bogus.err).toMatch(/bogus\.json: engine: /);
  });

  it('never writes a password given in --url or held by the variable --password-env names', async () => {
    const secret = 'pa55-w0rd-from-ci';
    process.env.CACHE_PASSWORD = secret;
    try {
      const out = join(dir, 'secret');
      const result = await cli(exportCommand, DESIGN, '--out', out, '--url', `redis://app:${secret}@cache:6379/1`, '--password-env', 'CACHE_PASSWORD');
      expect(result.code).toBe(0);
      expect(result.err).toContain('warning: the connection URL carried a password');
      for (const name of readdirSync(out)) expect(readFileSync(join(out, name), 'utf8'), name).not.toContain(secret);
      expect(dotenv.parse(readFileSync(join(out, '.env'), 'utf8'))).toMatchObject({ REDIS_URL: 'redis://app@cache:6379/1', CACHE_PASSWORD: '' });
    } finally {
      delete process.env.CACHE_PASSWORD;
    }
  });
});

describe('keyspace diff', () => {
  it('explains what changed and how the key metrics moved', async () => {
    const after = join(dir, 'after.yaml');
    writeFileSync(after, readFileSync(DESIGN, 'utf8').replace(/prod: \{ ttl: 5m, jitter: 10% \}/, 'prod: { ttl: 30s, jitter: 10% }'));
    const { code, out } = await cli(diffCommand, DESIGN, after, '--requests', '20000');
    expect(code).toBe(0);
    expect(out).toContain('1 change:\n  - TTL of data class product in prod (namespaces products): 5m → 30s');
    expect(out).toMatch(/hit ratio\s+\d+\.\d\d% → \d+\.\d\d% \(-\d+\.\d\d pt, worse\)/);
    const quick = await cli(diffCommand, DESIGN, after, '--static');
    expect(quick.out).not.toContain('Key metrics');
    expect((await cli(diffCommand, DESIGN)).code).toBe(2);
  });
});

describe('keyspace import', () => {
  it('prints the YAML fragment read from an exported .env or redis.conf', async () => {
    const out = join(dir, 'for-import');
    await cli(exportCommand, DESIGN, '--to', 'env,conf', '--out', out);
    const env = await cli(importCommand, '--from', 'env', join(out, '.env'));
    expect(env.code).toBe(0);
    expect(env.out).toContain('ttlMatrix:\n  product:\n    prod:\n      ttl: 5m\n      jitter: 10%');
    const conf = await cli(importCommand, '--from', 'conf', join(out, 'redis.conf'));
    expect(conf.out).toContain('server:\n  maxmemory: 256mb\n  maxmemoryPolicy: allkeys-lru');
  });

  it('merges only the changed values into --into, keeping the file\'s comments and layout', async () => {
    const target = join(dir, 'into.yaml');
    cpSync(DESIGN, target);
    const env = join(dir, 'edited.env');
    writeFileSync(env, 'KEYSPACE_ENVIRONMENT=prod\nCACHE_TTL_PRODUCTS=600\nCACHE_TTL_JITTER_PRODUCTS=0.1\nCACHE_CLASS_PRODUCTS=product\n');
    const merged = await cli(importCommand, '--from', 'env', env, '--into', target);
    expect(merged.code).toBe(0);
    expect(merged.out).toBe(`updated ${target}:\n  ttlMatrix.product.prod.ttl: 5m → 10m`);
    const text = readFileSync(target, 'utf8');
    expect(text).toBe(readFileSync(DESIGN, 'utf8').replace('prod: { ttl: 5m, jitter: 10% }', 'prod: { ttl: 10m, jitter: 10% }'));
    expect((await cli(importCommand, '--from', 'env', env, '--into', target)).out).toBe(`${target} already matches ${env}`);
  });

  it('exits 1 when nothing could be imported, 2 on a bad --from', async () => {
    writeFileSync(join(dir, 'empty.env'), 'FOO=bar\n');
    expect(await cli(importCommand, '--from', 'env', join(dir, 'empty.env'))).toMatchObject({ code: 1, err: expect.stringContaining('nothing could be imported unambiguously') });
    expect((await cli(importCommand, '--from', 'ini', 'x')).code).toBe(2);
  });
});
