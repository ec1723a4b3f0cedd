import { describe, expect, it } from 'vitest';
import { channelOf, METHOD_NAMES, WorkbenchError } from '../common';
import type { HostHandlers } from '../common';
import { createIpcHandler, registerIpc } from './ipc-guard';
import type { InvokeEventLike, IpcMainLike } from './ipc-guard';
import { isAppUrl } from './navigation';
import { PathGrants } from './path-grants';

const APP = 'app://workbench/index.html';
const trusted = (url: string): boolean => isAppUrl(url, APP);
const from = (url: string | null): InvokeEventLike => ({ senderFrame: url === null ? null : { url } });

function fakeHandlers(overrides: Partial<HostHandlers> = {}): HostHandlers {
  const handlers: Record<string, unknown> = {};
  for (const method of METHOD_NAMES) handlers[method] = async () => { throw new Error(`${method} not faked`); };
  return Object.assign(handlers, overrides) as HostHandlers;
}

describe('IPC guard', () => {
  it('refuses a path the renderer names outside the path grants, before the service runs', async () => {
    let opened = 0;
    const grants = new PathGrants(['/home/ana/Documents'], async () => []);
    const handlers = fakeHandlers({ openProject: async ({ path }) => { opened++; return { path, presetId: null, name: 'd', text: '' }; } });
    const handler = createIpcHandler('openProject', handlers, trusted, undefined, (method, raw) => grants.check(method, raw));
    expect(await handler(from(APP), { path: '/etc/shadow' })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/not chosen in a dialog/) } });
    expect(opened).toBe(0);
    grants.grantFile('/etc/shadow');
    expect(await handler(from(APP), { path: '/etc/shadow' })).toMatchObject({ path: '/etc/shadow' });
    expect(opened).toBe(1);
  });

  it('registers one handler per contract method on its own channel, and removes them again', () => {
    const channels = new Map<string, unknown>();
    const ipc: IpcMainLike = { handle: (channel, listener) => channels.set(channel, listener), removeHandler: (channel) => channels.delete(channel) };
    const dispose = registerIpc(ipc, fakeHandlers(), trusted);
    expect([...channels.keys()].sort()).toEqual(METHOD_NAMES.map(channelOf).sort());
    dispose();
    expect(channels.size).toBe(0);
  });

  it('answers the app own pages and refuses any other sender', async () => {
    let calls = 0;
    const handler = createIpcHandler('listRecent', fakeHandlers({ listRecent: async () => { calls++; return []; } }), trusted);
    expect(await handler(from('app://workbench/index.html'), {})).toEqual([]);
    for (const sender of ['https://evil.example/', 'file:///tmp/x.html', 'app://other/index.html', null]) {
      expect(await handler(from(sender), {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(calls).toBe(1);
  });

  it('validates the input before the service sees it', async () => {
    let seen: unknown;
    const handler = createIpcHandler('openPreset', fakeHandlers({ openPreset: async (input) => { seen = input; return { path: null, presetId: input.id, name: 'x', text: '' }; } }), trusted);
    expect(await handler(from(APP), { id: 'a', extra: true })).toMatchObject({ ok: false, error: { code: 'bad-input', message: expect.stringMatching(/^openPreset:/) } });
    expect(seen).toBeUndefined();
    expect(await handler(from(APP), { id: 'a' })).toMatchObject({ presetId: 'a' });
  });

  it('returns a failure as an error envelope that keeps the service code, without a stack', async () => {
    const serviceError = Object.assign(new Error('No run r1'), { name: 'ServiceError', code: 'not-found' });
    const handler = createIpcHandler('getRun', fakeHandlers({ getRun: async () => { throw serviceError; } }), trusted);
    expect(await handler(from(APP), { runId: 'r1' })).toEqual({ ok: false, error: { code: 'not-found', message: 'No run r1' } });
    const crash = createIpcHandler('listRuns', fakeHandlers({ listRuns: async () => { throw new TypeError('x is undefined'); } }), trusted);
    expect(await crash(from(APP), {})).toEqual({ ok: false, error: { code: 'internal', message: 'x is undefined' } });
    const contract = createIpcHandler('listRuns', fakeHandlers({ listRuns: async () => { throw new WorkbenchError('busy', 'wait'); } }), trusted);
    expect(await contract(from(APP), {})).toEqual({ ok: false, error: { code: 'busy', message: 'wait' } });
  });

  it('reports each successful result to the hook (for the recent documents list)', async () => {
    const seen: string[] = [];
    const handler = createIpcHandler('saveProject', fakeHandlers({ saveProject: async ({ path }) => ({ status: 'saved' as const, path }) }), trusted, (method, value) => seen.push(`${method}:${JSON.stringify(value)}`));
    await handler(from(APP), { path: '/tmp/a.yaml', text: 'x' });
    expect(seen).toEqual(['saveProject:{"status":"saved","path":"/tmp/a.yaml"}']);
  });
});
