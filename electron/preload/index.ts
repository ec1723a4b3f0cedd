/**
 * The preload bridge: exposes `window.workbench`, one function per WorkbenchApi method and one
 * subscriber per event, each bound to its own channel. Nothing else crosses — never ipcRenderer.
 * Runs sandboxed (contextIsolation + sandbox), so it may import only `electron` and the contract.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { channelOf, EVENT_NAMES, METHOD_NAMES } from '../common/contract';

type Listener = (payload: unknown) => void;

const api: Record<string, unknown> = {};
for (const method of METHOD_NAMES) {
  api[method] = (input: unknown) => ipcRenderer.invoke(channelOf(method), input ?? {});
}
for (const event of EVENT_NAMES) {
  api[event] = (listener: Listener) => {
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channelOf(event), handler);
    return () => ipcRenderer.removeListener(channelOf(event), handler);
  };
}

contextBridge.exposeInMainWorld('workbench', Object.freeze(api));
