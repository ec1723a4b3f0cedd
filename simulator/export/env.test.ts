import { readdirSync, readFileSync } from 'node:fs';
import dotenv from 'dotenv';
import { describe, expect, it } from 'vitest';
import { parseTtlMs } from '../model';
import { envEntries, exportDesign, exportFacts, importEnv } from './index';
import { designFrom, FIXTURE_WITH_RATE_LIMITS, FIXTURE_YAML, fixtureDesign } from './testing';

const PRESETS = readdirSync('presets').filter((name) => name.endsWith('.yaml')).map((name) => `presets/${name}`);

describe('.env export', () => {
  it('is parsed back by dotenv to exactly the variables it means, for every preset and every environment', () => {
    for (const text of [FIXTURE_YAML, ...PRESETS.map((file) => readFileSync(file, 'utf8'))]) {
      const design = designFrom(text);
      for (const environment of design.environments) {
        const { files } = exportDesign(design, { environment }, ['env']);
        expect(dotenv.parse(files[0].text)).toEqual(envEntries(exportFacts(design, { environment })));
      }
    }
  });

  it('has one TTL variable per namespace in seconds, its jitter, the pool, the rate limit and the pub/sub settings', () => {
    const parsed = dotenv.parse(exportDesign(fixtureDesign(), { environment: 'prod' }, ['env']).files[0].text);
    expect(parsed).toMatchObject({
      KEYSPACE_ENVIRONMENT: 'prod', REDIS_URL: 'redis://localhost:6379/0', REDIS_PASSWORD: '',
      CACHE_TTL_PRODUCTS: '300', CACHE_TTL_JITTER_PRODUCTS: '0.1', CACHE_CLASS_PRODUCTS: 'catalog',
      CACHE_TTL_ROOM_MEMBERS: '7200', CACHE_TTL_ORDERS: '0', CACHE_TTL_GEO: '90', CACHE_TTL_JITTER_GEO: '0.2',
      CACHE_TTL_SESSIONS: 'none', CACHE_TTL_JITTER_SESSIONS: '0', CACHE_CLASS_SESSIONS: 'pinned',
      ORIGIN_POOL_SIZE: '32', ORIGIN_RATE_LIMIT_PER_SEC: '500', CACHE_SINGLE_FLIGHT: 'true',
      PUBSUB_SHARDED: 'true', PUBSUB_QUEUE_LIMIT: '500', PUBSUB_BACKPRESSURE_POLICY: 'drop-oldest', PUBSUB_HEARTBEAT_MS: '25000',
    });
  });

  it('has RATE_LIMIT_CALLS, RATE_LIMIT_PERIOD (seconds) and the algorithm per limiter, and none without limiters', () => {
    const parsed = dotenv.parse(exportDesign(designFrom(FIXTURE_WITH_RATE_LIMITS), { environment: 'prod' }, ['env']).files[0].text);
    expect(parsed).toMatchObject({
      RATE_LIMIT_CALLS_PER_IP: '4', RATE_LIMIT_PERIOD_PER_IP: '0.8', RATE_LIMIT_ALGORITHM_PER_IP: 'fixed-window',
      RATE_LIMIT_CALLS_PER_USER: '5', RATE_LIMIT_PERIOD_PER_USER: '60', RATE_LIMIT_ALGORITHM_PER_USER: 'sliding-log',
      RATE_LIMIT_CALLS_PER_KEY_ALIGNED: '9', RATE_LIMIT_PERIOD_PER_KEY_ALIGNED: '60',
    });
    expect(Object.keys(dotenv.parse(exportDesign(fixtureDesign(), { environment: 'prod' }, ['env']).files[0].text)).filter((k) => k.startsWith('RATE_LIMIT_'))).toEqual([]);
  });

  it('keeps a value with spaces or a hash intact through dotenv (quoted), and a password variable of the design\'s choosing', () => {
    const { files } = exportDesign(fixtureDesign(), { environment: 'prod', connection: { url: 'redis://cache.internal:6379/0#frag', passwordEnv: 'APP_REDIS_PASS' } }, ['env']);
    const parsed = dotenv.parse(files[0].text);
    expect(parsed.APP_REDIS_PASS).toBe('');
    expect(parsed.REDIS_URL).toBe('redis://cache.internal:6379/0');
  });

  it('imports back into the same TTL matrix column, pool, rate limit and flags', () => {
    for (const text of [FIXTURE_YAML, ...PRESETS.map((file) => readFileSync(file, 'utf8'))]) {
      const design = designFrom(text);
      const { files } = exportDesign(design, { environment: 'prod' }, ['env']);
      const imported = importEnv(files[0].text);
      expect(imported.ambiguities).toEqual([]);
      const ttlMatrix = imported.fragment.ttlMatrix as Record<string, Record<string, { ttl: string; jitter: string }>>;
      const used = new Set(design.namespaces.map((ns) => ns.dataClass));
      expect(Object.keys(ttlMatrix).sort()).toEqual([...used].sort());
      for (const dataClass of used) {
        const cell = design.ttlMatrix[dataClass].prod;
        const back = ttlMatrix[dataClass].prod;
        expect(parseTtlMs(back.ttl)).toEqual(parseTtlMs(cell.ttl));
        expect(Number.parseFloat(back.jitter)).toBe(Number.parseFloat(cell.jitter));
      }
      expect(imported.fragment.origin).toMatchObject({ maxConcurrency: design.origin.maxConcurrency });
    }
  });

  it('writes ttl: none as none, says what it means, and leaves the comment as it was for designs without it', () => {
    const text = exportDesign(fixtureDesign(), { environment: 'prod' }, ['env']).files[0].text;
    expect(text).toContain('# TTL per namespace in seconds (0 = never cached, none = cached without expiry: SET without EX), its jitter');
    expect(text).toMatch(/^CACHE_TTL_SESSIONS=none$/m);
    const dev = exportDesign(fixtureDesign(), { environment: 'dev' }, ['env']).files[0].text;
    expect(dev).toContain('# TTL per namespace in seconds (0 = never cached), its jitter');
    expect(dev).toMatch(/^CACHE_TTL_SESSIONS=600$/m);
  });
});
