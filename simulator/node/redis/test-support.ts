/**
 * Helpers shared by this folder's tests (no test-framework imports, so it type-checks with the
 * code): finding leftover server processes, and making throwaway TLS certificates.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WATCHDOG_NAME } from './orphan-guard';
import { listChildProcesses, type ProcessRow } from './processes';

/**
 * The redis-server and watchdog children of this process still running after `graceMs`
 * (a just-killed child may take a moment to be reaped, so this polls before answering).
 */
export async function leftoverServerProcesses(graceMs = 2000): Promise<ProcessRow[]> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    const rows = listChildProcesses(process.pid).filter(
      (row) => row.args.includes('redis-server') || row.args.includes(WATCHDOG_NAME),
    );
    if (rows.length === 0 || Date.now() >= deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** True when the openssl command line tool is available. */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Paths of a throwaway CA and a server certificate for `localhost` and 127.0.0.1. */
export interface TestCertificates {
  caFile: string;
  certFile: string;
  keyFile: string;
}

/** Writes a CA and a server certificate (valid one day) into `dir` with openssl. */
export function makeTestCertificates(dir: string): TestCertificates {
  const path = (name: string): string => join(dir, name);
  const run = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'ignore', cwd: dir });
  };
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path('ca.key'), '-out', path('ca.crt'), '-days', '1', '-subj', '/CN=keyspace-test-ca');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', path('server.key'), '-out', path('server.csr'), '-subj', '/CN=localhost');
  writeFileSync(path('ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  run('x509', '-req', '-in', path('server.csr'), '-CA', path('ca.crt'), '-CAkey', path('ca.key'), '-CAcreateserial', '-out', path('server.crt'), '-days', '1', '-extfile', path('ext.cnf'));
  return { caFile: path('ca.crt'), certFile: path('server.crt'), keyFile: path('server.key') };
}
