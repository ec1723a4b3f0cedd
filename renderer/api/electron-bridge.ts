/** Electron: the preload's `window.workbench` bridge, as a raw bridge to validate. */
import type { WorkbenchApi, WorkbenchEvent, WorkbenchMethod } from '../../electron/common';
import type { RawBridge } from './validated';

type LooseBridge = Record<string, (arg: unknown) => unknown>;

export function electronBridge(preload: WorkbenchApi): RawBridge {
  // The preload exposes one function per method and event; its payloads are checked by the caller.
  const loose = preload as unknown as LooseBridge;
  return {
    call: (method: WorkbenchMethod, input: unknown) => Promise.resolve(loose[method](input)),
    subscribe: (event: WorkbenchEvent, listener: (payload: unknown) => void) => loose[event](listener) as () => void,
  };
}
