/**
 * Helpers for the tests that stop `keyspace` child processes with signals (no test-framework
 * imports, so it type-checks with the code): spawning bin/keyspace.mjs, waiting for a condition,
 * and a design whose server settings differ from a stock redis-server's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/keyspace.mjs', import.meta.url));

/** A running `keyspace` child process and what it printed so far. */
export interface KeyspaceChild {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** The exit code (null when a signal killed it) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `node bin/keyspace.mjs <args>` as a user does, with extra environment variables. */
export function spawnKeyspace(args: string[], env: Record<string, string>): KeyspaceChild {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { err += chunk.toString(); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Polls `check` every 100 ms until it is true; throws after `timeoutMs` naming `what`. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A one-namespace design that runs for a minute at 2,000 requests/s, with hz 50 and
 * maxmemory-samples 10 (a stock redis-server has 10 and 5), so a live run changes both.
 */
export function writeLongDesign(dir: string): string {
  const file = join(dir, 'long.yaml');
  writeFileSync(file, `version: 1
name: stop test
namespaces:
  - name: items
    pattern: "item:{id}"
    cardinality: 20000
    valueSize: 100b
    skew: { dist: zipf, alpha: 0.9 }
    dataClass: c
    readWrite: "90/10"
ttlMatrix:
  c: { dev: { ttl: 10m }, staging: { ttl: 10m }, prod: { ttl: 10m } }
server: { maxmemory: 0b, maxmemoryPolicy: allkeys-lru, hz: 50, maxmemorySamples: 10 }
origin: { latency: 1ms, maxConcurrency: 100 }
client: { rtt: 200us }
traffic:
  seed: 5
  phases:
    - { shape: steady, rate: 2000/s, duration: 60s }
  operations:
    - { namespace: items, weight: 1 }
`);
  return file;
}
