/**
 * `keyspace run --engine live --container --image …` in a real Docker engine (scripts/dockerd-test.sh,
 * or the one .ci/run started) on the local stand-in for redis:7: a preset end to end, the container
 * gone afterwards; stopped with SIGINT mid-run, the container gone too; killed with SIGKILL, the
 * container left running is removed by the next start's sweep (its labels name a dead process);
 * and the local image itself runs like the official one where the engine relies on it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTAINER_LABEL, containersLabelled, removeLeftoverContainers } from '../redis';
import { startTestDocker, type TestDocker } from '../redis/docker-test-support';
import { spawnKeyspace, waitFor, writeLongDesign } from './stop-test-support';

const exec = promisify(execFile);
let docker: TestDocker | undefined;
let skipReason = '';
let dir: string;

beforeAll(async () => {
  const started = await startTestDocker();
  if ('skip' in started) {
    skipReason = started.skip;
    console.warn(`SKIPPED (not passed): the container tests: ${skipReason}`);
    return;
  }
  docker = started;
  // The product's own docker calls (removeLeftoverContainers) reach the same engine.
  Object.assign(process.env, docker.env);
  dir = mkdtempSync(join(tmpdir(), 'keyspace-container-'));
}, 120_000);

afterAll(async () => {
  await docker?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

function engine(): TestDocker {
  if (!docker) throw new Error(skipReason);
  return docker;
}

/** Waits for the container of the `keyspace` process `pid` and returns its id and Redis. */
async function containerOf(pid: number, exited: () => boolean): Promise<{ id: string; redis: Redis }> {
  let ids: string[] = [];
  await waitFor('the run\'s container', async () => {
    if (exited()) throw new Error('the run ended before its container was seen');
    ids = await containersLabelled(`${CONTAINER_LABEL}.pid=${pid}`);
    return ids.length === 1;
  }, 30_000);
  const { stdout } = await exec(engine().env.KEYSPACE_DOCKER, ['port', ids[0], '6379/tcp']);
  const port = Number(/:(\d+)\s*$/m.exec(stdout)?.[1]);
  const redis = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined); // the container goes away with the run
  return { id: ids[0], redis };
}

/** Starts a minute-long live run in a container and waits until it wrote keys there. */
async function midRun(): Promise<{ run: ReturnType<typeof spawnKeyspace>; id: string }> {
  const run = spawnKeyspace(['run', writeLongDesign(dir), '--engine', 'live', '--container', '--image', engine().image, '--ignore-targets'], engine().env);
  const { id, redis } = await containerOf(run.child.pid ?? 0, () => run.child.exitCode !== null);
  try {
    await waitFor('the run to write keys in the container', async () => (await redis.dbsize().catch(() => 0)) > 100, 30_000);
  } finally {
    redis.disconnect();
  }
  return { run, id };
}

describe('keyspace run --engine live --container (a real Docker engine)', () => {
  it('runs a preset end to end in a container of the given image, which is gone afterwards', async (context) => {
    if (!docker) return context.skip(skipReason);
    const since = new Date(Date.now() - 1000).toISOString();
    const out = join(dir, 'result.json');
    const run = spawnKeyspace(['run', 'presets/eviction-shootout.yaml', '--engine', 'live', '--container', '--image', docker.image, '--requests', '2000', '--ignore-targets', '--json', out], docker.env);
    const { code } = await run.exited;
    expect(code, run.stderr()).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { requests: number; cache: { hits: number }; live: { serverVersion: string; managed: boolean } };
    expect(result.requests).toBe(2000);
    expect(result.cache.hits).toBeGreaterThan(0);
    expect(result.live.managed).toBe(false);
    // The engine's own record: a container of that image, labelled with the run's pid, created, started and destroyed.
    const { stdout } = await exec(docker.env.KEYSPACE_DOCKER, ['events', '--since', since, '--until', new Date().toISOString(), '--filter', `label=${CONTAINER_LABEL}.pid=${run.child.pid}`, '--format', '{{.Action}} {{index .Actor.Attributes "image"}}']);
    const actions = stdout.trim().split('\n');
    expect(actions).toEqual(expect.arrayContaining([`create ${docker.image}`, `start ${docker.image}`, `destroy ${docker.image}`]));
    expect(await containersLabelled(`${CONTAINER_LABEL}.pid=${run.child.pid}`)).toEqual([]);
  }, 60_000);

  it('removes the container when the run is stopped with SIGINT mid-run', async (context) => {
    if (!docker) return context.skip(skipReason);
    const { run } = await midRun();
    run.child.kill('SIGINT');
    const { code } = await run.exited;
    expect(code, run.stderr()).toBe(130);
    expect(run.stderr()).toContain('SIGINT received');
    expect(await containersLabelled(`${CONTAINER_LABEL}.pid=${run.child.pid}`)).toEqual([]);
  }, 60_000);

  it('a container a SIGKILLed run left running is removed at the next start (by its labels)', async (context) => {
    if (!docker) return context.skip(skipReason);
    const { run, id } = await midRun();
    run.child.kill('SIGKILL');
    await run.exited;
    const label = `${CONTAINER_LABEL}.pid=${run.child.pid}`;
    expect(await containersLabelled(label)).toEqual([id]);
    // This process is alive: a sweep leaves containers of live processes alone and removes the dead one's.
    expect(await removeLeftoverContainers(docker.env.KEYSPACE_DOCKER)).toContain(id);
    expect(await containersLabelled(label)).toEqual([]);
  }, 60_000);
});

