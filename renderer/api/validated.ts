/**
 * Wraps a raw host bridge (Electron's preload, or a transport) so that every output and every event
 * payload is checked against the contract before the UI sees it.
 */
import { EVENT_NAMES, METHOD_NAMES, parseEvent, parseOutput, WorkbenchError } from '../../electron/common';
import type { Disposable, WorkbenchApi, WorkbenchEvent, WorkbenchMethod } from '../../electron/common';

/** What a raw bridge offers: untyped calls and untyped event subscriptions. */
export interface RawBridge {
  call(method: WorkbenchMethod, input: unknown): Promise<unknown>;
  subscribe(event: WorkbenchEvent, listener: (payload: unknown) => void): Disposable;
}

/** Reports a payload that failed validation (never thrown into the host's event loop). */
export type InvalidEventHandler = (error: WorkbenchError) => void;

export function validatedApi(bridge: RawBridge, onInvalidEvent: InvalidEventHandler = () => {}): WorkbenchApi {
  const api: Record<string, unknown> = {};
  for (const method of METHOD_NAMES) {
    api[method] = async (input: unknown) => parseOutput(method, unwrapEnvelope(await bridge.call(method, input ?? {})));
  }
  for (const event of EVENT_NAMES) {
    api[event] = (listener: (payload: unknown) => void) => bridge.subscribe(event, (raw) => {
      let payload: unknown;
      try {
        payload = parseEvent(event, raw);
      } catch (error) {
        onInvalidEvent(error instanceof WorkbenchError ? error : new WorkbenchError('bad-event', String(error)));
        return;
      }
      listener(payload);
    });
  }
  // Built from the contract's own name lists, so every method and event is present.
  return api as WorkbenchApi;
}

/**
 * The host answers `{ ok: true, value } | { ok: false, error }`; a bridge that already unwrapped
 * passes the value itself. (`{ ok: true }` alone is autosave's own output, not an envelope.)
 */
export function unwrapEnvelope(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || !('ok' in raw)) return raw;
  const envelope = raw as { ok: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
  if (envelope.ok === true && 'value' in envelope) return envelope.value;
  if (envelope.ok === false && envelope.error && typeof envelope.error === 'object') {
    throw new WorkbenchError(String(envelope.error.code ?? 'internal'), String(envelope.error.message ?? 'the host reported an error'));
  }
  return raw;
}
