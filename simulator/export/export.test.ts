import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Design } from '../model';
import { compilePlan, simulate } from '../run';
import { designHash, EXPORT_FILE_NAMES, EXPORT_FORMATS, exportDesign, readStamp } from './index';
import { designFrom, FIXTURE_WITH_RATE_LIMITS, FIXTURE_YAML, fixtureDesign } from './testing';

const PRESETS = readdirSync('presets').filter((name) => name.endsWith('.yaml')).map((name) => `presets/${name}`);

describe('exportDesign', () => {
  // One test per preset: each has the whole test timeout (a pub/sub preset's run takes seconds).
  it.each([...PRESETS, 'fixture'])('writes byte-identical files when the same design and run are exported twice: %s', (file) => {
    const text = file === 'fixture' ? FIXTURE_YAML : readFileSync(file, 'utf8');
    const design = designFrom(text);
    const result = simulate(compilePlan(design, { requests: 3000 }));
    const report = { results: [{ label: 'simulated', result }] };
    const first = exportDesign(design, { environment: design.defaultEnvironment, designFile: file }, EXPORT_FORMATS, report);
    const second = exportDesign(designFrom(text), { environment: design.defaultEnvironment, designFile: file }, EXPORT_FORMATS, structuredClone(report));
    expect(second.files.map((f) => f.path)).toEqual(first.files.map((f) => f.path));
    second.files.forEach((f, i) => expect(f.text, `${file} ${f.path}`).toBe(first.files[i].text));
  });

  it('starts every file with a header naming the design, its version and its content hash, and no timestamp', () => {
    const design = fixtureDesign();
    const { files } = exportDesign(design, { environment: 'prod', designFile: 'designs/fixture.yaml' });
    expect(files.map((f) => f.path)).toEqual(EXPORT_FORMATS.map((format) => EXPORT_FILE_NAMES[format]));
    for (const file of files) {
      const stamp = readStamp(file.text);
      expect(stamp, file.path).toEqual({ name: expect.stringContaining('Export fixture'), version: 1, environment: 'prod', hash: designHash(design) });
      expect(file.text.slice(0, 600), file.path).toContain('fixture.yaml');
      expect(file.text, file.path).not.toMatch(/20\d\d-\d\d-\d\d|\d\d:\d\d:\d\d/);
    }
  });

  it('changes the hash when the design changes, and not when only its formatting or comments do', () => {
    const base = designHash(fixtureDesign());
    expect(designHash(designFrom(`# a comment\n${FIXTURE_YAML.replace('maxmemory: 64mb', 'maxmemory:    64mb')}`))).toBe(base);
    expect(designHash(designFrom(FIXTURE_YAML.replace('maxmemory: 64mb', 'maxmemory: 128mb')))).not.toBe(base);
  });

  it('never writes a password, neither from the URL nor from the variable the design names, even when it is set', () => {
    const secret = 'S3cr3t-Value-Never-Exported';
    process.env.CACHE_REDIS_PASSWORD = secret;
    try {
      const design = { ...fixtureDesign(), connection: { url: `redis://app:${secret}@cache.internal:6380/2?passwordEnv=CACHE_REDIS_PASSWORD`, passwordEnv: 'CACHE_REDIS_PASSWORD' } } as Design;
      const { files, warnings } = exportDesign(design, { environment: 'prod' });
      for (const file of files) expect(file.text, file.path).not.toContain(secret);
      const env = files.find((f) => f.format === 'env')?.text ?? '';
      expect(env).toMatch(/^REDIS_URL=redis:\/\/app@cache\.internal:6380\/2$/m);
      expect(env).toMatch(/^CACHE_REDIS_PASSWORD=$/m);
      expect(warnings.join('\n')).toMatch(/carried a password; it is left out/);
      const viaOptions = exportDesign(fixtureDesign(), { environment: 'prod', connection: { url: `rediss://:${secret}@h:6379/0?token=${secret}` } });
      for (const file of viaOptions.files) expect(file.text, file.path).not.toContain(secret);
    } finally {
      delete process.env.CACHE_REDIS_PASSWORD;
    }
  });

  it('exports exact-lru, which no Redis implements, as allkeys-lru and says so', () => {
    const design = designFrom(FIXTURE_YAML.replace('maxmemoryPolicy: allkeys-lfu', 'maxmemoryPolicy: exact-lru'));
    const { files, warnings } = exportDesign(design, { environment: 'prod' }, ['conf']);
    expect(files[0].text).toMatch(/^maxmemory-policy allkeys-lru$/m);
    expect(warnings).toEqual([expect.stringContaining('exact-lru is exported as allkeys-lru')]);
  });

  it('exports a limiter of every algorithm to .env and both modules, with no warning', () => {
    const { files, warnings } = exportDesign(designFrom(FIXTURE_WITH_RATE_LIMITS), { environment: 'prod' }, ['env', 'ts', 'python']);
    expect(warnings).toEqual([]);
    for (const [name, algorithm] of [['per-ip', 'fixed-window'], ['per-user', 'sliding-log'], ['per-endpoint', 'gcra'], ['per-tenant', 'sliding-counter'], ['per-token', 'token-bucket']]) {
      const upper = name.toUpperCase().replace('-', '_');
      expect(files[0].text).toContain(`RATE_LIMIT_ALGORITHM_${upper}=${algorithm}`);
      expect(files[1].text).toContain(`export async function rateLimit${name.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join('')}(`);
      expect(files[2].text).toContain(`def rate_limit_${name.replace('-', '_')}(`);
    }
    expect(files[1].text).toContain('export const TOKEN_BUCKET_LUA = ');
    expect(files[2].text).toContain('SLIDING_COUNTER_LUA = ');
  });

  it('uses the TTL matrix column of the chosen environment', () => {
    const { files } = exportDesign(fixtureDesign(), { environment: 'dev' }, ['env']);
    expect(files[0].text).toMatch(/^CACHE_TTL_PRODUCTS=30$/m);
    expect(() => exportDesign(fixtureDesign(), { environment: 'qa' })).toThrow(/environment "qa" is not in the design/);
  });
});
