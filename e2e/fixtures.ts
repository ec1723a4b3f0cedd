/**
 * Browser mode under test: each test gets its own workbench server (started in-process with
 * startServer on a free port, with fresh data and workspace directories, so no recovery dialog
 * and no history from another test), the page opened on its tokened URL, and a page object.
 * The renderer is built once by global-setup.ts; nothing is built here. After each test and at
 * the end of the worker, no redis-server started by the host may still be running.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import { startServer } from '../electron/serve/server';
import type { RunningServer } from '../electron/serve/server';
import { expectNoRedisLeft } from './support/processes';
import { RENDERER_DIST } from './support/paths';
import { WorkbenchPage } from './workbench-page';

export interface WorkbenchFixtures {
  /** The running browser-mode server (its services, token and port). */
  server: RunningServer;
  /** `http://127.0.0.1:PORT/?token=…`. */
  appUrl: string;
  /** Projects, traces and exports of this test stay inside it. */
  workspaceDir: string;
  /** History, recent list and autosave of this test. */
  dataDir: string;
  /** The page, opened on appUrl and loaded, as a page object. */
  workbench: WorkbenchPage;
}

export interface WorkerFixtures {
  /** Fails the worker if any redis-server it started outlives the suite. */
  noRedisLeftBehind: void;
}

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/* eslint-disable no-empty-pattern -- Playwright reads a fixture's dependencies from its first parameter, which must be a pattern. */
export const test = base.extend<WorkbenchFixtures, WorkerFixtures>({
  noRedisLeftBehind: [async ({}, use) => {
    await use();
    await expectNoRedisLeft(process.pid, 'after the suite');
  }, { scope: 'worker', auto: true }],

  dataDir: async ({}, use) => {
    const dir = tempDir('kw-e2e-data-');
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },

  workspaceDir: async ({}, use) => {
    const dir = tempDir('kw-e2e-workspace-');
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },

  server: async ({ dataDir, workspaceDir }, use) => {
    const server = await startServer({ staticDir: RENDERER_DIST, port: 0, dataDir, workspaceDir });
    try {
      await use(server);
    } finally {
      await server.close();
      await expectNoRedisLeft(process.pid, 'after the workbench server closed');
    }
  },

  appUrl: async ({ server }, use) => {
    await use(server.url);
  },

  workbench: async ({ page, appUrl }, use, testInfo) => {
    await page.goto(appUrl);
    const workbench = new WorkbenchPage(page, testInfo);
    await workbench.waitUntilReady();
    await use(workbench);
  },
});
/* eslint-enable no-empty-pattern */

export { expect } from '@playwright/test';
