import { describe, expect, it } from 'vitest';
import { loadDesign } from '../model';
import { exportDesign, importConf, importEnv, mergeIntoDesignText } from './index';
import { designFrom, FIXTURE_WITHOUT_PUBSUB, FIXTURE_YAML, fixtureDesign } from './testing';

describe('importEnv', () => {
  it('reads TTLs into the TTL matrix column named by KEYSPACE_ENVIRONMENT', () => {
    const { fragment, ambiguities } = importEnv('KEYSPACE_ENVIRONMENT=prod\nCACHE_TTL_PRODUCTS=420\nCACHE_TTL_JITTER_PRODUCTS=0.05\nCACHE_CLASS_PRODUCTS=catalog\n');
    expect(ambiguities).toEqual([]);
    expect(fragment).toEqual({ ttlMatrix: { catalog: { prod: { ttl: '7m', jitter: '5%' } } } });
  });

  it('skips what is ambiguous: no environment, a class whose namespaces disagree, an unknown namespace, a bad value', () => {
    expect(importEnv('CACHE_TTL_PRODUCTS=300\nCACHE_CLASS_PRODUCTS=catalog\n').ambiguities).toEqual([expect.stringMatching(/^no environment/)]);
    const disagree = importEnv('KEYSPACE_ENVIRONMENT=prod\nCACHE_TTL_A=300\nCACHE_CLASS_A=c\nCACHE_TTL_B=60\nCACHE_CLASS_B=c\n');
    expect(disagree.fragment).toEqual({});
    expect(disagree.ambiguities[0]).toMatch(/data class c: its namespaces disagree \(a 5m ±0%, b 1m ±0%\)/);
    const design = fixtureDesign();
    const unknown = importEnv('KEYSPACE_ENVIRONMENT=prod\nCACHE_TTL_NOPE=300\nCACHE_TTL_PRODUCTS=abc\nORIGIN_POOL_SIZE=many\n', { design });
    expect(unknown.ambiguities).toEqual([
      'CACHE_TTL_NOPE: no namespace of the design is called NOPE',
      'CACHE_TTL_PRODUCTS=abc: not a TTL in seconds (or none: no expiry) with a jitter between 0 and 1',
      'ORIGIN_POOL_SIZE=many: expected a whole number of connections',
    ]);
    expect(importEnv('CACHE_TTL_X=1\n', { design, environment: 'qa' }).ambiguities[0]).toMatch(/environment "qa" is not one of the design's/);
  });

  it('reads none back as ttl: none (no jitter), and refuses none with a jitter', () => {
    expect(importEnv('KEYSPACE_ENVIRONMENT=prod\nCACHE_TTL_SESSIONS=none\nCACHE_TTL_JITTER_SESSIONS=0\nCACHE_CLASS_SESSIONS=pinned\n')).toEqual({
      fragment: { ttlMatrix: { pinned: { prod: { ttl: 'none', jitter: '0%' } } } }, ambiguities: [], notes: [],
    });
    expect(importEnv('KEYSPACE_ENVIRONMENT=prod\nCACHE_TTL_SESSIONS=none\nCACHE_TTL_JITTER_SESSIONS=0.1\nCACHE_CLASS_SESSIONS=pinned\n').ambiguities).toEqual([
      'CACHE_TTL_SESSIONS=none with CACHE_TTL_JITTER_SESSIONS=0.1: a key without expiry has no TTL to jitter',
    ]);
  });

  it('uses the design to find a namespace\'s data class when the file does not say, and flags a contradiction', () => {
    const design = fixtureDesign();
    expect(importEnv('CACHE_TTL_ROOM_MEMBERS=60\n', { design, environment: 'dev' }).fragment).toEqual({ ttlMatrix: { rooms: { dev: { ttl: '1m', jitter: '0%' } } } });
    expect(importEnv('CACHE_TTL_ROOM_MEMBERS=60\nCACHE_CLASS_ROOM_MEMBERS=other\n', { design, environment: 'dev' }).ambiguities[0]).toMatch(/the file puts room-members in data class other, the design in rooms/);
  });
});

describe('importConf', () => {
  it('reads redis.conf units as Redis does and maps settings to the design\'s server fields', () => {
    const { fragment, ambiguities, notes } = importConf('# comment\nmaxmemory 2GB\nmaxmemory-policy "volatile-ttl"\nhz 50\nlfu-decay-time 0\ncluster-enabled yes\nappendonly no\n');
    expect(ambiguities).toEqual([]);
    // No save line: Redis's default snapshots (save 3600 1 …) make it rdb every hour.
    expect(fragment).toEqual({ server: { maxmemory: '2gb', maxmemoryPolicy: 'volatile-ttl', hz: 50, lfuDecayTime: '0m', cluster: true, persistence: { mode: 'rdb', rdbEvery: '1h' } } });
    expect(notes).toEqual([]);
    expect(importConf('appendonly no\nsave ""\n').fragment).toEqual({ server: { persistence: { mode: 'none' } } });
    expect(importConf('appendonly yes\n').fragment).toEqual({ server: { persistence: { mode: 'hybrid', rdbEvery: '1h' } } });
    expect(importConf('maxmemory 1000000\n').fragment).toEqual({ server: { maxmemory: '1000000b' } });
    expect(importConf('maxmemory 100k\n').fragment).toEqual({ server: { maxmemory: '100000b' } });
  });

  it('skips invalid values and follows no include', () => {
    const { fragment, ambiguities } = importConf('maxmemory-policy lru-ish\nhz 9000\ninclude /etc/redis/other.conf\nclient-output-buffer-limit pubsub 1mb\n', { design: designFrom(FIXTURE_WITHOUT_PUBSUB) });
    expect(fragment).toEqual({});
    expect(ambiguities).toEqual([
      expect.stringMatching(/^line 1: maxmemory-policy lru-ish is not one of noeviction/),
      'line 2: hz 9000 is not a whole number from 1 to 500',
      'line 3: include /etc/redis/other.conf is not followed; import that file too',
      'line 4: client-output-buffer-limit takes groups of <class> <hard> <soft> <seconds>',
    ]);
  });
});

describe('mergeIntoDesignText', () => {
  it('edits only changed values, keeps comments and layout, inserts missing fields into block and flow maps', () => {
    const text = FIXTURE_YAML.replace('server: { maxmemory: 64mb,', '# the cache server\nserver: { maxmemory: 64mb,').replace('client: { singleFlight: true }', 'client:\n  singleFlight: true # coalesce misses');
    const design = designFrom(text);
    const fragment = {
      server: { maxmemory: '128mb', hz: 20 },
      client: { rtt: '1ms', singleFlight: true },
      ttlMatrix: { drafts: { prod: { ttl: '10m', jitter: '15%' } } },
    };
    const merged = mergeIntoDesignText(text, fragment, design);
    expect(merged.changed.map((c) => `${c.path}: ${String(c.before)} → ${String(c.after)}`)).toEqual([
      'server.maxmemory: 64mb → 128mb', 'client.rtt: 300us → 1ms', 'ttlMatrix.drafts.prod.jitter: 0% → 15%',
    ]);
    expect(merged.text).toContain('# the cache server\nserver: { maxmemory: 128mb,');
    expect(merged.text).toContain('client:\n  singleFlight: true # coalesce misses\n  rtt: 1ms\n');
    expect(merged.text).toContain('drafts: { dev: { ttl: 1m }, prod: { ttl: 10m, jitter: 15% } }');
    const reloaded = loadDesign(merged.text);
    expect(reloaded.ok).toBe(true);
  });

  it('round-trips: importing an export into its own design changes nothing', () => {
    const design = fixtureDesign();
    const { files } = exportDesign(design, { environment: 'prod' }, ['env', 'conf']);
    for (const file of files) {
      const imported = file.format === 'env' ? importEnv(file.text, { design }) : importConf(file.text, { design });
      expect(mergeIntoDesignText(FIXTURE_YAML, imported.fragment, design).changed).toEqual([]);
    }
  });
});
