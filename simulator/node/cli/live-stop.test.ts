/**
 * Every stop of a live run is clean: `keyspace run --engine live --redis …` child processes are
 * stopped with SIGTERM, SIGHUP and SIGKILL mid-run, against a real redis-server the test starts;
 * a live replay stopped with SIGINT and a live run that fails still print what they measured.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMonitorLine } from '../../trace';
import { listChildProcesses, startManagedRedis } from '../redis';
import type { ManagedRedis } from '../redis';
import { spawnKeyspace, waitFor, writeLongDesign } from './stop-test-support';

const DB = 3;
let dir: string;
let design: string;
let server: ManagedRedis;
let admin: Redis;
let data: Redis;
let originals: { hz: string; samples: string };

async function setting(name: string): Promise<string> {
  return ((await admin.config('GET', name)) as string[])[1];
}

async function runKeys(): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await data.scan(cursor, 'MATCH', 'kw:*', 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

/** Starts a long live run in a fresh data dir and waits until it changed CONFIG and wrote keys. */
async function startMidRun(env: Record<string, string> = {}): Promise<{ run: ReturnType<typeof spawnKeyspace>; dataDir: string }> {
  const dataDir = mkdtempSync(join(dir, 'data-'));
  const run = spawnKeyspace(['run', design, '--engine', 'live', '--redis', `${server.url}/${DB}`], { KEYSPACE_DATA_DIR: dataDir, ...env });
  await waitFor('the run to change hz and write keys', async () => {
    if (run.child.exitCode !== null) throw new Error(`the run ended early:\n${run.stdout()}\n${run.stderr()}`);
    return (await setting('hz')) === '50' && (await data.dbsize()) > 100;
  });
  return { run, dataDir };
}

function journalFiles(dataDir: string): string[] {
  const journal = join(dataDir, 'config-journal');
  return existsSync(journal) ? readdirSync(journal) : [];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keyspace-stop-'));
  design = writeLongDesign(dir);
  server = await startManagedRedis();
  admin = new Redis({ host: server.host, port: server.port });
  data = new Redis({ host: server.host, port: server.port, db: DB });
  originals = { hz: await setting('hz'), samples: await setting('maxmemory-samples') };
  expect(originals).not.toEqual({ hz: '50', samples: '10' });
});

