/**
 * Runs a host stopped or lost: a run still waiting or running when the host stops, or when it
 * crashes (its record was left on disk as going), is read back as failed with the reason, so a
 * tab that reconnects learns it ended instead of waiting for it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INTERRUPTED } from './run-history';
import { RunQueue } from './run-queue';
import { nextEvent, PRESETS_DIR, tempDir, testServices } from './test-support';
import { WorkerPool } from './worker-start';
import type { RunRecord, RunSummary } from '../common';
import type { WorkbenchServices } from './types';

const CATALOG = readFileSync(join(PRESETS_DIR, 'ecommerce-catalog.yaml'), 'utf8');
const opened: WorkbenchServices[] = [];
const pools: WorkerPool[] = [];
afterAll(async () => {
  await Promise.all(opened.map((s) => s.dispose()));
  await Promise.all(pools.map((p) => p.dispose()));
});

function onDisk(dataDir: string, runId: string): RunRecord {
  return JSON.parse(readFileSync(join(dataDir, 'runs', `${runId}.json`), 'utf8')) as RunRecord;
}

/** Services whose runs go one at a time (a room's queue of one slot), so a second run waits. */
function oneAtATime(dataDir: string): WorkbenchServices {
  const pool = new WorkerPool({});
  pools.push(pool);
  const services = testServices({ dataDir, room: { queue: new RunQueue({ total: 1, perPerson: 1 }), pool } });
  opened.push(services);
  return services;
}

describe('runs cut short by the host', () => {
  it('a stopping host ends its running and waiting runs as failed, saying the server restarted', async () => {
    const dataDir = tempDir('kw-interrupted-');
    const s = oneAtATime(dataDir);
    const ends: RunSummary[] = [];
    s.subscribe((event, payload) => {
      if (event === 'onDidRunEnd') ends.push((payload as { summary: RunSummary }).summary);
    });
    const running = nextEvent(s, 'onDidRunProgress');
    const first = await s.startRun({ text: CATALOG, requests: 50_000_000 });
    const second = await s.startRun({ text: CATALOG, requests: 20_000 });
    await running;
    expect((await s.listRuns()).map((r) => r.status)).toEqual(['queued', 'running']);
    await s.dispose();
    for (const { runId } of [first, second]) {
      expect(onDisk(dataDir, runId).summary).toMatchObject({ status: 'failed', error: INTERRUPTED });
    }
    expect(ends.map((e) => [e.runId, e.status]).sort()).toEqual([[first.runId, 'failed'], [second.runId, 'failed']].sort());
    // The next host lists them as they ended.
    const next = oneAtATime(dataDir);
    expect((await next.listRuns()).map((r) => [r.status, r.error])).toEqual([['failed', INTERRUPTED], ['failed', INTERRUPTED]]);
  }, 60_000);

  it('a host that crashed left its going runs on disk; the next one reads them back as failed and rewrites them', async () => {
    const dataDir = tempDir('kw-crashed-');
    const crashed = oneAtATime(dataDir);
    const running = nextEvent(crashed, 'onDidRunProgress');
    const first = await crashed.startRun({ text: CATALOG, requests: 50_000_000 });
    const second = await crashed.startRun({ text: CATALOG, requests: 20_000 });
    await running;
    // Written as it was queued, before it ended: what a crash now would leave.
    await expect.poll(() => readdirSync(join(dataDir, 'runs')).filter((name) => name.endsWith('.json')).length).toBe(2);
    expect(['queued', 'running']).toContain(onDisk(dataDir, first.runId).summary.status);
    expect(onDisk(dataDir, second.runId).summary.status).toBe('queued');
    // A second host on the same data, while the first never stopped (as after a kill -9).
    const next = testServices({ dataDir });
    opened.push(next);
    const listed = await next.listRuns();
    expect(listed.map((r) => [r.runId, r.status, r.error]).sort()).toEqual([[first.runId, 'failed', INTERRUPTED], [second.runId, 'failed', INTERRUPTED]].sort());
    expect((await next.getRun({ runId: second.runId })).summary.status).toBe('failed');
    await expect.poll(() => onDisk(dataDir, second.runId).summary.status).toBe('failed');
    // Ended runs can be deleted now (a going one cannot).
    await next.deleteRun({ runId: second.runId });
    expect((await next.listRuns()).map((r) => r.runId)).toEqual([first.runId]);
  }, 60_000);
});
