import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../run';
import { startManagedRedis, type ManagedRedis } from '../redis';
import { leftoverServerProcesses } from '../redis/test-support';
import { LiveEngine } from './live-engine';
import { pubsubPlan, smallDesignYaml, smallPlan } from './test-support';

const BIN = fileURLToPath(new URL('../../../bin/keyspace.mjs', import.meta.url));
/** Short limits so each case ends in seconds: a command 1 s, reconnecting 1.5 s. */
const LIMITS = { commandTimeoutMs: 1000, reconnectDeadlineMs: 1500 };
/** The teardown's own bound (LIVE_DEADLINES.teardownMs) plus the final INFO (2 s) and slack for a loaded machine. */
const TEARDOWN_BOUND_MS = 10_000 + 2000 + 2000;

const started: ManagedRedis[] = [];
const clients: Redis[] = [];
const dirs: string[] = [];

/** A redis-server the test starts and treats as the user's own (targeted by URL, with the safety rules). */
async function userServer(): Promise<{ server: ManagedRedis; admin: Redis }> {
  const server = await startManagedRedis();
  started.push(server);
  const admin = new Redis({ host: server.host, port: server.port, lazyConnect: true });
  admin.on('error', () => undefined);
  await admin.connect();
  clients.push(admin);
  return { server, admin };
}

/** Stops the server's process (SIGSTOP): it keeps its sockets and answers nothing. */
function freeze(server: ManagedRedis): number {
  process.kill(server.pid, 'SIGSTOP');
  return performance.now();
}

