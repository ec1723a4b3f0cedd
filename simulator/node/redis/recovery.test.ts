import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigJournal, JournalEntrySchema, type JournalEntry } from './config-journal';
import { startManagedRedis, type ManagedRedis } from './managed-server';
import { recoverLeftovers } from './recovery';
import { RunGuard } from './safety';
import { identifyNodes } from './server-identity';

let server: ManagedRedis;
let client: Redis;
let dir: string;
let journal: ConfigJournal;
let serverRunId: string;
let address: string;
/** A pid no process can have: above the largest pid_max Linux allows (2^22). */
const DEAD_PID = 2 ** 22 + 1;

beforeAll(async () => {
  server = await startManagedRedis({ settings: { hz: 10, 'maxmemory-samples': 5 } });
  client = new Redis({ host: server.host, port: server.port, lazyConnect: true });
  await client.connect();
  [{ serverRunId, address }] = await identifyNodes(client);
});

afterAll(async () => {
  client.disconnect();
  await server.stop();
});

// The tests own this server, so FLUSHDB between them is fine; recovery never sends it.
beforeEach(async () => {
  await client.flushdb();
  await client.config('SET', 'hz', '10');
  await client.config('SET', 'maxmemory-samples', '5');
  dir = mkdtempSync(join(tmpdir(), 'keyspace-journal-'));
  journal = new ConfigJournal(dir);
  return () => rmSync(dir, { recursive: true, force: true });
});

function entry(runId: string, fields: Partial<JournalEntry> = {}): JournalEntry {
  return {
    version: 1, runId, prefix: `kw:${runId}:`, target: address, db: 0, pid: DEAD_PID, hostname: hostname(),
    startedAt: new Date().toISOString(), nodes: [{ address, serverRunId, originals: { hz: '10', 'maxmemory-samples': '5' } }], ...fields,
  };
}

async function hz(): Promise<string> {
  return ((await client.config('GET', 'hz')) as string[])[1];
}

describe('the CONFIG journal', () => {
  it('journals the prefix before any write and each original before its CONFIG SET, atomically, and removes the entry once restored and cleaned', async () => {
    const guard = new RunGuard({ runId: 'journaled', target: address, journal, db: 0 });
    await guard.begin(client);
    const file = journal.fileOf('journaled');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ prefix: 'kw:journaled:', pid: process.pid, nodes: [{ address, serverRunId, originals: {} }] });
    if (process.platform === 'linux') expect(JSON.parse(readFileSync(file, 'utf8')).pidStartTicks).toMatch(/^\d+$/);
    await guard.changeConfig(client, 'hz', 40);
    const written = JournalEntrySchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(written.nodes[0].originals).toEqual({ hz: '10' });
    expect(readdirSync(dir)).toEqual(['journaled.json']);
    await client.set(guard.key('a'), '1');
    expect(await guard.cleanup(client)).toBe(1);
    expect(existsSync(file)).toBe(true);
    await guard.restoreConfig();
    expect(await hz()).toBe('10');
    expect(existsSync(file)).toBe(false);
  });

  it('never takes a value another running run changed for the original: that run\'s journaled original wins', async () => {
    journal.write(entry('still-going', { pid: process.pid, nodes: [{ address, serverRunId, originals: { hz: '10' } }] }));
    await client.config('SET', 'hz', '50');
    const guard = new RunGuard({ runId: 'second', target: address, journal });
    await guard.begin(client);
    await guard.changeConfig(client, 'hz', 60);
    expect(guard.changedSettings()).toEqual([{ name: 'hz', oldValue: '10' }]);
    await guard.restoreConfig();
    expect(await hz()).toBe('10');
  });
});

describe('recoverLeftovers', () => {
  it('restores the journaled originals of a dead run, deletes its keys in its DB and removes the entry', async () => {
    journal.write(entry('dead', { db: 2 }));
    await client.config('SET', 'hz', '50');
    await client.config('SET', 'maxmemory-samples', '10');
    const db2 = new Redis({ host: server.host, port: server.port, db: 2 });
    await db2.mset('kw:dead:a', '1', 'kw:dead:b', '2', 'kw:deadly:c', '3', 'other', '4');
    const report = await recoverLeftovers(client, { journal });
    expect(report.lines).toEqual([`restored hz 10 and maxmemory-samples 5 left by run kw:dead:… (pid ${DEAD_PID}, no longer running), deleted 2 leftover keys in DB 2`]);
    expect(await hz()).toBe('10');
    expect((await db2.keys('*')).sort()).toEqual(['kw:deadly:c', 'other']);
    db2.disconnect();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves the settings and keys of a run that is still running alone, and keeps its entry', async () => {
    journal.write(entry('alive', { pid: process.pid }));
    await client.config('SET', 'hz', '50');
    await client.set('kw:alive:k', '1');
    const report = await recoverLeftovers(client, { journal });
    expect(report.lines).toEqual([`left alone the settings and keys of run kw:alive:… (pid ${process.pid}, still running)`]);
    expect(report.leftAlone).toBe(1);
    expect(await hz()).toBe('50');
    expect(await client.get('kw:alive:k')).toBe('1');
    expect(readdirSync(dir)).toEqual(['alive.json']);
  });

  it.runIf(process.platform === 'linux')('takes a pid now used by another process (another start time) for a dead run', async () => {
    journal.write(entry('reused-pid', { pid: process.pid, pidStartTicks: '1' }));
    await client.config('SET', 'hz', '50');
    const report = await recoverLeftovers(client, { journal });
    expect(report.lines[0]).toMatch(/^restored hz 10 and maxmemory-samples 5 left by run kw:reused-pid:… \(pid \d+, no longer running\)/);
    expect(await hz()).toBe('10');
  });

  it('on a server restarted since (same address, new run_id) deletes the keys but sets nothing', async () => {
    journal.write(entry('before-restart', { nodes: [{ address, serverRunId: 'f'.repeat(40), originals: { hz: '1' } }] }));
    await client.set('kw:before-restart:k', '1');
    const report = await recoverLeftovers(client, { journal });
    expect(report.lines[0]).toMatch(/^found the server restarted since \(its settings are its own again\) left by run kw:before-restart:… .*deleted 1 leftover key$/);
    expect(await hz()).toBe('10');
    expect(await client.exists('kw:before-restart:k')).toBe(0);
  });

  it('ignores entries of other servers and reports a corrupt file without touching it', async () => {
    journal.write(entry('elsewhere', { nodes: [{ address: '10.9.9.9:6379', serverRunId: 'e'.repeat(40), originals: { hz: '1' } }] }));
    writeFileSync(join(dir, 'broken.json'), '{"version": 1');
    const report = await recoverLeftovers(client, { journal });
    expect(report.lines).toEqual([expect.stringMatching(/broken\.json: unreadable \(.*\); left in place$/)]);
    expect(readdirSync(dir).sort()).toEqual(['broken.json', 'elsewhere.json']);
    expect(await hz()).toBe('10');
  });
});
