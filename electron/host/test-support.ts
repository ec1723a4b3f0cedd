/**
 * Helpers for this folder's tests (no test-framework imports, so it type-checks with the code):
 * services on a throwaway data directory and a way to wait for an event.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWorkbenchServices } from './services';
import type { WorkbenchEvent } from '../common';
import type { WorkbenchEventMap, WorkbenchServices, WorkbenchServicesOptions } from './types';

export const PRESETS_DIR = resolve(fileURLToPath(new URL('../../presets', import.meta.url)));

export function tempDir(prefix = 'kw-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function testServices(overrides: Partial<WorkbenchServicesOptions> = {}): WorkbenchServices & { dataDir: string; workspaceDir: string } {
  const dataDir = overrides.dataDir ?? tempDir('kw-data-');
  const workspaceDir = overrides.workspaceDir ?? tempDir('kw-workspace-');
  const services = createWorkbenchServices({ presetsDir: PRESETS_DIR, mode: 'browser', clock: () => Date.now(), ...overrides, dataDir, workspaceDir });
  return Object.assign(services, { dataDir, workspaceDir });
}

/**
 * The services a test file opens (`services` is testServices, kept), all disposed by `disposeAll`
 * — the file's afterAll — so none outlives its tests.
 */
export function openedServices(): { services: typeof testServices; disposeAll(): Promise<void> } {
  const opened: WorkbenchServices[] = [];
  return {
    services: (...args) => {
      const s = testServices(...args);
      opened.push(s);
      return s;
    },
    disposeAll: async () => {
      await Promise.all(opened.map((s) => s.dispose()));
    },
  };
}

/** Resolves with the first payload of `event` that `accept` takes. */
export function nextEvent<E extends WorkbenchEvent>(
  services: WorkbenchServices, event: E, accept: (payload: WorkbenchEventMap[E]) => boolean = () => true, timeoutMs = 30_000,
): Promise<WorkbenchEventMap[E]> {
  return new Promise((resolvePayload, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = services.subscribe((name, payload) => {
      if ((name as WorkbenchEvent) !== event || !accept(payload as WorkbenchEventMap[E])) return;
      clearTimeout(timer);
      stop();
      resolvePayload(payload as WorkbenchEventMap[E]);
    });
  });
}
