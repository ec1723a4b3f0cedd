import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LiveEngine } from '../live';
import { smallPlan } from '../live/test-support';
import { captureMonitor } from '../trace';
import { connectTarget } from './connect';
import { RedisTargetError } from './errors';
import { allowedPasswordEnvNames, passwordEnvOf, passwordEnvRefusal } from './password-env';
import { canaryVariables, startRecordingRedis, type RecordingRedis } from './recording-redis';

// Set in this process's environment, so a resolver that fell back to process.env would find them.
const canaries = canaryVariables();
const SECRET = canaries.secret;
const ALLOWED = canaries.allowed;
const dir = mkdtempSync(join(tmpdir(), 'kw-password-env-'));
let listener: RecordingRedis;

beforeAll(() => canaries.install());
afterAll(() => {
  canaries.remove();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await listener?.close();
});

const allowOnlyAllowed = () => passwordEnvOf({ allowed: ['KW_TEST_ALLOWED'], howToAllow: 'a test hint' }, process.env);

describe('the allow-list', () => {
  it('holds the values of the allowed variables and of no other', () => {
    const passwords = passwordEnvOf({ allowed: ['KW_TEST_ALLOWED', 'KW_TEST_UNSET'], howToAllow: 'x' }, process.env);
    expect(passwords.values).toEqual({ KW_TEST_ALLOWED: ALLOWED });
    expect(JSON.stringify(passwords)).not.toContain(SECRET);
  });

  it('reads names from flags and the KEYSPACE_ALLOW_PASSWORD_ENV comma list, validated, without duplicates', () => {
    expect(allowedPasswordEnvNames(['A_PW', 'B'], { KEYSPACE_ALLOW_PASSWORD_ENV: ' B , C_PW,' }, '--flag')).toEqual(['A_PW', 'B', 'C_PW']);
    expect(() => allowedPasswordEnvNames(['BAD NAME'], {}, '--flag')).toThrow(/--flag BAD NAME: must be an environment variable name/);
  });

  it('refuses with a message that names the variable, what is allowed and how to allow it, never a value', () => {
    const message = passwordEnvRefusal('KW_TEST_SECRET', allowOnlyAllowed());
    expect(message).toBe('passwordEnv KW_TEST_SECRET is not allowed: only KW_TEST_ALLOWED may be sent as a Redis password, as decided by whoever started the workbench or command. To allow KW_TEST_SECRET: a test hint.');
  });
});

describe('every connection path sends only allowed variables (a recording listener sees the bytes)', () => {
  it('connectTarget refuses a passwordEnv outside the list, and any by default, before connecting', async () => {
    listener = await startRecordingRedis();
    for (const passwords of [undefined, allowOnlyAllowed()]) {
      const error = await connectTarget(`${listener.url}?passwordEnv=KW_TEST_SECRET`, { passwords }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedisTargetError);
      expect((error as RedisTargetError).code).toBe('config');
      expect((error as Error).message).toMatch(/passwordEnv KW_TEST_SECRET is not allowed/);
    }
    const sentinel = await connectTarget({ kind: 'sentinel', sentinels: [{ host: '127.0.0.1', port: listener.port }], masterName: 'm', sentinelPasswordEnv: 'KW_TEST_SECRET' }, { passwords: allowOnlyAllowed() })
      .catch((e: unknown) => e);
    expect((sentinel as Error).message).toMatch(/passwordEnv KW_TEST_SECRET is not allowed/);
    expect(listener.connections()).toBe(0);
    expect(listener.received()).not.toContain(SECRET);
  });

  it('connectTarget sends an allowed variable (so the listener would see a leak)', async () => {
    listener = await startRecordingRedis();
    const error = await connectTarget(`${listener.url}?passwordEnv=KW_TEST_ALLOWED`, { passwords: allowOnlyAllowed() }).catch((e: unknown) => e);
    expect((error as RedisTargetError).code).toBe('auth');
    expect(listener.received()).toContain(ALLOWED);
    expect(listener.received()).not.toContain(SECRET);
  });

  it('capture refuses a passwordEnv outside the list and sends an allowed one', async () => {
    listener = await startRecordingRedis();
    const capture = (name: string, passwords = allowOnlyAllowed()) => captureMonitor({
      url: `${listener.url}?passwordEnv=${name}`, durationMs: 500, out: join(dir, `${name}.monitor`), passwords,
    }).catch((e: unknown) => e);
    expect(String(await capture('KW_TEST_SECRET'))).toMatch(/passwordEnv KW_TEST_SECRET is not allowed/);
    expect(listener.connections()).toBe(0);
    await capture('KW_TEST_ALLOWED');
    expect(listener.received()).toContain(ALLOWED);
    expect(listener.received()).not.toContain(SECRET);
  });

  it('the live engine refuses a passwordEnv outside the list (none by default) before connecting', async () => {
    listener = await startRecordingRedis();
    const plan = smallPlan({ keys: 100, rate: '100/s', duration: '1s' });
    for (const passwords of [undefined, allowOnlyAllowed()]) {
      const result = await new LiveEngine({ target: { url: `${listener.url}?passwordEnv=KW_TEST_SECRET` }, passwords }).run(plan);
      expect(result.error?.code).toBe('config');
      expect(result.error?.message).toMatch(/passwordEnv KW_TEST_SECRET is not allowed/);
    }
    expect(listener.connections()).toBe(0);
    const allowed = await new LiveEngine({ target: { url: `${listener.url}?passwordEnv=KW_TEST_ALLOWED` }, passwords: allowOnlyAllowed() }).run(plan);
    expect(allowed.error?.code).toBe('auth');
    expect(listener.received()).toContain(ALLOWED);
    expect(listener.received()).not.toContain(SECRET);
  });
});
