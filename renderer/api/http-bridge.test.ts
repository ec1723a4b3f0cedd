import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../electron/common';
import { createHttpBridge } from './http-bridge';
import type { HttpBridgeOptions, SocketLike } from './http-bridge';
import { unwrapEnvelope, validatedApi } from './validated';

class FakeSocket implements SocketLike {
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {}
  close() {
    this.closed = true;
  }
}

function harness(answer: (url: string, body: unknown, headers: Record<string, string>) => { status: number; body: unknown }) {
  const sockets: FakeSocket[] = [];
  const timers: Array<{ callback: () => void; ms: number }> = [];
  const states: string[] = [];
  const options: HttpBridgeOptions = {
    baseUrl: 'http://127.0.0.1:4310/',
    token: 'secret',
    fetch: async (url, init) => {
      const { status, body } = answer(url, JSON.parse(init.body), init.headers);
      return { status, json: async () => body };
    },
    openSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    setTimer: (callback, ms) => timers.push({ callback, ms }),
    clearTimer: () => {},
    onState: (state) => states.push(state),
  };
  const bridge = createHttpBridge(options);
  return { bridge, sockets, timers, states, api: validatedApi(bridge) };
}

describe('browser-mode client', () => {
  it('posts the input with the bearer token and unwraps a valid envelope', async () => {
    const seen: Array<{ url: string; body: unknown; auth: string }> = [];
    const { api } = harness((url, body, headers) => {
      seen.push({ url, body, auth: headers.authorization });
      return { status: 200, body: { ok: true, value: { runId: 'r1' } } };
    });
    await expect(api.startRun({ text: 'version: 1' })).resolves.toEqual({ runId: 'r1' });
    expect(seen).toEqual([{ url: 'http://127.0.0.1:4310/api/startRun', body: { text: 'version: 1' }, auth: 'Bearer secret' }]);
  });

  it('turns an error envelope into a WorkbenchError with its code', async () => {
    const { api } = harness(() => ({ status: 200, body: { ok: false, error: { code: 'unavailable', message: 'exports are not built yet' } } }));
    await expect(api.previewExport({ text: '' })).rejects.toMatchObject({ code: 'unavailable', message: 'exports are not built yet' });
  });

  it('rejects an output that does not match the contract', async () => {
    const { api } = harness(() => ({ status: 200, body: { ok: true, value: { runId: 42 } } }));
    await expect(api.startRun({ text: '' })).rejects.toBeInstanceOf(WorkbenchError);
  });

  it('opens the event socket with the token, validates events and drops bad ones', () => {
    const { sockets, api } = harness(() => ({ status: 200, body: null }));
    expect(sockets[0].url).toBe('ws://127.0.0.1:4310/events?token=secret');
    const seen: unknown[] = [];
    api.onDidMenuCommand((payload) => seen.push(payload));
    sockets[0].onmessage?.({ data: JSON.stringify({ event: 'onDidMenuCommand', payload: { command: 'run' } }) });
    sockets[0].onmessage?.({ data: JSON.stringify({ event: 'onDidMenuCommand', payload: { command: 'format-disk' } }) });
    sockets[0].onmessage?.({ data: 'not json' });
    expect(seen).toEqual([{ command: 'run' }]);
  });

  it('reconnects with growing backoff after the socket closes', async () => {
    const { sockets, timers, states } = harness(() => ({ status: 200, body: null }));
    sockets[0].onopen?.({});
    sockets[0].onclose?.({});
    expect(timers.map((t) => t.ms)).toEqual([250]);
    timers[0].callback();
    sockets[1].onclose?.({});
    // A reconnect that failed asks the server first; it answers, so the bridge retries.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(timers.map((t) => t.ms)).toEqual([250, 500]);
    expect(states).toEqual(['open', 'closed', 'connecting', 'closed']);
  });

  it('stops retrying and says unauthorized when the server no longer knows the page (a 401 without a body)', async () => {
    let known = true;
    const { sockets, timers, states } = harness(() => (known ? { status: 200, body: null } : { status: 401, body: undefined }));
    sockets[0].onopen?.({});
    sockets[0].onclose?.({});
    known = false;
    timers[0].callback();
    sockets[1].onclose?.({});
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(timers).toHaveLength(1);
    expect(states).toEqual(['open', 'closed', 'connecting', 'closed', 'unauthorized']);
  });
});

describe('unwrapEnvelope', () => {
  it('passes an unwrapped value and autosave\'s own { ok: true }', () => {
    expect(unwrapEnvelope({ ok: true })).toEqual({ ok: true });
    expect(unwrapEnvelope({ ok: true, value: { ok: true } })).toEqual({ ok: true });
    expect(unwrapEnvelope([1])).toEqual([1]);
  });
});
