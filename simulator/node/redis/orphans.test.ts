import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isProcessAlive, waitForProcessExit } from './processes';
import { leftoverServerProcesses } from './test-support';

const fixture = fileURLToPath(new URL('./test-fixtures/hold-managed-server.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

interface Started {
  child: ChildProcess;
  info: { pid: number; watchdogPid: number; dir: string };
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];

/** Starts the fixture in a separate node process and waits for the pids it prints. */
async function startHolder(mode: 'hold' | 'exit' | 'throw'): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, mode], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const info = await new Promise<Started['info']>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((text) => text.startsWith('{'));
      if (line) resolve(JSON.parse(line) as Started['info']);
    });
    void exit.then(() => setTimeout(() => reject(new Error(`fixture exited early: ${stderr}`)), 100));
  });
  return { child, info, exit };
}

async function expectServerGone(info: Started['info']): Promise<void> {
  expect(await waitForProcessExit(info.pid, 5000)).toBe(true);
  expect(await waitForProcessExit(info.watchdogPid, 5000)).toBe(true);
  // The watchdog (or the exit hook) removes the temp dir as well.
  for (let i = 0; i < 40 && existsSync(info.dir); i++) await new Promise((r) => setTimeout(r, 50));
  expect(existsSync(info.dir)).toBe(false);
}

describe('a managed server never outlives the process that started it', () => {
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    expect(await leftoverServerProcesses()).toEqual([]);
  });

  it('dies within seconds when its parent is killed with SIGKILL, which no handler can see', async () => {
    const { child, info, exit } = await startHolder('hold');
    expect(isProcessAlive(info.pid)).toBe(true);
    child.kill('SIGKILL');
    expect((await exit).signal).toBe('SIGKILL');
    await expectServerGone(info);
  });

  it('is killed by the exit hook when the parent exits without stopping it', async () => {
    const { info, exit } = await startHolder('exit');
    expect((await exit).code).toBe(0);
    await expectServerGone(info);
  });

  it('is killed on SIGTERM, and the parent still dies of SIGTERM as it would by default', async () => {
    const { child, info, exit } = await startHolder('hold');
    child.kill('SIGTERM');
    expect((await exit).signal).toBe('SIGTERM');
    await expectServerGone(info);
  });

  it('is killed when the parent dies of an uncaught exception', async () => {
    const { info, exit } = await startHolder('throw');
    expect((await exit).code).not.toBe(0);
    await expectServerGone(info);
  });
});
