/**
 * A Redis in a container when a Docker engine answers: any image that runs like the official
 * `redis:7` (`docker run IMAGE redis-server --name value …`, port 6379, protected mode left to the
 * image's entrypoint, which turns it off), with the same server settings as a managed redis-server,
 * published on a loopback port and removed when stopped. When no engine answers, a clear error that
 * points to the process option (`--managed`).
 *
 * No container may outlive the process that started it: `--rm`, an explicit `docker rm -f` on stop
 * and (synchronously) on this process's exit, and labels (this host, this pid) by which the next
 * start removes what a process killed without a chance to clean up (SIGKILL, a crash) left running.
 */
import { execFile, execFileSync } from 'node:child_process';
import { hostname } from 'node:os';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { CONTAINER_IMAGE, isImageReference } from '../../run/container-image';

const run = promisify(execFile);

export { CONTAINER_IMAGE, isImageReference };

/** The label every container of ours carries, and the ones naming its host and process. */
export const CONTAINER_LABEL = 'keyspace.workbench';
const PID_LABEL = `${CONTAINER_LABEL}.pid`;
const HOST_LABEL = `${CONTAINER_LABEL}.host`;
/** The label naming the app's run a container belongs to (its host removes it if the run's worker could not). */
export const RUN_LABEL = `${CONTAINER_LABEL}.run`;

/** The docker client to use: KEYSPACE_DOCKER, else `docker` on PATH. */
export function dockerCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.KEYSPACE_DOCKER ?? 'docker';
}

export class DockerUnavailableError extends Error {
  constructor(detail: string) {
    super(`No Docker engine answers (${detail}). Run live on a local redis-server process instead: --managed (or the "Managed Redis" engine in the app); install Docker and start its engine to use --container.`);
    this.name = 'DockerUnavailableError';
  }
}

/** The engine's version, or a DockerUnavailableError saying why there is none. */
export async function dockerEngineVersion(docker = dockerCommand(), timeoutMs = 5000): Promise<string> {
  try {
    const { stdout } = await run(docker, ['version', '--format', '{{.Server.Version}}'], { timeout: timeoutMs });
    const version = stdout.trim();
    if (!version) throw new DockerUnavailableError('the engine reported no version');
    return version;
  } catch (error) {
    if (error instanceof DockerUnavailableError) throw error;
    const failure = error as NodeJS.ErrnoException & { stderr?: string };
    if (failure.code === 'ENOENT') throw new DockerUnavailableError('the docker command is not installed');
    const reason = (failure.stderr ?? failure.message).trim().split('\n')[0];
    throw new DockerUnavailableError(reason || 'docker version failed');
  }
}

export interface ContainerRedis {
  url: string;
  containerId: string;
  image: string;
  stop(): Promise<void>;
}

export interface ContainerOptions {
  /** Default CONTAINER_IMAGE; must be an image reference (isImageReference). */
  image?: string;
  docker?: string;
  readyTimeoutMs?: number;
  /** The app's run id, as the RUN_LABEL label. */
  runId?: string;
}

/** Containers this process started and has not removed yet, by id, with the client that removes them. */
const running = new Map<string, string>();
let exitHookInstalled = false;

