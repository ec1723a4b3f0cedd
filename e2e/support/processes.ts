/**
 * Which redis-servers (and their watchdogs) a process started and left running: the e2e suite
 * checks there are none once the app's host has closed.
 */
import { execFileSync } from 'node:child_process';

export interface ProcessRow {
  pid: number;
  ppid: number;
  state: string;
  args: string;
}

function processTable(): ProcessRow[] {
  const output = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' });
  const rows: ProcessRow[] = [];
  for (const line of output.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (match) rows.push({ pid: Number(match[1]), ppid: Number(match[2]), state: match[3], args: match[4] });
  }
  return rows;
}

/** Every live (non-zombie) descendant of `rootPid`. */
export function descendantsOf(rootPid: number): ProcessRow[] {
  const rows = processTable();
  const found: ProcessRow[] = [];
  const parents = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const row of rows) {
      if (parents.has(row.ppid) && !parents.has(row.pid)) {
        parents.add(row.pid);
        if (!row.state.startsWith('Z')) found.push(row);
        grew = true;
      }
    }
  }
  return found;
}

const REDIS = /redis-server|redis-sentinel|keyspace-redis-watchdog/;

/** redis-server processes (or their watchdogs) still running under `rootPid`. */
export function redisDescendants(rootPid: number): ProcessRow[] {
  return descendantsOf(rootPid).filter((row) => REDIS.test(row.args));
}

/**
 * Waits (bounded) for every redis-server under `rootPid` to be gone; throws, naming them, if some
 * remain. Servers get a few seconds: a stop is SIGTERM, then SIGKILL after a grace period.
 */
export async function expectNoRedisLeft(rootPid: number, what: string, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let left = redisDescendants(rootPid);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = redisDescendants(rootPid);
  }
  if (left.length > 0) {
    throw new Error(`${what}: ${left.length} redis process(es) still running after the host closed:\n${left.map((row) => `  pid ${row.pid}: ${row.args}`).join('\n')}`);
  }
}
