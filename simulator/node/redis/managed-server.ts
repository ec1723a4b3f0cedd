/**
 * A redis-server the workbench starts and stops itself: loopback or unix socket only, no
 * persistence, a private temp dir, and never left running after we are gone (see orphan-guard).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRedisServer } from './binary';
import { pickFreePorts } from './free-port';
import { guardProcess, type GuardHandle } from './orphan-guard';
import { probeRedis } from './probe';
import {
  buildServerArgs, validateServerSettings, writeConfigFile,
  type AclUser, type ListenPlan, type PersistencePlan, type SentinelMonitor, type ServerSettings,
} from './server-config';

/** How to start a managed server. Everything is optional. */
export interface ManagedRedisOptions {
  /** Explicit redis-server path (otherwise KEYSPACE_REDIS_SERVER, then PATH). */
  binaryPath?: string;
  env?: NodeJS.ProcessEnv;
  /** The design's server settings (`maxmemory`, `maxmemory-policy`, `hz`, …). */
  settings?: ServerSettings;
  /** Listen on a unix socket in the temp dir instead of a TCP port. */
  unixSocket?: boolean;
  /** Password of the default user (kept out of the command line). */
  requirepass?: string;
  /** Extra ACL users, for tests of permissions. */
  aclUsers?: readonly AclUser[];
  /** Serve TLS only, on the chosen port, with these PEM files. */
  tls?: { certFile: string; keyFile: string; caFile: string };
  /** Start as a Sentinel monitoring this master (for tests of redis-sentinel:// targets). */
  sentinel?: SentinelMonitor;
  /** Start as a cluster node (no slots yet; see startManagedCluster). */
  cluster?: { nodeTimeoutMs?: number };
  /** Persist into the server's dir (default none). */
  persistence?: PersistencePlan;
  /** Start as a replica of this primary. */
  replicaOf?: { host: string; port: number };
  /**
   * Run in this existing dir on this port (a restart of the same server: its RDB/AOF is loaded).
   * The caller owns the dir: stop() and the watchdog leave it in place.
   */
  reuse?: { dir: string; port: number };
  /** How long to wait for PING to succeed. Default 10 s. */
  startTimeoutMs?: number;
  /** How long SIGTERM may take before SIGKILL. Default 3 s. */
  stopGraceMs?: number;
}

/** A running managed server. */
export interface ManagedRedis {
  readonly host: string;
  /** The TCP (or TLS) port; 0 when listening on a unix socket only. */
  readonly port: number;
  readonly unixSocket?: string;
  /** The cluster bus port, for CLUSTER MEET. */
  readonly busPort?: number;
  /** `redis://127.0.0.1:port`, `rediss://…`, `redis-sentinel://…/name` or `unix:///…/redis.sock`; never carries the password. */
  readonly url: string;
  readonly pid: number;
  /** redis-server's version, e.g. `7.0.15`. */
  readonly version: string;
  /** The private temp dir (config, log, cluster state, RDB/AOF); removed by stop() unless reused. */
  readonly dir: string;
  readonly watchdogPid: number | undefined;
  /** Settles when the process exits, for whatever reason. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines of the server's log and console output, for error messages. */
  logTail(lines?: number): string;
  /** SIGTERM, then SIGKILL after the grace period; then removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

const MAX_START_ATTEMPTS = 5;
const CAPTURE_LIMIT = 16 * 1024;

/** The server could not be started; `logTail` holds what it said. */
export class ManagedRedisStartError extends Error {
  readonly code = 'managed-start-failed';
  constructor(message: string, readonly logTail: string) {
    super(logTail ? `${message}\n--- redis-server log (last lines) ---\n${logTail}` : message);
    this.name = 'ManagedRedisStartError';
  }
}

class AddressInUse extends Error {}

function tailOf(dir: string, captured: string, lines: number): string {
  let log = '';
  try {
    log = readFileSync(join(dir, 'redis.log'), 'utf8');
  } catch {
    // No log file yet: redis failed before opening it, so its console output is all there is.
  }
  return `${captured}${log}`.split('\n').filter((line) => line.trim() !== '').slice(-lines).join('\n');
}

function capture(child: ChildProcess): () => string {
  let text = '';
  const append = (chunk: Buffer): void => {
    text = (text + chunk.toString('utf8')).slice(-CAPTURE_LIMIT);
  };
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', append);
    // Our reading must not keep the app alive; redis ignores SIGPIPE if we go away.
    (stream as Socket | null)?.unref();
  }
  return () => text;
}

