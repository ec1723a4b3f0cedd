import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientLimits } from './client-limits';
import type { RunningServer } from './server';
import { api, startBareServer } from './test-support';

let server: RunningServer;

beforeAll(async () => {
  // The test's client is loopback: not exempt here, so it stands for a participant on the LAN.
  ({ server } = await startBareServer({ clientLimits: { managedProcesses: 1, exemptLoopback: false } }));
});

afterAll(async () => {
  await server?.close();
});

const value = <T>(reply: { body: string }): T => (JSON.parse(reply.body) as { value: T }).value;

describe('per-participant caps in browser mode', () => {
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

  it('holds the room\'s participants together to a total, each counted under their own name', () => {
    const limits = new ClientLimits({ managedProcesses: 2, roomProcesses: 3 });
    limits.check('seat:ann', 'startManagedServer', { kind: 'single' });
    limits.record('seat:ann', 'startManagedServer', { kind: 'single' }, { id: 'managed-1' });
    limits.record('seat:ann', 'startManagedServer', { kind: 'single' }, { id: 'managed-2' });
    expect(() => limits.check('seat:ann', 'startManagedServer', { kind: 'single' })).toThrow(/each participant may have 2/);
    // Bob's services number their servers as Ann's do: his managed-1 is not hers.
    limits.record('seat:bob', 'startManagedServer', { kind: 'single' }, { id: 'managed-1' });
    expect(() => limits.check('seat:cid', 'startManagedServer', { kind: 'single' })).toThrow(/room's participants have 3 .* at most 3/);
    limits.record('seat:bob', 'stopManagedServer', { id: 'managed-1' }, { ok: true });
    expect(() => limits.check('seat:cid', 'startManagedServer', { kind: 'single' })).not.toThrow();
    expect(() => limits.check('seat:ann', 'startManagedServer', { kind: 'single' })).toThrow(/each participant/);
  });
});
