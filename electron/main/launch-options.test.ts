import { describe, expect, it } from 'vitest';
import { allowedPasswordEnvOf } from './launch-options';

describe('the desktop app\'s password variable switch', () => {
  it('allows nothing without the switch or KEYSPACE_ALLOW_PASSWORD_ENV', () => {
    expect(allowedPasswordEnvOf(['/opt/keyspace/keyspace', '--no-sandbox', 'design.yaml'], {})).toEqual([]);
  });

  it('takes each --allow-password-env, in both spellings, and the comma list of KEYSPACE_ALLOW_PASSWORD_ENV', () => {
    const argv = ['electron', '.', '--allow-password-env=REDIS_PASSWORD', '--allow-password-env', 'CACHE_PW'];
    expect(allowedPasswordEnvOf(argv, { KEYSPACE_ALLOW_PASSWORD_ENV: 'STAGING_PW, REDIS_PASSWORD' })).toEqual(['REDIS_PASSWORD', 'CACHE_PW', 'STAGING_PW']);
  });

  it('refuses a value that is not a variable name, naming where it came from', () => {
    expect(() => allowedPasswordEnvOf(['--allow-password-env=A-B'], {})).toThrow(/--allow-password-env A-B: must be an environment variable name/);
    expect(() => allowedPasswordEnvOf(['--allow-password-env'], {})).toThrow(/needs a variable name/);
    expect(() => allowedPasswordEnvOf([], { KEYSPACE_ALLOW_PASSWORD_ENV: 'OK,not ok' })).toThrow(/KEYSPACE_ALLOW_PASSWORD_ENV \(not ok\)/);
  });
});
