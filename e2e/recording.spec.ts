/**
 * Recorded traffic in the app, end to end: the test starts a redis-server of its own, records its
 * traffic with `keyspace capture` (MONITOR) while an ioredis client plays a cache-aside app on it,
 * and saves the capture in the workspace; then, in the UI, the capture is opened, profiled
 * (namespaces found), a design is inferred from it, it is anonymized, and the anonymized copy is
 * replayed live on a managed redis-server, ending as a run with a hit ratio.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { Redis } from 'ioredis';
import { test } from './fixtures';
import { REPO_ROOT } from './support/paths';

/** Serious or critical axe-core violations on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** A cache-aside app: products read (and filled on a miss, 5 min TTL) with a skew, sessions written. */
async function playApp(client: Redis): Promise<void> {
  for (let i = 0; i < 400; i++) {
    // Four pauses spread the traffic over about two seconds, so it has a rate over time.
    if (i > 0 && i % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 600));
    const key = `product:${i % 4 === 0 ? i % 60 : i % 12}`;
    if ((await client.get(key)) === null) await client.set(key, 'p'.repeat(180 + (i % 40)), 'EX', 300);
    if (i % 8 === 0) await client.set(`session:${9000 + (i % 50)}`, 's'.repeat(48), 'EX', 1800);
  }
}

/** Records `play` on a redis-server of the test's own (unix socket, nothing saved) into `file` with keyspace capture. */
async function captureMonitor(dir: string, file: string, play: (client: Redis) => Promise<void>): Promise<string> {
  const socket = join(dir, 'app-redis.sock');
  const server = spawn('redis-server', ['--port', '0', '--unixsocket', socket, '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  let client: Redis | undefined;
  let capture: ChildProcess | undefined;
  try {
    await expect.poll(() => existsSync(socket), { message: 'redis-server listens on its socket', timeout: 10_000 }).toBe(true);
    client = new Redis({ path: socket, maxRetriesPerRequest: 3 });
    capture = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'keyspace.mjs'), 'capture', '--redis', `unix://${socket}`, '--duration', '5s', '--out', file], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    capture.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    capture.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const attached = client;
    // MONITOR is on once the server lists a client running it.
    await expect.poll(async () => String(await attached.client('LIST')), { message: 'keyspace capture runs MONITOR', timeout: 30_000 }).toMatch(/cmd=monitor/);
    await play(client);
    expect(await exitOf(capture), output).toBe(0);
    return output;
  } finally {
    client?.disconnect();
    if (capture && capture.exitCode === null) capture.kill('SIGINT');
    server.kill('SIGTERM');
    await exitOf(server);
  }
}

test('a MONITOR capture is profiled, inferred, anonymized and replayed live from the UI', async ({ workbench: wb, workspaceDir }) => {
  test.setTimeout(120_000);
  const file = join(workspaceDir, 'app.monitor');
  expect(await captureMonitor(workspaceDir, file, playApp)).toMatch(/captured [\d,]+ commands/);
  const { page } = wb;

  await page.getByLabel('Design or trace file').setInputFiles(file);
  await expect(wb.viewTab('Recording')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { name: 'Recording: app.monitor' })).toBeVisible();
  const namespaces = page.getByRole('table', { name: 'Namespaces found' });
  await expect(namespaces).toContainText('product:{id}');
  await expect(namespaces).toContainText('session:{id}');
  await expect(page.getByRole('table', { name: 'Commands' })).toContainText('GET');
  await expect(page.getByRole('group', { name: 'Format' })).toContainText('monitor');
  await expect(page.getByRole('group', { name: 'Open design matches' })).toContainText('no design open');
  await expect.poll(() => wb.chartInkPixels('Requests over time')).toBeGreaterThan(0);
  expect(await seriousViolations(page)).toEqual([]);

  await page.getByRole('button', { name: 'Infer a design' }).click();
  await expect(wb.notifications()).toContainText('Opened app-inferred.yaml as a new, unsaved design.');
  await expect(wb.viewTab('Recording')).toHaveAttribute('aria-selected', 'true');
  const match = page.getByRole('group', { name: 'Open design matches' });
  await expect(match).toContainText('every key has a namespace');

  await page.getByRole('button', { name: 'Anonymize' }).click();
  await expect(page.getByRole('heading', { name: /Recording: app-anonymized\.jsonl\s+anonymized/ })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Format' })).toContainText('jsonl');
  await expect(namespaces).not.toContainText('product:{id}');
  await expect(namespaces).toContainText(/product:\{\w+\}/);
  await expect(match).toContainText('every key has a namespace');
  await wb.screenshot('recording');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download anonymized copy' }).click()]);
  expect(download.suggestedFilename()).toBe('app-anonymized.jsonl');
  const shared = readFileSync(await download.path(), 'utf8');
  expect(shared).toMatch(/"key":"product:[0-9a-f]{16}"/);
  expect(shared).not.toMatch(/product:\d{1,2}"|pppp/);

  const replay = page.getByRole('form', { name: 'Replay' });
  await expect(replay.getByRole('combobox', { name: 'Replay on' })).toHaveValue('managed');
  await replay.getByRole('combobox', { name: 'Speed' }).selectOption({ label: 'max (as fast as it goes)' });
  await replay.getByRole('button', { name: 'Replay' }).click();
  await expect(wb.viewTab('Run')).toHaveAttribute('aria-selected', 'true');
  await wb.waitForRunEnd('Done', 90_000);
  await expect(wb.metric('Hit ratio')).toContainText(/\d+(\.\d)?\s?%/);
  await expect(wb.historyList().getByRole('listitem').first()).toContainText('replay app-anonymized.jsonl (live at max)');
});
