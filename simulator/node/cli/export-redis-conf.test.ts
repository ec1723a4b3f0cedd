/**
 * The redis.conf fragment and the compose service, consumed by a real redis-server: the server
 * starts from the fragment (and from the compose command line) and CONFIG GET returns every
 * exported value.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRedisServer, listChildProcesses, waitForProcessExit } from '../redis';
import { composeDocument, exportDesign, exportFacts, importConf } from '../../export';
import { designFrom, FIXTURE_WITHOUT_RULES, FIXTURE_YAML, fixtureDesign } from '../../export/testing';

const dir = mkdtempSync(join(tmpdir(), 'keyspace-conf-'));
const children: ChildProcess[] = [];
let binary = '';

beforeAll(async () => {
  binary = (await findRedisServer()).path;
});

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null) child.kill('SIGKILL');
    if (child.pid) await waitForProcessExit(child.pid, 5000);
  }
  rmSync(dir, { recursive: true, force: true });
  expect(listChildProcesses(process.pid).filter((row) => row.args.includes('redis-server') && row.state[0] !== 'Z')).toEqual([]);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts redis-server with `args` on a free port; resolves a connected client (or the server's own
 * error). Persistence is off unless `persistent` (then the fragment's save/appendonly count).
 */
async function startServer(args: string[], persistent = false): Promise<{ client: Redis; log: () => string }> {
  const port = await freePort();
  const off = persistent ? [] : ['--save', '', '--appendonly', 'no'];
  const child = spawn(binary, [...args, '--port', String(port), '--bind', '127.0.0.1', ...off, '--dir', dir, '--daemonize', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => { log += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { log += chunk.toString(); });
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server refused the configuration:\n${log}`);
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      return { client, log: () => log };
    } catch {
      client.disconnect();
      if (Date.now() > deadline) throw new Error(`redis-server did not answer:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function configGet(client: Redis, name: string): Promise<string> {
  const reply = (await client.config('GET', name)) as string[];
  return reply[1];
}

/** Every exported setting as CONFIG GET reports it (the pubsub class is one part of its limit line). */
async function expectConfig(client: Redis, facts: ReturnType<typeof exportFacts>, label = ''): Promise<void> {
  for (const setting of facts.conf) {
    const actual = await configGet(client, setting.name);
    if (setting.name === 'client-output-buffer-limit') expect(actual, `${label} ${setting.name}`).toContain(setting.value);
    else expect(actual, `${label} ${setting.name}`).toBe(setting.value);
  }
}

describe('redis.conf fragment on a real redis-server', () => {
  it('loads, and CONFIG GET returns every exported value exactly', async () => {
    const facts = exportFacts(fixtureDesign(), { environment: 'prod' });
    const conf = exportDesign(fixtureDesign(), { environment: 'prod' }, ['conf']).files[0].text;
    const path = join(dir, 'fixture.conf');
    writeFileSync(path, conf);
    const { client } = await startServer([path]);
    try {
      expect(facts.conf.map((s) => s.name)).toEqual([
        'maxmemory', 'maxmemory-policy', 'maxmemory-samples', 'lfu-log-factor', 'lfu-decay-time', 'hz',
        'active-expire-effort', 'client-output-buffer-limit', 'notify-keyspace-events',
      ]);
      await expectConfig(client, facts);
      expect(await configGet(client, 'maxmemory')).toBe(String(64 * 1024 * 1024));
      expect(await configGet(client, 'notify-keyspace-events')).toBe('g$xeE');
    } finally {
      client.disconnect();
    }
  });

  it('loads for every invalidation mix, with no notifications when the design has no rules', async () => {
    const variants = [
      FIXTURE_WITHOUT_RULES,
      FIXTURE_YAML.replace('maxmemoryPolicy: allkeys-lfu', 'maxmemoryPolicy: noeviction'),
      FIXTURE_YAML.replace('maxmemoryPolicy: allkeys-lfu', 'maxmemoryPolicy: exact-lru').replace('lfuDecayTime: 2m', 'lfuDecayTime: 90s'),
    ];
    for (const [i, text] of variants.entries()) {
      const design = designFrom(text);
      const facts = exportFacts(design, { environment: 'prod' });
      const path = join(dir, `variant-${i}.conf`);
      writeFileSync(path, exportDesign(design, { environment: 'prod' }, ['conf']).files[0].text);
      const { client } = await startServer([path]);
      try {
        await expectConfig(client, facts, `variant ${i}`);
        if (i === 0) expect(await configGet(client, 'notify-keyspace-events')).toBe('');
      } finally {
        client.disconnect();
      }
    }
  });

  it('loads each persistence mode (save, appendonly, appendfsync, aof-use-rdb-preamble) as CONFIG GET reports it', async () => {
    for (const mode of ['rdb', 'aof-everysec', 'aof-always', 'hybrid']) {
      const design = designFrom(FIXTURE_YAML.replace('activeExpireEffort: 3 }', `activeExpireEffort: 3, persistence: { mode: ${mode}, rdbEvery: 2m } }`));
      const facts = exportFacts(design, { environment: 'prod' });
      const conf = exportDesign(design, { environment: 'prod' }, ['conf']).files[0].text;
      expect(conf).toMatch(/# persistence [a-z-]+: .*fork copy-on-write/);
      expect(importConf(conf).fragment.server).toMatchObject({ persistence: mode === 'rdb' || mode === 'hybrid' ? { mode, rdbEvery: '2m' } : { mode } });
      const path = join(dir, `persistence-${mode}.conf`);
      writeFileSync(path, conf);
      const { client } = await startServer([path], true);
      try {
        await expectConfig(client, facts, mode);
        expect(await configGet(client, 'appendonly')).toBe(mode === 'rdb' ? 'no' : 'yes');
        expect(await configGet(client, 'save')).toBe(mode === 'rdb' || mode === 'hybrid' ? '120 1' : '');
      } finally {
        client.disconnect();
      }
    }
  });

  it('reads back into the design\'s server settings (importConf)', () => {
    const design = fixtureDesign();
    const conf = exportDesign(design, { environment: 'prod' }, ['conf']).files[0].text;
    const imported = importConf(conf, { design });
    expect(imported.ambiguities).toEqual([]);
    // Persistence (none here: nothing exported) and replication are not redis.conf settings of one
    // server, and the server version is not a setting at all (the export follows it, the file does not say it).
    const { cluster: _cluster, persistence: _persistence, replication: _replication, version: _version, ...server } = design.server;
    expect(imported.fragment.server).toEqual(server);
    expect(imported.fragment.pubsub).toEqual({ topology: { outputBufferLimit: { hard: '16mb', soft: '4mb', softFor: '30s' } } });
  });
});

describe('docker-compose service command on a real redis-server', () => {
  it('starts redis-server with the same settings, as Compose would pass them', async () => {
    const facts = exportFacts(fixtureDesign(), { environment: 'prod' });
    const service = (composeDocument(facts).services as Record<string, { command: string[] }>).redis;
    // Compose turns `$$` into `$`; the first word is the image's redis-server.
    const [, ...args] = service.command.map((arg) => arg.replace(/\$\$/g, '$'));
    const { client } = await startServer(args);
    try {
      await expectConfig(client, facts);
    } finally {
      client.disconnect();
    }
  });
});
