import { afterAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { ManagedRedis } from '../redis';
import { crowdedServer, dumpAll, FOREIGN_KEYS } from '../live/test-support';
import { runCli } from './test-cli';

const started: ManagedRedis[] = [];
const clients: Redis[] = [];
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await Promise.all(started.map((server) => server.stop()));
});

const cli = runCli;

describe('keyspace run --engine live on a server that holds keys of others (issue 12)', () => {
  it('exits 2 before writing anything when the run could evict them; with --allow-eviction-risk it stops at the first such eviction and exits 2 naming the keys lost', async () => {
    const { server, admin } = await crowdedServer();
    started.push(server);
    clients.push(admin);
    const before = await dumpAll(admin);
    const args = ['run', 'presets/eviction-shootout.yaml', '--engine', 'live', '--redis', `redis://127.0.0.1:${server.port}/5`, '--requests', '20000', '--ignore-targets'];

    const refused = await cli(...args);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/live run failed \(foreign-eviction-risk\): Refusing to run on 127\.0\.0\.1:\d+ \(DB 5\)/);
    expect(refused.err).toMatch(/10,000 keys the run does not own could be evicted \(DB 0: 10,000\)/);
    expect(await dumpAll(admin)).toEqual(before);

    const risked = await cli(...args, '--allow-eviction-risk');
    expect(risked.code).toBe(2);
    const lost = FOREIGN_KEYS - await admin.dbsize();
    expect(lost).toBeGreaterThan(0);
    expect(risked.err).toMatch(new RegExp(`live run failed \\(foreign-eviction\\): The run stopped: 127\\.0\\.0\\.1:\\d+ evicted ${lost} keys? the run did not write`));
  }, 60_000);

  it('takes --allow-eviction-risk only with --redis', async () => {
    const misplaced = await cli('run', 'presets/eviction-shootout.yaml', '--engine', 'live', '--managed', '--allow-eviction-risk');
    expect(misplaced.code).toBe(2);
    expect(misplaced.err).toContain('--allow-eviction-risk applies to --redis <url>');
  });
});

describe('keyspace run --engine live --managed-cluster N: the design\'s maxmemory is the whole cluster\'s', () => {
  it('gives each master maxmemory ÷ N and says so in the warnings, as the app does', async () => {
    const run = await cli('run', 'presets/eviction-shootout.yaml', '--engine', 'live', '--managed-cluster', '2', '--requests', '3000', '--speed', 'max', '--ignore-targets');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('warning: maxmemory 40mb is the design\'s whole cache: on this 2-shard cluster each master got 20mb (40mb ÷ 2)');
  }, 60_000);
});