describe('the local stand-in for redis:7 (scripts/docker-test-image.sh)', () => {
  /** Starts the image with these `docker run` arguments around it and returns a client on its published port. */
  async function started(before: string[], after: string[]): Promise<{ id: string; redis: Redis }> {
    const { stdout } = await exec(engine().env.KEYSPACE_DOCKER, ['run', '-d', '--rm', '-p', '127.0.0.1::6379', ...before, engine().image, ...after]);
    const id = stdout.trim();
    const port = Number(/:(\d+)\s*$/m.exec((await exec(engine().env.KEYSPACE_DOCKER, ['port', id, '6379/tcp'])).stdout)?.[1]);
    const redis = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => undefined);
    await waitFor('the container\'s Redis to accept connections', async () => redis.connect().then(() => true, () => false), 10_000);
    return { id, redis };
  }

  it('runs as the official image does where the engine relies on it: options after the image, port 6379, protected mode off, /data', async (context) => {
    if (!docker) return context.skip(skipReason);
    // The official entrypoint's short form: a first argument that is an option means redis-server.
    const { id, redis } = await started([], ['--maxmemory', '5mb']);
    try {
      expect(await redis.config('GET', 'maxmemory')).toEqual(['maxmemory', String(5 * 1024 * 1024)]);
      expect(await redis.config('GET', 'protected-mode')).toEqual(['protected-mode', 'no']);
      expect(await redis.config('GET', 'dir')).toEqual(['dir', '/data']);
    } finally {
      redis.disconnect();
      await exec(engine().env.KEYSPACE_DOCKER, ['rm', '-f', id]);
    }
  }, 30_000);

  it('without its entrypoint, protected mode refuses clients through the published port (what the entrypoint is for)', async (context) => {
    if (!docker) return context.skip(skipReason);
    const { stdout } = await exec(docker.env.KEYSPACE_DOCKER, ['run', '-d', '--rm', '-p', '127.0.0.1::6379', '--entrypoint', 'redis-server', docker.image, '--port', '6379']);
    const id = stdout.trim();
    try {
      const port = Number(/:(\d+)\s*$/m.exec((await exec(docker.env.KEYSPACE_DOCKER, ['port', id, '6379/tcp'])).stdout)?.[1]);
      let reply = '';
      // docker-proxy accepts before the server listens, then closes: ask until the server answers.
      await waitFor('the container\'s Redis to answer', async () => (reply = await pingReply(port)) !== '', 10_000);
      expect(reply).toMatch(/^-DENIED Redis is running in protected mode/);
    } finally {
      await exec(docker.env.KEYSPACE_DOCKER, ['rm', '-f', id]);
    }
  }, 30_000);
});

/** What a server on this loopback port answers to a raw PING ('' when the connection closes unanswered). */
function pingReply(port: number): Promise<string> {
  return new Promise((resolve) => {
    let reply = '';
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    socket.setTimeout(2000, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => { reply += chunk.toString(); if (reply.includes('\r\n')) socket.destroy(); });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(reply));
  });
}
