import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { canaryVariables, startRecordingRedis, type RecordingRedis } from '../redis/recording-redis';
import { main } from './main';

// Both are in the environment of the command; the CLI may send only what its command line allows.
const canaries = canaryVariables();
const SECRET = canaries.secret;
const ALLOWED = canaries.allowed;
const dir = mkdtempSync(join(tmpdir(), 'kw-cli-secrets-'));
const RUN = ['run', 'presets/ecommerce-catalog.yaml', '--requests', '1000', '--ignore-targets', '--engine', 'live'];
let listener: RecordingRedis;

async function cli(...argv: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const code = await main(argv, { out: () => undefined, err: (t) => err.push(t), tty: null });
  return { code, err: err.join('\n') };
}

beforeAll(() => canaries.install());
afterAll(() => {
  canaries.remove();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  listener = await startRecordingRedis();
});
afterEach(async () => {
  delete process.env.KEYSPACE_ALLOW_PASSWORD_ENV;
  await listener.close();
});

describe('keyspace sends only the password variables its command line allows', () => {
  it('run refuses a passwordEnv= in the --redis URL that no --password-env allows, before connecting', async () => {
    const { code, err } = await cli(...RUN, '--redis', `${listener.url}?passwordEnv=KW_TEST_SECRET`);
    expect(code).toBe(2);
    expect(err).toMatch(/passwordEnv KW_TEST_SECRET is not allowed: no environment variable may be sent as a Redis password.*--password-env NAME/);
    // --password-env allows its own variable, not the one the URL names.
    process.env.KEYSPACE_ALLOW_PASSWORD_ENV = 'KW_TEST_ALLOWED';
    expect((await cli(...RUN, '--redis', `${listener.url}?passwordEnv=KW_TEST_SECRET`)).err).toMatch(/only KW_TEST_ALLOWED may be sent/);
    expect(listener.connections()).toBe(0);
    expect(listener.received()).not.toContain(SECRET);
  });

  it('capture refuses the same', async () => {
    const { code, err } = await cli('capture', '--redis', `${listener.url}?passwordEnv=KW_TEST_SECRET`, '--duration', '1s', '--out', join(dir, 'refused.monitor'));
    expect(code).toBe(2);
    expect(err).toMatch(/passwordEnv KW_TEST_SECRET is not allowed/);
    expect(listener.connections()).toBe(0);
    expect(listener.received()).not.toContain(SECRET);
  });

  it('run sends the variable --password-env names (so a leak would be seen)', async () => {
    expect((await cli(...RUN, '--redis', listener.url, '--password-env', 'KW_TEST_ALLOWED')).code).toBe(2);
    expect(listener.received()).toContain(ALLOWED);
    expect(listener.received()).not.toContain(SECRET);
  });

  it('run and capture send a URL\'s passwordEnv= that KEYSPACE_ALLOW_PASSWORD_ENV or --password-env allows', async () => {
    process.env.KEYSPACE_ALLOW_PASSWORD_ENV = 'KW_TEST_ALLOWED';
    expect((await cli(...RUN, '--redis', `${listener.url}?passwordEnv=KW_TEST_ALLOWED`)).code).toBe(2);
    expect(listener.received()).toContain(ALLOWED);
    delete process.env.KEYSPACE_ALLOW_PASSWORD_ENV;
    const before = listener.received().length;
    await cli('capture', '--redis', listener.url, '--password-env', 'KW_TEST_ALLOWED', '--duration', '1s', '--out', join(dir, 'allowed.monitor'));
    expect(listener.received().slice(before)).toContain(ALLOWED);
    expect(listener.received()).not.toContain(SECRET);
  });
});