afterAll(async () => {
  for (const server of started) process.kill(server.pid, 'SIGCONT');
  for (const client of clients) client.disconnect();
  await Promise.all(started.map((server) => server.stop()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  expect(await leftoverServerProcesses()).toEqual([]);
});

/** What the message of a run that could not clean up must say. */
function expectLeftoversNamed(message: string | undefined, runId: string): void {
  expect(message).toMatch(new RegExp(`keys under kw:${runId}: in DB 0 may remain`));
  expect(message).toMatch(/CONFIG values the run changed may not be restored to their original values: .*maxmemory \(was "0"\)/);
  expect(message).toMatch(/Clean up with: keyspace cleanup --redis redis:\/\/127\.0\.0\.1:\d+/);
}

describe('a user\'s server that stops answering (SIGSTOP)', () => {
  it('mid-run: the run ends within its deadlines with a partial result naming the keys and CONFIG left behind', async () => {
    const { server, admin } = await userServer();
    const plan = smallPlan({ keys: 2000, rate: '2000/s', duration: '30s', maxmemory: '50mb' });
    let frozenAt = 0;
    const freezeAfterHalfASecond = {
      snapshot: () => undefined,
      progress: ({ tMs }: { tMs: number }) => {
        if (tMs >= 500 && frozenAt === 0) frozenAt = freeze(server);
      },
    };
    const result = await new LiveEngine({ target: { url: server.url }, runId: 'stalled-mid', ...LIMITS }).run(plan, freezeAfterHalfASecond);
    const endedAfterMs = performance.now() - frozenAt;
    process.kill(server.pid, 'SIGCONT');
    // The command timeout, then reconnecting, then the teardown: each bounded.
    expect(frozenAt).toBeGreaterThan(0);
    expect(endedAfterMs).toBeLessThan(LIMITS.commandTimeoutMs + LIMITS.reconnectDeadlineMs + TEARDOWN_BOUND_MS);
    expect(result.partial).toBe(true);
    expect(result.error?.code).toBe('disconnected');
    expect(result.error?.message).toMatch(/did not come back within 1\.5 s; .*\(last attempt: .*(got no answer|did not answer)/);
    expect(result.live.gaps[0]?.reason).toMatch(/did not answer a command in time \(Command timed out: no reply for 1000 ms\)/);
    expectLeftoversNamed(result.error?.message, 'stalled-mid');
    expect(result.live.configRestored).toBe(false);
    expect(result.warnings.join('\n')).not.toMatch(/other clients are probably using the server/);
    expect(result.requests).toBeGreaterThan(500);
    expect(result.requests).toBeLessThan(plan.phases[0].expectedRequests / 2);
    // The keys the message names are there once the server runs again. (The CONFIG SETs the
    // teardown wrote may still apply then, from the socket's buffer: "may not be restored".)
    expect(await admin.dbsize()).toBeGreaterThan(0);
  });

  it('during teardown: the teardown ends within its budget, the result is partial and names what it could not clean', async () => {
    const { server, admin } = await userServer();
    const plan = smallPlan({ keys: 300, rate: '500/s', duration: '1s', maxmemory: '50mb' });
    let allIssued = false;
    let frozenAt = 0;
    // The closing snapshot comes after the last reply and the final INFO, right before the teardown.
    const freezeAtTheEnd = {
      progress: ({ done, total }: { done: number; total: number }) => {
        allIssued = done === total;
      },
      snapshot: (snapshot: Snapshot) => {
        if (allIssued && snapshot.tMs >= 1000 && frozenAt === 0) frozenAt = freeze(server);
      },
    };
    const result = await new LiveEngine({ target: { url: server.url }, runId: 'stalled-teardown', ...LIMITS }).run(plan, freezeAtTheEnd);
    const endedAfterMs = performance.now() - frozenAt;
    process.kill(server.pid, 'SIGCONT');
    expect(frozenAt).toBeGreaterThan(0);
    expect(endedAfterMs).toBeLessThan(TEARDOWN_BOUND_MS);
    expect(result.partial).toBe(true);
    // Under load the freeze can land while the last replies are still due: the run then fails
    // first ('disconnected') and the teardown's leftovers are added to that error.
    expect(['timeout', 'disconnected']).toContain(result.error?.code);
    expect(result.error?.message).toMatch(/The run could not clean up after itself on 127\.0\.0\.1:\d+/);
    expectLeftoversNamed(result.error?.message, 'stalled-teardown');
    expect(result.requests).toBe(plan.phases[0].expectedRequests);
    expect(await admin.dbsize()).toBeGreaterThan(0);
  });

  it('mid-run with pub/sub and streams: publishing, reading and closing end with the run', async () => {
    const { server } = await userServer();
    const plan = pubsubPlan({
      duration: '30s',
      pubsub: `  classes:
    - { name: critical, delivery: streams, ackInterval: 1s }
    - { name: best-effort, delivery: pubsub }
  channels:
    - { name: alerts, pattern: "alerts:{n}", count: 3, class: critical, publishRate: 150/s, payload: 256b }
    - { name: notes, pattern: "notes:{n}", count: 3, class: best-effort, publishRate: 100/s, payload: 64b }
  workers: { count: 2 }
  clients: { total: 20 }`,
    });
    let frozenAt = 0;
    const freezeAfterHalfASecond = {
      snapshot: () => undefined,
      progress: ({ tMs }: { tMs: number }) => {
        if (tMs >= 500 && frozenAt === 0) frozenAt = freeze(server);
      },
    };
    const result = await new LiveEngine({ target: { url: server.url }, runId: 'stalled-pubsub', ...LIMITS }).run(plan, freezeAfterHalfASecond);
    const endedAfterMs = performance.now() - frozenAt;
    process.kill(server.pid, 'SIGCONT');
    expect(frozenAt).toBeGreaterThan(0);
    // The pub/sub side waits at most for its in-flight publishes and a stream read (1 s each) more.
    expect(endedAfterMs).toBeLessThan(LIMITS.commandTimeoutMs * 3 + LIMITS.reconnectDeadlineMs + TEARDOWN_BOUND_MS);
    expect(result.partial).toBe(true);
    // Which wait runs out first (a pub/sub command, or the data connection's reconnect) depends on load.
    expect(['timeout', 'disconnected']).toContain(result.error?.code);
    expect(result.error?.message).toMatch(/keys under kw:stalled-pubsub: in DB 0 may remain/);
    expect(result.pubsub?.published).toBeGreaterThan(0);
    expect(result.pubsub?.published).toBeLessThan(250 * 10);
    // Publishes that timed out are not counted, and the result says so.
    expect(result.warnings.join('\n')).toMatch(/\d+ publishes failed and are not counted as published \(the first: .+\)/);
  });

  it('through the CLI: `keyspace run --engine live --redis …` exits 2 in bounded time and says how to clean up', async () => {
    const { server, admin } = await userServer();
    const dir = mkdtempSync(join(tmpdir(), 'kw-stalled-'));
    dirs.push(dir);
    const design = join(dir, 'design.yaml');
    writeFileSync(design, smallDesignYaml({ keys: 2000, rate: '2000/s', duration: '60s', maxmemory: '50mb' }));
    const url = `${server.url}/0?commandTimeoutMs=${LIMITS.commandTimeoutMs}&reconnectDeadlineMs=${LIMITS.reconnectDeadlineMs}`;
    const child = spawn(process.execPath, [BIN, 'run', design, '--env', 'dev', '--engine', 'live', '--redis', url, '--ignore-targets'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // Frozen once the run has written keys, i.e. mid-run.
    let frozenAt = 0;
    while (frozenAt === 0) {
      if (await admin.dbsize() > 100) frozenAt = freeze(server);
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const code = await exited;
    const endedAfterMs = performance.now() - frozenAt;
    process.kill(server.pid, 'SIGCONT');
    expect(code).toBe(2);
    expect(endedAfterMs).toBeLessThan(LIMITS.commandTimeoutMs + LIMITS.reconnectDeadlineMs + TEARDOWN_BOUND_MS);
    expect(stderr).toMatch(/^keyspace run: the live run failed \(disconnected\): /m);
    expect(stderr).toMatch(/keys under kw:live-[a-z0-9-]+: in DB 0 may remain/);
    expect(stderr).toMatch(/Clean up with: keyspace cleanup --redis redis:\/\/127\.0\.0\.1:\d+/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('`keyspace cleanup --redis` against it exits 2 in bounded time, and so does one frozen after it connected', async () => {
    const { server } = await userServer();
    const frozenAt = freeze(server);
    const child = spawn(process.execPath, [BIN, 'cleanup', '--redis', `${server.url}/0`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
    process.kill(server.pid, 'SIGCONT');
    expect(code).toBe(2);
    // Connecting is bounded by the connect timeout plus one command (5 s + 5 s), plus start-up.
    expect(performance.now() - frozenAt).toBeLessThan(15_000);
    expect(stderr).toMatch(/^keyspace cleanup: /m);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
}, 90_000);
