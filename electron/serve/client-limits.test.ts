import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRESETS_DIR } from '../host/test-support';
import type { RunningServer } from './server';
import { api, startBareServer } from './test-support';

const CATALOG = readFileSync(join(PRESETS_DIR, 'ecommerce-catalog.yaml'), 'utf8');
let server: RunningServer;

beforeAll(async () => {
  // The test's client is loopback: not exempt here, so it stands for a participant on the LAN.
  ({ server } = await startBareServer({ clientLimits: { runs: 1, managedProcesses: 1, exemptLoopback: false } }));
});

afterAll(async () => {
  await server?.close();
});

const value = <T>(reply: { body: string }): T => (JSON.parse(reply.body) as { value: T }).value;

async function waitForEnd(runId: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const record = value<{ summary: { status: string } }>(await api(server, 'getRun', { runId }));
    if (record.summary.status !== 'running') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`run ${runId} did not end`);
}

describe('per-participant caps in browser mode', () => {
  it('lets one participant run only its share at once, and frees the slot when the run ends', async () => {
    const first = await api(server, 'startRun', { text: CATALOG, requests: 50_000_000 });
    expect(first.status).toBe(200);
    const { runId } = value<{ runId: string }>(first);
    const second = await api(server, 'startRun', { text: CATALOG, requests: 1000 });
    expect(second.status).toBe(429);
    expect(JSON.parse(second.body).error.message).toMatch(/each participant may run 1 at once/);
    await api(server, 'cancelRun', { runId });
    await waitForEnd(runId);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const third = await api(server, 'startRun', { text: CATALOG, requests: 1000 });
    expect(third.status).toBe(200);
    await waitForEnd(value<{ runId: string }>(third).runId);
  });

  it('lets one participant start only its share of managed redis-servers', async () => {
    const first = await api(server, 'startManagedServer', { kind: 'single' });
    expect(first.status).toBe(200);
    const { id } = value<{ id: string }>(first);
    const second = await api(server, 'startManagedServer', { kind: 'single' });
    expect(second.status).toBe(429);
    expect(JSON.parse(second.body).error.message).toMatch(/each participant may have 1/);
    expect((await api(server, 'stopManagedServer', { id })).status).toBe(200);
    const third = await api(server, 'startManagedServer', { kind: 'single' });
    expect(third.status).toBe(200);
    await api(server, 'stopManagedServer', { id: value<{ id: string }>(third).id });
  });
});