async function launchOnce(binary: string, version: string, options: ManagedRedisOptions): Promise<ManagedRedis> {
  const [port, busPort] = options.reuse
    ? [options.reuse.port, undefined]
    : options.unixSocket ? [0, undefined] : await pickFreePorts(options.cluster ? 2 : 1);
  const dir = options.reuse?.dir ?? mkdtempSync(join(tmpdir(), 'kw-redis-'));
  const removeDir = async (): Promise<void> => {
    if (!options.reuse) await rm(dir, { recursive: true, force: true });
  };
  const plan: ListenPlan = {
    dir,
    port,
    unixSocket: options.unixSocket ? join(dir, 'redis.sock') : undefined,
    cluster: options.cluster && busPort !== undefined
      ? { busPort, nodeTimeoutMs: options.cluster.nodeTimeoutMs ?? 2000 }
      : undefined,
    tls: options.tls,
    sentinel: options.sentinel !== undefined,
    persistence: options.persistence,
    replicaOf: options.replicaOf,
  };
  let configFile: string | undefined;
  try {
    configFile = await writeConfigFile(dir, { requirepass: options.requirepass, aclUsers: options.aclUsers, sentinel: options.sentinel });
  } catch (error) {
    await removeDir();
    throw error;
  }
  const child = spawn(binary, buildServerArgs(plan, options.settings ?? {}, configFile), {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = capture(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: null, signal: null }));
  });
  let exitedNow = false;
  void exited.then(() => (exitedNow = true));
  child.unref();
  if (child.pid === undefined) {
    await exited;
    await removeDir();
    throw new ManagedRedisStartError(`Could not run ${binary}.`, output());
  }
  const guard: GuardHandle = guardProcess(child, options.reuse ? undefined : dir);
  const pid = child.pid;
  const graceMs = options.stopGraceMs ?? 3000;

  // Clears its timer once the process exits, so a stopped server does not hold the app open.
  const waitExit = (ms: number): Promise<boolean> => new Promise<boolean>((resolve) => {
    const timer = setTimeout(resolve, ms, false);
    void exited.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (!exitedNow) {
        child.kill('SIGTERM');
        if (!(await waitExit(graceMs))) {
          child.kill('SIGKILL');
          await waitExit(5000);
        }
      }
      guard.release();
      await removeDir();
    })();
    return stopping;
  };

  const host = '127.0.0.1';
  const deadline = Date.now() + (options.startTimeoutMs ?? 10_000);
  for (;;) {
    if (exitedNow) {
      const tail = tailOf(dir, output(), 30);
      await stop();
      if (/address already in use/i.test(tail)) throw new AddressInUse(tail);
      throw new ManagedRedisStartError(`redis-server (${binary}) exited during startup.`, tail);
    }
    const probe = await probeRedis({ host, port, path: plan.unixSocket, tls: Boolean(options.tls), password: options.requirepass });
    if (probe.ok && probe.processId === pid) break;
    if (probe.ok) {
      // Someone else answered on "our" port: ours failed to bind and is about to exit.
      if (!(await waitExit(500))) child.kill('SIGKILL');
      continue;
    }
    if (Date.now() >= deadline) {
      const tail = tailOf(dir, output(), 30);
      await stop();
      throw new ManagedRedisStartError(
        `redis-server did not answer PING within ${options.startTimeoutMs ?? 10_000} ms (last error: ${probe.error}).`,
        tail,
      );
    }
    await new Promise((r) => setTimeout(r, 40));
  }

  const scheme = options.tls ? 'rediss' : 'redis';
  const tcpUrl = options.sentinel
    ? `redis-sentinel://${host}:${port}/${encodeURIComponent(options.sentinel.masterName)}`
    : `${scheme}://${host}:${port}`;
  return {
    host,
    port,
    unixSocket: plan.unixSocket,
    busPort: plan.cluster?.busPort,
    url: plan.unixSocket ? `unix://${plan.unixSocket}` : tcpUrl,
    pid,
    version,
    dir,
    watchdogPid: guard.watchdogPid,
    exited,
    logTail: (lines = 30) => tailOf(dir, output(), lines),
    stop,
  };
}

/**
 * Starts redis-server on a free loopback port (or a unix socket) in a fresh temp dir and waits
 * until it answers PING. Retries with another port when the chosen one was taken meanwhile.
 */
export async function startManagedRedis(options: ManagedRedisOptions = {}): Promise<ManagedRedis> {
  const problems = validateServerSettings(options.settings ?? {});
  if (problems.length > 0) throw new Error(`Invalid server settings:\n- ${problems.join('\n- ')}`);
  const binary = await findRedisServer({ path: options.binaryPath, env: options.env });
  let lastTail = '';
  for (let attempt = 1; attempt <= MAX_START_ATTEMPTS; attempt++) {
    try {
      return await launchOnce(binary.path, binary.version.text, options);
    } catch (error) {
      if (!(error instanceof AddressInUse)) throw error;
      lastTail = error.message;
    }
  }
  throw new ManagedRedisStartError(`No free port after ${MAX_START_ATTEMPTS} attempts (EADDRINUSE).`, lastTail);
}
