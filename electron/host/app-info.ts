/** What the host can do here: the app version, a redis-server for managed runs, a Docker engine. */
import { existsSync, readFileSync } from 'node:fs';
import { findRedisServer } from '../../simulator/node/redis';
import { messageOf } from './errors';
import type { AppInfo, Mode } from '../common';

/** The repository's package.json version (development and browser mode). */
export function packageVersion(): string {
  try {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    return (JSON.parse(text) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function dockerSocket(env: NodeJS.ProcessEnv): string | null {
  const host = env.DOCKER_HOST;
  if (host?.startsWith('unix://')) return existsSync(host.slice('unix://'.length)) ? host : null;
  if (host) return host;
  return existsSync('/var/run/docker.sock') ? 'unix:///var/run/docker.sock' : null;
}

export async function appInfo(options: { version: string; mode: Mode; redisServerPath?: string; env: NodeJS.ProcessEnv }): Promise<AppInfo> {
  let redisServer: AppInfo['redisServer'];
  try {
    const found = await findRedisServer({ path: options.redisServerPath, env: options.env });
    redisServer = { found: true, version: found.version.text, message: `redis-server ${found.version.text} at ${found.path}` };
  } catch (error) {
    redisServer = { found: false, version: null, message: messageOf(error) };
  }
  const socket = dockerSocket(options.env);
  const docker = socket
    ? { available: true, message: `A Docker engine answers at ${socket}` }
    : { available: false, message: 'No Docker engine found (no /var/run/docker.sock, DOCKER_HOST unset); managed servers run on redis-server instead' };
  return { version: options.version, mode: options.mode, redisServer, docker };
}
