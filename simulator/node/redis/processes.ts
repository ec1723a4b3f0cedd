/**
 * Process liveness and child listing, for stopping servers and for proving none were left behind.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * True while `pid` is a running process. On Linux a zombie still answers `kill(pid, 0)` until
 * someone reaps it (and in a container pid 1 may never do so), so the state in /proc decides.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform !== 'linux') return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces; the state follows the last ')'.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/**
 * When `pid` started, as the kernel counts it (Linux: clock ticks since boot, from /proc), or
 * undefined where that cannot be read. With the pid it names one process, even after the pid is reused.
 */
export function processStartTicks(pid: number): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name: state is field 3, starttime field 22.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Resolves true once `pid` is gone, false if it is still alive after `timeoutMs`. */
export async function waitForProcessExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}

/** One row of the process table. */
export interface ProcessRow {
  pid: number;
  ppid: number;
  /** `ps` state letters; `Z` marks a zombie. */
  state: string;
  /** The full command line as `ps` shows it (redis-server rewrites its own title). */
  args: string;
}

/** The direct children of `parentPid`, from `ps` (Linux and macOS both accept these flags). */
export function listChildProcesses(parentPid: number = process.pid): ProcessRow[] {
  const output = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' });
  const rows: ProcessRow[] = [];
  for (const line of output.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const row = { pid: Number(match[1]), ppid: Number(match[2]), state: match[3], args: match[4] };
    if (row.ppid === parentPid) rows.push(row);
  }
  return rows;
}
