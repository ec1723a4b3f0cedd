/**
 * Connections: the link to the host (browser mode's socket), what the host can run (redis-server,
 * Docker), saved Redis connections and the managed servers it started.
 */
import type { StateCreator } from 'zustand';
import type { Connection, MethodOutput } from '../../../electron/common';
import { IDLE } from '../types';
import type { Loadable, Store } from '../types';

export type AppInfo = MethodOutput<'getAppInfo'>;
export type ManagedServer = MethodOutput<'startManagedServer'>;
/** `unauthorized`: the server no longer knows this page (browser mode): re-open the join link. */
export type HostLink = 'connecting' | 'open' | 'closed' | 'unauthorized';

export interface ConnectionsState {
  hostLink: HostLink;
  appInfo: Loadable<AppInfo>;
  connections: Loadable<Connection[]>;
  managed: Loadable<ManagedServer[]>;
  /** Result of the last "Test connection", by URL. */
  connectionTest: { url: string; ok: boolean; message: string } | null;
}

export interface ConnectionsActions {
  setHostLink(link: HostLink): void;
  setAppInfo(info: Loadable<AppInfo>): void;
  setConnections(connections: Loadable<Connection[]>): void;
  upsertConnection(connection: Connection): void;
  setManaged(managed: Loadable<ManagedServer[]>): void;
  setConnectionTest(test: ConnectionsState['connectionTest']): void;
}

export type ConnectionsSlice = ConnectionsState & ConnectionsActions;

export const initialConnections: ConnectionsState = { hostLink: 'open', appInfo: IDLE, connections: IDLE, managed: IDLE, connectionTest: null };

export const createConnectionsSlice: StateCreator<Store, [], [], ConnectionsSlice> = (set, get) => ({
  ...initialConnections,
  setHostLink(hostLink) {
    set({ hostLink });
  },
  setAppInfo(appInfo) {
    set({ appInfo });
  },
  setConnections(connections) {
    set({ connections });
  },
  upsertConnection(connection) {
    const current = get().connections;
    const list = current.status === 'ready' ? current.value.filter((c) => c.id !== connection.id) : [];
    set({ connections: { status: 'ready', value: [...list, connection] } });
  },
  setManaged(managed) {
    set({ managed });
  },
  setConnectionTest(connectionTest) {
    set({ connectionTest });
  },
});
