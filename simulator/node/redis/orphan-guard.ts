/**
 * No managed redis-server may outlive the process that started it. Three layers:
 *
 * 1. A module-level registry of every managed server (pid, watchdog, temp dir).
 * 2. Hooks on 'exit', SIGINT/SIGTERM/SIGHUP and uncaught exceptions that SIGKILL every registered
 *    server synchronously (nothing is persisted: managed servers run with `save ""` and no AOF).
 * 3. For deaths no hook sees (SIGKILL, OOM killer, a native crash), a watchdog per server: a tiny
 *    `/bin/sh` whose stdin is a pipe from us. The kernel closes that pipe when our process dies
 *    however it dies, `read` then sees EOF, and the watchdog kills the server and removes its temp
 *    dir. This is event-driven (no polling, no dependence on pid 1 or on the parent pid, which is
 *    reused) and portable to macOS; Linux's PR_SET_PDEATHSIG (via `setpriv --pdeathsig`) was
 *    rejected because it is Linux-only and fires when the spawning *thread* exits, and the app
 *    starts runs from worker threads. Redis itself has no parent-death option.
 *
 * Servers and watchdogs are spawned detached (their own process group) so that a Ctrl-C in a
 * terminal reaches only us; we then decide whether to stop them gracefully or kill them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { isMainThread } from 'node:worker_threads';

/** The name the watchdog runs under (its `$0`), so `ps` and the tests can recognise it. */
export const WATCHDOG_NAME = 'keyspace-redis-watchdog';

// `while read` rather than a single `read`: only end-of-file (our death, or our deliberate close)
// may trigger the kill, never a stray newline. TERM is trapped so that whoever terminates the
// watchdog takes the server with it.
const WATCHDOG_SCRIPT = [
  'cleanup() { kill -KILL "$1" 2>/dev/null; [ -n "$2" ] && rm -rf -- "$2"; exit 0; }',
  'trap \'cleanup "$1" "$2"\' TERM',
  'while read -r _; do :; done',
  'cleanup "$1" "$2"',
].join('\n');

interface Guarded {
  pid: number;
  watchdog: ChildProcess | undefined;
  dir: string | undefined;
}

const registry = new Map<number, Guarded>();
let hooksInstalled = false;

function killQuietly(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Kills every registered server and watchdog now, synchronously; used by the exit hooks. */
export function killAllManagedSync(): void {
  for (const entry of registry.values()) {
    killQuietly(entry.pid);
    killQuietly(entry.watchdog?.pid);
    if (entry.dir) rmSync(entry.dir, { recursive: true, force: true });
  }
  registry.clear();
}

/** The pids of the servers currently registered (running or being stopped). */
export function managedServerPids(): number[] {
  return [...registry.keys()];
}

function onSignal(signal: NodeJS.Signals): void {
  // When the app listens too, it owns the decision (it may stop runs gracefully and then exit,
  // which the 'exit' hook covers). When we are alone, we must reproduce the default: clean up,
  // then re-raise so the process still dies of the signal with the usual exit status.
  if (process.listenerCount(signal) > 1) return;
  killAllManagedSync();
  process.removeListener(signal, onSignal);
  process.kill(process.pid, signal);
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAllManagedSync);
  // The monitor never swallows the exception; kill only when nobody handles it, since then the
  // process is about to die ('exit' follows too, but an extra layer costs nothing).
  process.on('uncaughtExceptionMonitor', () => {
    if (process.listenerCount('uncaughtException') === 0) killAllManagedSync();
  });
  // Signals are delivered to the main thread only.
  if (isMainThread) {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  }
}

/** What `guardProcess` hands back: call `release()` once the server has exited. */
export interface GuardHandle {
  readonly watchdogPid: number | undefined;
  /** Forget the server and end its watchdog. Call only after the server has exited. */
  release(): void;
}

/**
 * Registers a freshly spawned server and starts its watchdog. The watchdog also deletes `dir`
 * when it fires, so a crash leaves no temp files either.
 */
export function guardProcess(server: ChildProcess, dir?: string): GuardHandle {
  installHooks();
  const pid = server.pid;
  if (pid === undefined) throw new Error('Cannot guard a process that failed to spawn.');
  const watchdog = spawn('/bin/sh', ['-c', WATCHDOG_SCRIPT, WATCHDOG_NAME, String(pid), dir ?? ''], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  // If /bin/sh is missing the hooks still cover every death but SIGKILL; do not crash for it.
  watchdog.on('error', () => undefined);
  // Neither the watchdog nor its pipe may keep the app alive; the 'exit' hook covers that case.
  watchdog.unref();
  (watchdog.stdin as Socket | null)?.unref();
  registry.set(pid, { pid, watchdog, dir });
  return {
    watchdogPid: watchdog.pid,
    release() {
      registry.delete(pid);
      // SIGKILL, not closing stdin: an EOF would make it kill a pid that may already be reused.
      killQuietly(watchdog.pid);
      watchdog.stdin?.destroy();
    },
  };
}
