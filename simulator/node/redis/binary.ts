/**
 * Finding the `redis-server` executable a managed server runs on, and reading its version.
 * The search order is explicit option, then `KEYSPACE_REDIS_SERVER`, then PATH, then a few
 * well-known install directories: a desktop app started from a dock or launcher does not inherit
 * the login shell's PATH, so Homebrew's and /usr/local's binaries would otherwise go unseen.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The environment variable naming a redis-server binary to use instead of the one on PATH. */
export const REDIS_SERVER_ENV = 'KEYSPACE_REDIS_SERVER';

const WELL_KNOWN_DIRS = ['/usr/bin', '/usr/sbin', '/usr/local/bin', '/opt/homebrew/bin'];

/** A parsed `major.minor.patch` version. */
export interface RedisVersion {
  major: number;
  minor: number;
  patch: number;
  /** As printed, e.g. `7.0.15`. */
  text: string;
}

/** A usable redis-server: where it is, how it was found, and what it says its version is. */
export interface RedisServerBinary {
  path: string;
  source: 'option' | 'env' | 'path';
  version: RedisVersion;
}

/** Where to look; both default to the real process (injectable for tests). */
export interface FindRedisServerOptions {
  /** An explicit path; when given it is the only candidate, so a typo is reported, not bypassed. */
  path?: string;
  env?: NodeJS.ProcessEnv;
  /** Searched after PATH. Default: /usr/bin, /usr/sbin, /usr/local/bin, /opt/homebrew/bin. */
  wellKnownDirs?: readonly string[];
}

/** redis-server was not found (or not executable) in any of the places searched. */
export class RedisBinaryNotFoundError extends Error {
  readonly code = 'redis-server-missing';
  constructor(readonly searched: readonly string[], reason: string) {
    super(
      `${reason}\nSearched: ${searched.join(', ') || '(nothing)'}.\n` +
        'Install Redis (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) ' +
        `or set ${REDIS_SERVER_ENV} to the full path of a redis-server binary.`,
    );
    this.name = 'RedisBinaryNotFoundError';
  }
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Parses the `v=7.0.15` field of `redis-server --version`. */
export function parseRedisVersion(output: string): RedisVersion | undefined {
  const match = /\bv=(\d+)\.(\d+)\.(\d+)/.exec(output);
  if (!match) return undefined;
  const [, major, minor, patch] = match;
  return { major: Number(major), minor: Number(minor), patch: Number(patch), text: `${major}.${minor}.${patch}` };
}

/** True when `version` is at least `major.minor`. */
export function versionAtLeast(version: RedisVersion, major: number, minor: number): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}

const versionCache = new Map<string, Promise<RedisVersion>>();

/** Runs `<path> --version` (once per path) and parses it. */
export function readRedisVersion(path: string): Promise<RedisVersion> {
  let cached = versionCache.get(path);
  if (!cached) {
    cached = execFileAsync(path, ['--version'], { timeout: 5000 }).then(({ stdout }) => {
      const version = parseRedisVersion(stdout);
      if (!version) throw new Error(`${path} --version printed no version: ${stdout.trim().slice(0, 200)}`);
      return version;
    });
    // A failed probe must not poison the cache: the user may install Redis and retry.
    cached.catch(() => versionCache.delete(path));
    versionCache.set(path, cached);
  }
  return cached;
}

/** Lists the candidates in search order, with where each came from. */
function candidates(options: FindRedisServerOptions): Array<{ path: string; source: RedisServerBinary['source'] }> {
  const env = options.env ?? process.env;
  if (options.path) return [{ path: options.path, source: 'option' }];
  const fromEnv = env[REDIS_SERVER_ENV];
  if (fromEnv) return [{ path: fromEnv, source: 'env' }];
  const dirs = (env.PATH ?? '').split(delimiter).filter((dir) => dir !== '');
  for (const dir of options.wellKnownDirs ?? WELL_KNOWN_DIRS) if (!dirs.includes(dir)) dirs.push(dir);
  return dirs.map((dir) => ({ path: join(dir, 'redis-server'), source: 'path' as const }));
}

/**
 * Finds redis-server and reads its version. An explicit path or `KEYSPACE_REDIS_SERVER` is the
 * only candidate when set, so a wrong setting fails loudly instead of silently using another binary.
 */
export async function findRedisServer(options: FindRedisServerOptions = {}): Promise<RedisServerBinary> {
  const list = candidates(options);
  const searched = list.map((candidate) => candidate.path);
  const found = list.find((candidate) => isExecutableFile(candidate.path));
  if (!found) {
    const first = list[0];
    const reason =
      first?.source === 'option'
        ? `The redis-server path ${first.path} does not exist or is not executable.`
        : first?.source === 'env'
          ? `${REDIS_SERVER_ENV}=${first.path} does not name an executable file.`
          : 'redis-server is not installed (not found on PATH).';
    throw new RedisBinaryNotFoundError(searched, reason);
  }
  try {
    return { path: found.path, source: found.source, version: await readRedisVersion(found.path) };
  } catch (error) {
    throw new RedisBinaryNotFoundError(
      searched,
      `${found.path} did not run as redis-server: ${(error as Error).message}`,
    );
  }
}
