/**
 * The app's container engine at the host-service level, in a real Docker engine (scripts/dockerd-test.sh,
 * or the one .ci/run started) on the local stand-in for redis:7: a preset run end to end in a
 * container of the given image, a cancelled run, and the image name checked where the call enters.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTAINER_LABEL, containersLabelled, RUN_LABEL } from '../../simulator/node/redis';
import { startTestDocker, type TestDocker } from '../../simulator/node/redis/docker-test-support';
import { parseInput } from '../common/envelope';
import { nextEvent, openedServices, PRESETS_DIR } from './test-support';

const exec = promisify(execFile);
const SHOOTOUT = readFileSync(join(PRESETS_DIR, 'eviction-shootout.yaml'), 'utf8');
const { services, disposeAll } = openedServices();
let docker: TestDocker | undefined;
let skipReason = '';

beforeAll(async () => {
  const started = await startTestDocker();
  if ('skip' in started) {
    skipReason = started.skip;
    console.warn(`SKIPPED (not passed): the app's container engine tests: ${skipReason}`);
    return;
  }
  docker = started;
  // The run worker's docker calls reach this engine (workers copy the environment when they start).
  Object.assign(process.env, docker.env);
}, 120_000);

afterAll(async () => {
  await disposeAll();
  await docker?.stop();
}, 60_000);

/** The actions the engine recorded since `since` for containers of this process, with their image. */
async function ourContainerEvents(engine: TestDocker, since: string): Promise<string[]> {
  const { stdout } = await exec(engine.env.KEYSPACE_DOCKER, ['events', '--since', since, '--until', new Date().toISOString(), '--filter', `label=${CONTAINER_LABEL}.pid=${process.pid}`, '--format', '{{.Action}} {{index .Actor.Attributes "image"}}']);
  return stdout.trim().split('\n');
}

describe('the app\'s container engine', () => {
  it('runs a preset end to end in a container of the chosen image, removed afterwards', async (context) => {
    if (!docker) return context.skip(skipReason);
    const s = services();
    const since = new Date(Date.now() - 1000).toISOString();
    const ended = nextEvent(s, 'onDidRunEnd', () => true, 60_000);
    const { runId } = await s.startRun({ text: SHOOTOUT, engine: 'container', image: docker.image, requests: 2000, speed: 1 });
    const end = await ended;
    expect(end.summary, end.summary.error ?? '').toMatchObject({ runId, status: 'done', engine: 'container', error: null });
    const record = await s.getRun({ runId });
    expect(record.result).toMatchObject({ engine: 'live', partial: false, requests: 2000 });
    expect(record.result?.cache.hits).toBeGreaterThan(0);
    expect(await ourContainerEvents(docker, since)).toEqual(expect.arrayContaining([`create ${docker.image}`, `start ${docker.image}`, `destroy ${docker.image}`]));
    expect(await containersLabelled(`${CONTAINER_LABEL}.pid=${process.pid}`)).toEqual([]);
  }, 90_000);

  it('removes the container of a run cancelled mid-run, which ends cancelled with its partial result', async (context) => {
    if (!docker) return context.skip(skipReason);
    const s = services();
    const { runId } = await s.startRun({ text: SHOOTOUT, engine: 'container', image: docker.image, requests: 1_000_000, speed: 1 });
    await nextEvent(s, 'onDidRunProgress', (p) => p.runId === runId && p.progress.done > 500, 60_000);
    const [container] = await containersLabelled(`${RUN_LABEL}=${runId}`);
    expect(await containersLabelled(`${CONTAINER_LABEL}.pid=${process.pid}`)).toEqual([container]);
    // One the worker does not know of (as if its worker had been terminated before removing it): the host removes it by the run's label.
    const { stdout } = await exec(docker.env.KEYSPACE_DOCKER, ['run', '-d', '--label', `${RUN_LABEL}=${runId}`, docker.image]);
    const stray = stdout.trim().slice(0, 12);
    const ended = nextEvent(s, 'onDidRunEnd', (p) => p.runId === runId, 30_000);
    await s.cancelRun({ runId });
    const end = await ended;
    expect(end.summary.status).toBe('cancelled');
    expect((await s.getRun({ runId })).result?.partial).toBe(true);
    expect(await containersLabelled(`${CONTAINER_LABEL}.pid=${process.pid}`)).toEqual([]);
    // The stray one is gone once the host swept after the worker's exit.
    const deadline = Date.now() + 15_000;
    let left = await containersLabelled(`${RUN_LABEL}=${runId}`);
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      left = await containersLabelled(`${RUN_LABEL}=${runId}`);
    }
    expect(left, `the stray container ${stray}`).toEqual([]);
  }, 90_000);
});

describe('the container engine\'s image name', () => {
  it('is an image reference where the call enters the host, and applies to the container engine only', async () => {
    const input = { text: SHOOTOUT, engine: 'container' };
    expect(parseInput('startRun', { ...input, image: 'registry.example.com:5000/team/redis:7.2' })).toMatchObject({ image: 'registry.example.com:5000/team/redis:7.2' });
    for (const image of ['--privileged', 'redis:7 --rm', 'Redis', '', 'a'.repeat(256)]) {
      expect(() => parseInput('startRun', { ...input, image })).toThrow(/startRun: image/);
    }
    const s = services();
    await expect(s.startRun({ text: SHOOTOUT, engine: 'container', image: '-v/:/host' })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(s.startRun({ text: SHOOTOUT, engine: 'managed', image: 'redis:7' })).rejects.toMatchObject({ code: 'bad-input', message: 'image applies to the engine container' });
  });
});
