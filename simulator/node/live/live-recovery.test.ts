/**
 * A live run on a user's server first undoes what killed runs left there (the CONFIG journal),
 * before it decides whether the database is empty, and says what it did even when it then stops.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigJournal, identifyNodes, startManagedRedis, type ManagedRedis } from '../redis';
import { LiveEngine } from './live-engine';
import { smallPlan } from './test-support';

let server: ManagedRedis;
let client: Redis;
let dataDir: string;

beforeAll(async () => {
  server = await startManagedRedis({ settings: { hz: 10 } });
  client = new Redis({ host: server.host, port: server.port });
  dataDir = mkdtempSync(join(tmpdir(), 'keyspace-live-recovery-'));
});

afterAll(async () => {
  client.disconnect();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('LiveEngine on a server a killed run left behind', () => {
  it('restores the journaled hz and deletes the leftover keys before checking the DB is empty, and reports it on the failed result', async () => {
    const journal = new ConfigJournal(join(dataDir, 'config-journal'));
    const [{ address, serverRunId }] = await identifyNodes(client);
    journal.write({
      version: 1, runId: 'killed', prefix: 'kw:killed:', target: address, db: 0, pid: 2 ** 22 + 1, hostname: hostname(),
      startedAt: new Date().toISOString(), nodes: [{ address, serverRunId, originals: { hz: '10' } }],
    });
    await client.config('SET', 'hz', '50');
    await client.mset('kw:killed:item:1', 'a', 'kw:killed:item:2', 'b', 'kw:killed:list:1', 'c', 'someone:else', 'd');

    const result = await new LiveEngine({ target: { url: `${server.url}/0` }, env: { KEYSPACE_DATA_DIR: dataDir } }).run(smallPlan({ duration: '1s' }));

    expect(result.error?.code).toBe('non-empty-db');
    // Only the key the run does not own is left to make the DB non-empty.
    expect(result.error?.message).toMatch(/already holds 1 key\./);
    expect(result.warnings).toContain(`restored hz 10 left by run kw:killed:… (pid ${2 ** 22 + 1}, no longer running), deleted 3 leftover keys`);
    expect(((await client.config('GET', 'hz')) as string[])[1]).toBe('10');
    expect(await client.keys('*')).toEqual(['someone:else']);
    expect(readdirSync(journal.dir)).toEqual([]);
  }, 30_000);
});