afterAll(async () => {
  admin?.disconnect();
  data?.disconnect();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('keyspace run --engine live on a user\'s server, stopped by a signal', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('restores CONFIG and deletes the run\'s keys after %s, prints the partial result and exits %i', async (signal, code) => {
    const { run, dataDir } = await startMidRun();
    expect(journalFiles(dataDir)).toHaveLength(1);
    run.child.kill(signal);
    const exit = await run.exited;
    expect(exit.code).toBe(code);
    expect(run.stdout()).toMatch(/^requests\s+[\d,]+ \(partial: stopped early\)$/m);
    expect(run.stdout()).toMatch(/^hit ratio\s+\d/m);
    expect(run.stderr()).toContain(`${signal} received; stopping the run and cleaning up`);
    expect(run.stderr()).toContain(`stopped by ${signal}; the result above is partial`);
    expect(await setting('hz')).toBe(originals.hz);
    expect(await setting('maxmemory-samples')).toBe(originals.samples);
    expect(await runKeys()).toEqual([]);
    expect(journalFiles(dataDir)).toEqual([]);
  }, 90_000);
});

describe('a live run whose cleanup hangs', () => {
  it('exits 143 within the bound after SIGTERM, naming what may be left and the command that removes it, which then does', async () => {
    // A bound shorter than any step's own deadline, so the bound is what ends the command.
    const { run, dataDir } = await startMidRun({ KEYSPACE_STOP_TIMEOUT_MS: '2000' });
    // A frozen server: the run's teardown waits on it, so only the bound can end the command.
    process.kill(server.pid, 'SIGSTOP');
    let exit: { code: number | null };
    const signalledAt = Date.now();
    try {
      run.child.kill('SIGTERM');
      exit = await run.exited;
    } finally {
      process.kill(server.pid, 'SIGCONT');
    }
    const tookMs = Date.now() - signalledAt;
    expect(exit.code).toBe(143);
    expect(tookMs).toBeGreaterThan(1900);
    expect(tookMs).toBeLessThan(10_000);
    expect(run.stderr()).toContain('keyspace run: the cleanup did not finish within 2 s of SIGTERM; exiting without waiting for the cleanup.');
    expect(run.stderr()).toMatch(/^What may be left on redis:\/\/127\.0\.0\.1:\d+\/3: keys under kw:live-[a-z0-9-]+: and the CONFIG values the run changed \(their originals are journaled in .*config-journal\/live-[a-z0-9-]+\.json\)\.$/m);
    const hint = /^Clean up with: (keyspace cleanup --redis '(\S+)')$/m.exec(run.stderr());
    expect(hint?.[2]).toBe(`${server.url}/${DB}`);
    const cleanup = spawnKeyspace(['cleanup', '--redis', hint?.[2] ?? ''], { KEYSPACE_DATA_DIR: dataDir });
    expect((await cleanup.exited).code).toBe(0);
    expect(await setting('hz')).toBe(originals.hz);
    expect(await setting('maxmemory-samples')).toBe(originals.samples);
    expect(await runKeys()).toEqual([]);
  }, 90_000);
});

describe('a live run killed with SIGKILL', () => {
  async function killMidRun(): Promise<{ dataDir: string; leftKeys: number }> {
    const { run, dataDir } = await startMidRun();
    run.child.kill('SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
    const [file] = journalFiles(dataDir);
    const entry = JSON.parse(readFileSync(join(dataDir, 'config-journal', file), 'utf8'));
    expect(entry.nodes[0].originals).toMatchObject({ hz: originals.hz, 'maxmemory-samples': originals.samples });
    expect(entry).toMatchObject({ db: DB, pid: run.child.pid });
    expect(entry.prefix).toMatch(/^kw:live-[a-z0-9-]+:$/);
    // Nothing ran the teardown: the server still has the run's values and keys.
    expect(await setting('hz')).toBe('50');
    const leftKeys = (await runKeys()).length;
    expect(leftKeys).toBeGreaterThan(0);
    return { dataDir, leftKeys };
  }

  it('is undone by the next live run, which takes the journaled originals, not the changed values', async () => {
    const { dataDir, leftKeys } = await killMidRun();
    const next = spawnKeyspace(['run', design, '--engine', 'live', '--redis', `${server.url}/${DB}`, '--requests', '300', '--ignore-targets'], { KEYSPACE_DATA_DIR: dataDir });
    const exit = await next.exited;
    expect(next.stderr()).toBe('');
    expect(exit.code).toBe(0);
    expect(next.stdout()).toMatch(new RegExp(`^warning: restored maxmemory-policy \\S+, maxmemory-samples ${originals.samples}, hz ${originals.hz} and notify-keyspace-events "" left by run kw:live-[a-z0-9-]+:… \\(pid \\d+, no longer running\\), deleted ${leftKeys.toLocaleString('en-US')} leftover keys in DB ${DB}$`, 'm'));
    expect(await setting('hz')).toBe(originals.hz);
    expect(await setting('maxmemory-samples')).toBe(originals.samples);
    expect(await runKeys()).toEqual([]);
    expect(journalFiles(dataDir)).toEqual([]);
  }, 90_000);

  it('is undone by keyspace cleanup, which then has nothing left to clean', async () => {
    const { dataDir, leftKeys } = await killMidRun();
    const cleanup = spawnKeyspace(['cleanup', '--redis', server.url], { KEYSPACE_DATA_DIR: dataDir });
    expect((await cleanup.exited).code).toBe(0);
    expect(cleanup.stdout()).toMatch(new RegExp(`^restored .*maxmemory-samples ${originals.samples}, hz ${originals.hz} and notify-keyspace-events "" left by run kw:\\S+ \\(pid \\d+, no longer running\\), deleted ${leftKeys.toLocaleString('en-US')} leftover keys in DB ${DB}$`, 'm'));
    expect(await setting('hz')).toBe(originals.hz);
    expect(await setting('maxmemory-samples')).toBe(originals.samples);
    expect(await runKeys()).toEqual([]);
    const again = spawnKeyspace(['cleanup', '--redis', server.url], { KEYSPACE_DATA_DIR: dataDir });
    expect((await again.exited).code).toBe(0);
    expect(again.stdout()).toMatch(/^nothing to clean on 127\.0\.0\.1:\d+: the journal \(.*config-journal\) holds no run of this server$/m);
  }, 90_000);
});

describe('what a stopped or failed live command prints', () => {
  it('a live replay stopped with SIGINT prints its partial result and exits 130', async () => {
    const trace = join(dir, 'minute.monitor');
    const lines = ['OK'];
    // 6,000 commands over a minute: at 1x the replay is still going when the signal comes.
    for (let i = 0; i < 6000; i++) lines.push(formatMonitorLine(1_700_000_000_000_000 + i * 10_000, 0, '10.0.0.1:5000', i % 4 === 0 ? ['SET', `user:${i % 300}`, 'v'.repeat(50)] : ['GET', `user:${i % 300}`]));
    writeFileSync(trace, `${lines.join('\n')}\n`);
    const replay = spawnKeyspace(['replay', trace, '--engine', 'live', '--speed', '1x'], {});
    const started = Date.now();
    await waitFor('the replay\'s managed redis-server', () => listChildProcesses(replay.child.pid).some((row) => row.args.includes('redis-server')));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    replay.child.kill('SIGINT');
    const exit = await replay.exited;
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(exit.code).toBe(130);
    expect(replay.stdout()).toMatch(/live engine at 1x speed/);
    expect(replay.stdout()).toMatch(/^requests\s+[\d,]+ \(partial: stopped early\)$/m);
    expect(replay.stderr()).toContain('keyspace replay: stopped by SIGINT; the result above is partial');
    expect(listChildProcesses(replay.child.pid)).toEqual([]);
  }, 60_000);

  it('a live run whose server goes away prints the partial result table, then exits 2', async () => {
    const doomed = await startManagedRedis();
    const dataDir = mkdtempSync(join(dir, 'data-'));
    const run = spawnKeyspace(['run', design, '--engine', 'live', '--redis', `${doomed.url}/0?reconnectDeadlineMs=1000`], { KEYSPACE_DATA_DIR: dataDir });
    const probe = new Redis({ host: doomed.host, port: doomed.port });
    await waitFor('the run to write keys', async () => (await probe.dbsize()) > 100);
    probe.disconnect();
    await doomed.stop();
    const exit = await run.exited;
    expect(exit.code).toBe(2);
    expect(run.stderr()).toMatch(/the live run failed \(disconnected\): The connection to 127\.0\.0\.1:\d+ dropped and did not come back within 1 s; the run stopped with what it had\./);
    expect(run.stdout()).toMatch(/^stop test — prod, seed 5, live$/m);
    expect(run.stdout()).toMatch(/^requests\s+[1-9][\d,]* \(partial: stopped early\)$/m);
  }, 60_000);
});
