/**
 * IPC registration: one `ipcMain.handle` per contract method, on the method's own channel. Each
 * call is served only for the app's own pages (the sender frame's URL is checked), its input is
 * validated by the contract, and a failure comes back as the contract's error envelope
 * `{ ok: false, error: { code, message } }` — Electron would reduce a thrown error to a string and
 * lose its code. Successful results are returned as they are (no envelope).
 */
import { channelOf, METHOD_NAMES, toErrorEnvelope, WorkbenchError } from '../common';
import type { MethodOutput, WorkbenchMethod } from '../common';
import { dispatch } from '../common';
import type { HostHandlers } from '../common';

/** The parts of IpcMainInvokeEvent the guard reads. */
export interface InvokeEventLike {
  senderFrame: { url: string } | null;
}

/** The parts of ipcMain used here (a fake stands in for tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export type ResultHook = <M extends WorkbenchMethod>(method: M, value: MethodOutput<M>) => void;

/** A check of a call's input before it runs (the desktop app's path grants): null, or the refusal. */
export type InputCheck = (method: WorkbenchMethod, raw: unknown) => Promise<string | null>;

/** The handler of one method: sender check, input validation, the call, errors as envelopes. */
export function createIpcHandler<M extends WorkbenchMethod>(method: M, handlers: HostHandlers, isTrustedUrl: (url: string) => boolean, onResult?: ResultHook, checkInput?: InputCheck) {
  return async (event: InvokeEventLike, raw?: unknown): Promise<unknown> => {
    const url = event.senderFrame?.url ?? '';
    if (!isTrustedUrl(url)) {
      return toErrorEnvelope(new WorkbenchError('forbidden', `${method} was called from ${url || 'an unknown frame'}, which is not the workbench`));
    }
    try {
      const refusal = checkInput ? await checkInput(method, raw) : null;
      if (refusal !== null) return toErrorEnvelope(new WorkbenchError('forbidden', refusal));
      const value = await dispatch(handlers, method, raw);
      onResult?.(method, value);
      return value;
    } catch (error) {
      return toErrorEnvelope(error);
    }
  };
}

/** Registers every method; returns a function that removes them again. */
export function registerIpc(ipc: IpcMainLike, handlers: HostHandlers, isTrustedUrl: (url: string) => boolean, onResult?: ResultHook, checkInput?: InputCheck): () => void {
  for (const method of METHOD_NAMES) ipc.handle(channelOf(method), createIpcHandler(method, handlers, isTrustedUrl, onResult, checkInput));
  return () => {
    for (const method of METHOD_NAMES) ipc.removeHandler(channelOf(method));
  };
}
