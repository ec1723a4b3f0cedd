/**
 * The same flows as workbench.spec.ts, in the desktop app: `_electron.launch` on the built
 * dist/electron/main.cjs. Electron is given the repository directory (package.json's `main` names
 * main.cjs), as `npm start` does, so app.getAppPath() is the repository and the presets are found
 * there (given main.cjs itself, the app path would be dist/electron). It runs with a fresh
 * HOME so user data (history, recent list, autosave) and documents start empty.
 *
 * Needs an Electron binary (node_modules/electron/path.txt, or KEYSPACE_ELECTRON) and, on Linux,
 * a display: `npm run test:electron` runs `xvfb-run -a playwright test -c e2e/playwright.config.ts
 * e2e/electron.spec.ts` (a spec cannot start its own X server). Without the binary every test is
 * skipped with the reason, never counted as passed.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test as base } from '@playwright/test';
import type { ElectronApplication } from '@playwright/test';
import { findElectron, missingDisplay } from './support/electron-binary';
import { redisDescendants } from './support/processes';
import { REPO_ROOT } from './support/paths';
import * as flows from './flows';

const lookup = findElectron();

async function waitForExit(pids: number[], timeoutMs: number): Promise<number[]> {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const deadline = Date.now() + timeoutMs;
  let left = pids.filter(alive);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = left.filter(alive);
  }
  return left;
}

const test = base.extend<{ app: ElectronApplication; workbench: flows.WorkbenchPage }>({
  // Playwright reads a fixture's dependencies from its first parameter: it must be a pattern.
  // eslint-disable-next-line no-empty-pattern
  app: async ({}, use) => {
    if (!lookup.found) throw new Error(lookup.reason);
    const display = missingDisplay();
    if (display) throw new Error(`Electron binary found at ${lookup.binary}, but ${display}`);
    const home = mkdtempSync(join(tmpdir(), 'kw-e2e-electron-'));
    mkdirSync(join(home, 'Documents'));
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
    Object.assign(env, { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local', 'share') });
    const sandbox = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    const app = await electron.launch({ executablePath: lookup.binary, args: [...sandbox, REPO_ROOT], cwd: REPO_ROOT, env });
    const pid = app.process().pid;
    let redis: number[] = [];
    try {
      await use(app);
    } finally {
      // Once the app is gone its children are re-parented: note them while they are still its own.
      redis = pid === undefined ? [] : redisDescendants(pid).map((row) => row.pid);
      await app.close();
      rmSync(home, { recursive: true, force: true });
    }
    const left = await waitForExit(redis, 8_000);
    if (left.length > 0) throw new Error(`redis-server process(es) ${left.join(', ')} outlived the desktop app`);
  },
  workbench: async ({ app }, use, testInfo) => {
    const window = await app.firstWindow();
    const workbench = new flows.WorkbenchPage(window, testInfo, 'electron-');
    await workbench.waitUntilReady();
    await use(workbench);
  },
});

test.describe('Keyspace Workbench in Electron', () => {
  test.skip(!lookup.found, `Electron binary not installed: ${lookup.found ? '' : lookup.reason}`);

  test('opens a preset from the gallery', async ({ workbench }) => {
    await flows.openPresetFromGallery(workbench);
  });

  test('edits a namespace TTL in the TTL matrix grid and sees the YAML change', async ({ workbench }) => {
    await flows.editTtlAndSeeYaml(workbench);
  });

  test('breaks the YAML in the editor and sees the error at the right line', async ({ workbench }) => {
    await flows.breakYamlAndSeeError(workbench);
  });

  test('runs the simulator and sees progress, then charts and numbers', async ({ workbench }) => {
    await flows.runSimulatorAndSeeResults(workbench);
  });

  test('stops a long run and sees it end as stopped with a partial result', async ({ workbench }) => {
    await flows.stopLongRun(workbench);
  });

  test('previews every export file, and the first again after the others', async ({ workbench }) => {
    await flows.previewEveryExportFile(workbench);
  });

  test('compares two runs side by side with deltas', async ({ workbench }) => {
    await flows.compareTwoRuns(workbench);
  });

  test('runs live on a managed redis-server', async ({ app, workbench }) => {
    test.setTimeout(120_000);
    const pid = app.process().pid ?? -1;
    await flows.runLiveOnManagedRedis(workbench, async () => {
      await expect.poll(() => redisDescendants(pid).map((row) => row.args).join('\n'), { message: 'the app started a redis-server', timeout: 15_000 })
        .toMatch(/redis-server 127\.0\.0\.1:\d+/);
    });
  });

  test('saves a project and reopens it after a reload', async ({ workbench }) => {
    await flows.saveAndReopen(workbench);
  });

  // Runs last: the window closes and the app quits with it.
  test('closing with unsaved changes asks Save / Discard / Cancel; Save saves (Save As first) and then the window closes', async ({ app, workbench }) => {
    await workbench.openPreset(flows.PRESET);
    await workbench.setTtl('product', 'prod', '7m');
    // The native box cannot be clicked from here: main's dialog answers Save (button 0) and notes what it offered.
    await app.evaluate(({ dialog }) => {
      const seen: unknown[] = [];
      (globalThis as { closePrompts?: unknown[] }).closePrompts = seen;
      dialog.showMessageBoxSync = ((_window: unknown, options: { buttons?: string[] }) => {
        seen.push(options.buttons);
        return 0;
      }) as typeof dialog.showMessageBoxSync;
    });
    const closed = workbench.page.waitForEvent('close');
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
    const saveAs = workbench.page.getByRole('dialog', { name: 'Save design as' });
    await expect(saveAs).toBeVisible();
    expect(await app.evaluate(() => (globalThis as { closePrompts?: unknown[] }).closePrompts)).toEqual([['Save', 'Discard changes', 'Cancel']]);
    await saveAs.getByLabel('File path').fill('closed-with-save.yaml');
    await saveAs.getByRole('button', { name: 'Save as', exact: true }).click();
    await closed;
  });
});
