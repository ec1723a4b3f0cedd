/**
 * A Redis in a container (`redis:7`) when a Docker engine answers: the same server settings as a
 * managed redis-server, published on a loopback port, removed when stopped. When no engine
 * answers, a clear error that points to the process option (`--managed`).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';

const run = promisify(execFile);

export const CONTAINER_IMAGE = 'redis:7';

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
  stop(): Promise<void>;
}

/** Starts `redis:7` with these redis.conf settings (e.g. `{ maxmemory: '64mb' }`) and waits for PING. */
export async function startContainerRedis(settings: Record<string, string | number>, options: { docker?: string; readyTimeoutMs?: number } = {}): Promise<ContainerRedis> {
  const docker = options.docker ?? dockerCommand();
  await dockerEngineVersion(docker);
  const args = Object.entries(settings).flatMap(([name, value]) => [`--${name}`, String(value)]);
  const { stdout } = await run(docker, ['run', '-d', '--rm', '-p', '127.0.0.1::6379', CONTAINER_IMAGE, 'redis-server', '--save', '', '--appendonly', 'no', ...args]);
  const containerId = stdout.trim();
  const stop = async () => { await run(docker, ['rm', '-f', containerId]).catch(() => undefined); };
  try {
    const { stdout: portLine } = await run(docker, ['port', containerId, '6379/tcp']);
    const port = Number(/:(\d+)\s*$/m.exec(portLine)?.[1]);
    if (!Number.isInteger(port)) throw new Error(`docker port printed no port: ${portLine.trim()}`);
    const url = `redis://127.0.0.1:${port}/0`;
    await waitForPing(url, options.readyTimeoutMs ?? 20_000);
    return { url, containerId, stop };
  } catch (error) {
    await stop();
    throw error;
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
