/**
 * Browser mode: calls are `POST /api/<method>` with the JSON input; events arrive over a WebSocket
 * at `/events` as `{ event, payload }`. Every request carries the page's token (a participant's
 * page has none: its seat cookie goes along). The socket reconnects with capped exponential
 * backoff and reports its state; when a reconnect fails, a call asks whether the server still
 * knows this page, and if it answers 401 the state becomes `unauthorized` and retries stop.
 */
import { isEvent, WorkbenchError } from '../../electron/common';
import type { Disposable, WorkbenchEvent, WorkbenchMethod } from '../../electron/common';
import type { RawBridge } from './validated';

export type ConnectionState = 'connecting' | 'open' | 'closed' | 'unauthorized';

/** The parts of WebSocket this bridge uses (a fake can stand in for tests). */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

export interface HttpBridgeOptions {
  /** Origin and path prefix of the server, e.g. `http://127.0.0.1:4310`. */
  baseUrl: string;
  token: string | null;
  fetch: (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{ status: number; json(): Promise<unknown> }>;
  openSocket: (url: string) => SocketLike;
  setTimer: (callback: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  onState?: (state: ConnectionState) => void;
}

export interface HttpBridge extends RawBridge {
  readonly state: ConnectionState;
  dispose(): void;
}

const MAX_BACKOFF_MS = 10_000;
export const UNAUTHORIZED_MESSAGE = 'This server no longer knows this page: re-open the join link the trainer gave you (trainer: the link the server printed, with ?token=…).';

export function createHttpBridge(options: HttpBridgeOptions): HttpBridge {
  const listeners = new Map<WorkbenchEvent, Set<(payload: unknown) => void>>();
  let socket: SocketLike | null = null;
  let state: ConnectionState = 'connecting';
  let attempts = 0;
  let timer: unknown = null;
  let disposed = false;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    options.onState?.(next);
  };

  const eventsUrl = () => {
    const url = new URL('events', withSlash(options.baseUrl));
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (options.token) url.searchParams.set('token', options.token);
    return url.toString();
  };

  const connect = () => {
    if (disposed) return;
    setState('connecting');
    const current = options.openSocket(eventsUrl());
    socket = current;
    let opened = false;
    current.onopen = () => {
      opened = true;
      attempts = 0;
      setState('open');
    };
    current.onmessage = (message) => dispatch(message.data);
    current.onerror = () => { /* onclose follows and schedules the retry */ };
    current.onclose = () => {
      if (socket !== current) return;
      socket = null;
      if (disposed) return;
      setState('closed');
      const retry = () => {
        if (disposed) return;
        const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** attempts++);
        timer = options.setTimer(connect, delay);
      };
      if (opened) return retry();
      // The server answers but refused the socket, or is not back yet: ask which.
      void bridge.call('getAppInfo', {}).then(retry, (error: unknown) => {
        if (error instanceof WorkbenchError && error.code === 'unauthorized') setState('unauthorized');
        else retry();
      });
    };
  };

  const dispatch = (data: unknown) => {
    let message: unknown;
    try {
      message = typeof data === 'string' ? JSON.parse(data) : data;
    } catch {
      return;
    }
    if (!message || typeof message !== 'object') return;
    const { event, payload } = message as { event?: unknown; payload?: unknown };
    if (typeof event !== 'string' || !isEvent(event)) return;
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };

  const bridge: HttpBridge = {
    get state() {
      return state;
    },
    async call(method: WorkbenchMethod, input: unknown) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let response: { status: number; json(): Promise<unknown> };
      try {
        response = await options.fetch(new URL(`api/${method}`, withSlash(options.baseUrl)).toString(), { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
      } catch (error) {
        throw new WorkbenchError('unreachable', `The workbench server did not answer (${error instanceof Error ? error.message : String(error)}). Is \`npm run serve\` still running?`);
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        body = undefined;
        if (response.status !== 401 && response.status !== 403) throw new WorkbenchError('bad-output', `${method}: the server answered HTTP ${response.status} without JSON`);
      }
      if (response.status === 401 || response.status === 403) {
        const message = (body as { error?: { message?: string } } | null | undefined)?.error?.message;
        throw new WorkbenchError('unauthorized', message ?? UNAUTHORIZED_MESSAGE);
      }
      return body;
    },
    subscribe(event: WorkbenchEvent, listener: (payload: unknown) => void): Disposable {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    dispose() {
      disposed = true;
      if (timer !== null) options.clearTimer(timer);
      socket?.close();
      socket = null;
    },
  };
  connect();
  return bridge;
}

function withSlash(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}
