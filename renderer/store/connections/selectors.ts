/** Named selectors of the connections slice. */
import type { Store } from '../types';

export const selectHostLink = (s: Store) => s.hostLink;
export const selectAppInfo = (s: Store) => s.appInfo;
export const selectConnections = (s: Store) => s.connections;
export const selectManaged = (s: Store) => s.managed;
export const selectConnectionTest = (s: Store) => s.connectionTest;
/** True when the page runs in a browser from `serve` (its files live on the server; downloads reach this machine). */
export const selectBrowserMode = (s: Store) => s.appInfo.status === 'ready' && s.appInfo.value.mode === 'browser';
/** Who this page is in a browser-mode room (null: the trainer's link, or the desktop app). */
export const selectParticipant = (s: Store) => (s.appInfo.status === 'ready' ? s.appInfo.value.participant ?? null : null);

/** Why an engine cannot run here (null when it can): shown next to the engine choice. */
export function engineUnavailable(s: Store, engine: string): string | null {
  if (engine === 'sim') return null;
  if (engine === 'connection') {
    return s.connections.status === 'ready' && s.connections.value.length > 0 ? null : 'No saved connection yet: add one below.';
  }
  const info = s.appInfo.status === 'ready' ? s.appInfo.value : null;
  if (!info) return null;
  if (engine === 'container') return info.docker.available ? null : `No Docker engine here: ${info.docker.message}`;
  if (!info.redisServer.found) return `redis-server was not found on the host: ${info.redisServer.message}`;
  return null;
}
