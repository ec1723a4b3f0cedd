/**
 * The UI's door to its host: `createWorkbenchClient()` gives a typed, validated WorkbenchApi —
 * the preload bridge in Electron, fetch + WebSocket with the page's token in browser mode.
 */
import type { Disposable, WorkbenchApi } from '../../electron/common';
import { electronBridge } from './electron-bridge';
import { createHttpBridge } from './http-bridge';
import type { ConnectionState, SocketLike } from './http-bridge';
import { validatedApi } from './validated';
import type { InvalidEventHandler } from './validated';

export type { ConnectionState } from './http-bridge';
export { validatedApi, unwrapEnvelope } from './validated';
export type { RawBridge } from './validated';
export { createHttpBridge, UNAUTHORIZED_MESSAGE } from './http-bridge';

export type HostMode = 'electron' | 'browser' | 'fake';

/** The API plus what the shell shows about the link to the host. */
export type WorkbenchClient = WorkbenchApi & {
  readonly mode: HostMode;
  connectionState(): ConnectionState;
  onDidChangeConnection(listener: (state: ConnectionState) => void): Disposable;
};

export interface ClientOptions {
  onInvalidEvent?: InvalidEventHandler;
}

/** The token of browser mode, from the page URL (`?token=…`). */
export function pageToken(search: string): string | null {
  return new URLSearchParams(search).get('token');
}

export function createWorkbenchClient(options: ClientOptions = {}): WorkbenchClient {
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  const onDidChangeConnection = (listener: (state: ConnectionState) => void): Disposable => {
    connectionListeners.add(listener);
    return () => connectionListeners.delete(listener);
  };
  if (window.workbench) {
    const api = validatedApi(electronBridge(window.workbench), options.onInvalidEvent);
    return Object.assign(api, { mode: 'electron' as const, connectionState: () => 'open' as const, onDidChangeConnection });
  }
  const bridge = createHttpBridge({
    baseUrl: new URL('.', window.location.href).toString(),
    token: pageToken(window.location.search),
    fetch: (url, init) => window.fetch(url, init),
    openSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    setTimer: (callback, ms) => window.setTimeout(callback, ms),
    clearTimer: (handle) => window.clearTimeout(handle as number),
    onState: (state) => connectionListeners.forEach((listener) => listener(state)),
  });
  const api = validatedApi(bridge, options.onInvalidEvent);
  return Object.assign(api, { mode: 'browser' as const, connectionState: () => bridge.state, onDidChangeConnection });
}

/** Wraps an in-process API (the development fake) as a client. */
export function localClient(api: WorkbenchApi, mode: HostMode = 'fake'): WorkbenchClient {
  return Object.assign(api, { mode, connectionState: () => 'open' as const, onDidChangeConnection: () => () => {} });
}
