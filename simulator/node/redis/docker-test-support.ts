/**
 * A real Docker engine for the container tests (no test-framework imports, so it type-checks with
 * the code). `.ci/run` starts one for the whole suite and exports KEYSPACE_TEST_DOCKER_HOST (and
 * KEYSPACE_TEST_IMAGE); otherwise each test file starts its own with scripts/dockerd-test.sh (root
 * and Debian's docker.io needed) and stops it afterwards. The image is the local stand-in for
 * redis:7 that scripts/docker-test-image.sh builds (no registry is reachable here).
 *
 * Where no engine can be started, the tests skip and print why; with KEYSPACE_TEST_DOCKER_REQUIRED
 * set (CI) that is an error instead.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPTS = fileURLToPath(new URL('../../../scripts/', import.meta.url));

/** The image the test setup builds when KEYSPACE_TEST_IMAGE names none. */
export const TEST_IMAGE = 'keyspace-test/redis:7';

export interface TestDocker {
  /** What a docker client (and the product's container code) needs to reach the engine. */
  env: { DOCKER_HOST: string; KEYSPACE_DOCKER: string };
  image: string;
  /** Stops the engine if this helper started it. */
  stop(): Promise<void>;
}

/** The docker client the tests use: KEYSPACE_DOCKER, else Debian's /usr/bin/docker (the engine's own version), else PATH's. */
export function testDockerClient(env: NodeJS.ProcessEnv = process.env): string {
  return env.KEYSPACE_DOCKER ?? (existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker');
}

function firstLine(error: unknown): string {
  const failure = error as { stderr?: string; message: string };
  return (failure.stderr?.trim() || failure.message).split('\n').slice(-1)[0];
}

/** An engine and the test image in it, or why there is none (tests then skip, printing it). */
export async function startTestDocker(env: NodeJS.ProcessEnv = process.env): Promise<TestDocker | { skip: string }> {
  const client = testDockerClient(env);
  let host = env.KEYSPACE_TEST_DOCKER_HOST;
  let dir: string | undefined;
  if (!host) {
    dir = mkdtempSync(join(tmpdir(), 'kw-dockerd-'));
    try {
      host = (await run(join(SCRIPTS, 'dockerd-test.sh'), ['start', dir], { env: { ...env, KEYSPACE_DOCKER: client }, timeout: 60_000 })).stdout.trim();
    } catch (error) {
      await run(join(SCRIPTS, 'dockerd-test.sh'), ['stop', dir]).catch(() => undefined);
      const reason = `no Docker engine could be started for the container tests: ${firstLine(error)}`;
      if (env.KEYSPACE_TEST_DOCKER_REQUIRED) throw new Error(reason);
      return { skip: reason };
    }
  }
  const dockerEnv = { DOCKER_HOST: host, KEYSPACE_DOCKER: client };
  const stop = async (): Promise<void> => {
    if (dir) await run(join(SCRIPTS, 'dockerd-test.sh'), ['stop', dir], { env: { ...env, ...dockerEnv } });
  };
  try {
    const image = env.KEYSPACE_TEST_IMAGE ?? (await run(join(SCRIPTS, 'docker-test-image.sh'), [TEST_IMAGE], { env: { ...env, ...dockerEnv }, timeout: 60_000 })).stdout.trim();
    return { env: dockerEnv, image, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