function removeAllSync(): void {
  for (const [id, docker] of running) {
    try {
      execFileSync(docker, ['rm', '-f', id], { stdio: 'ignore', timeout: 10_000 });
    } catch {
      // Gone already, or the engine is: the next start removes it by its labels.
    }
  }
  running.clear();
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the containers of ours a process on this host left running when it died without
 * removing them; returns their ids. Containers of live processes (another run) are left alone.
 */
export async function removeLeftoverContainers(docker = dockerCommand()): Promise<string[]> {
  const { stdout } = await run(docker, [
    'ps', '-a', '--filter', `label=${CONTAINER_LABEL}=1`, '--filter', `label=${HOST_LABEL}=${hostname()}`,
    '--format', `{{.ID}} {{.Label "${PID_LABEL}"}}`,
  ]);
  const leftovers = stdout.split('\n').map((line) => line.trim().split(' ')).filter(([id, pid]) => id && !(Number(pid) > 0 && processAlive(Number(pid))))
    .map(([id]) => id);
  if (leftovers.length > 0) await run(docker, ['rm', '-f', ...leftovers]).catch(() => undefined);
  return leftovers;
}

/** Ids of the containers (running or not) carrying this label, e.g. `keyspace.workbench.pid=123`. */
export async function containersLabelled(label: string, docker = dockerCommand()): Promise<string[]> {
  const { stdout } = await run(docker, ['ps', '-aq', '--filter', `label=${label}`]);
  return stdout.split('\n').filter(Boolean);
}

/** Removes the containers carrying this label; returns their ids. */
export async function removeContainersLabelled(label: string, docker = dockerCommand()): Promise<string[]> {
  const ids = await containersLabelled(label, docker);
  if (ids.length > 0) await run(docker, ['rm', '-f', ...ids]);
  return ids;
}

/** The `docker run` arguments: the image's own entrypoint, its `redis-server` command with these settings. */
export function containerRunArgs(image: string, settings: Record<string, string | number>, runId?: string): string[] {
  const args = Object.entries(settings).flatMap(([name, value]) => [`--${name}`, String(value)]);
  return [
    'run', '-d', '--rm', '-p', '127.0.0.1::6379',
    '--label', `${CONTAINER_LABEL}=1`, '--label', `${PID_LABEL}=${process.pid}`, '--label', `${HOST_LABEL}=${hostname()}`,
    ...(runId ? ['--label', `${RUN_LABEL}=${runId}`] : []),
    image, 'redis-server', '--save', '', '--appendonly', 'no', ...args,
  ];
}

/** Starts IMAGE with these redis.conf settings (e.g. `{ maxmemory: '64mb' }`) and waits for PING. */
export async function startContainerRedis(settings: Record<string, string | number>, options: ContainerOptions = {}): Promise<ContainerRedis> {
  const image = options.image ?? CONTAINER_IMAGE;
  if (!isImageReference(image)) throw new Error(`${JSON.stringify(image)} is not an image name: use a reference like redis:7 or registry.example.com/team/redis:7.2`);
  const docker = options.docker ?? dockerCommand();
  await dockerEngineVersion(docker);
  await removeLeftoverContainers(docker);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', removeAllSync);
  }
  let containerId: string;
  try {
    containerId = (await run(docker, containerRunArgs(image, settings, options.runId))).stdout.trim();
  } catch (error) {
    const reason = ((error as { stderr?: string }).stderr ?? (error as Error).message).trim().split('\n').pop();
    throw new Error(`docker could not start ${image}: ${reason}`);
  }
  running.set(containerId, docker);
  const stop = async () => {
    await run(docker, ['rm', '-f', containerId]).catch(() => undefined);
    running.delete(containerId);
  };
  try {
    const { stdout: portLine } = await run(docker, ['port', containerId, '6379/tcp']);
    const port = Number(/:(\d+)\s*$/m.exec(portLine)?.[1]);
    if (!Number.isInteger(port)) throw new Error(`docker port printed no port: ${portLine.trim()}`);
    const url = `redis://127.0.0.1:${port}/0`;
    await waitForPing(url, options.readyTimeoutMs ?? 20_000);
    return { url, containerId, image, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Runs `work` on a fresh container of IMAGE with these settings, and removes the container however `work` ends. */
export async function withContainerRedis<T>(settings: Record<string, string | number>, options: ContainerOptions, work: (container: ContainerRedis) => Promise<T>): Promise<T> {
  const container = await startContainerRedis(settings, options);
  try {
    return await work(container);
  } finally {
    await container.stop();
  }
}

async function waitForPing(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the container's Redis did not answer PING within ${timeoutMs} ms: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      client.disconnect();
    }
  }
}
