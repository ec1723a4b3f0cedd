/**
 * A browser-mode room under test: a server on fresh data and workspace directories that can be
 * stopped and started again on the same port and directories (a restart), and participants who
 * join it through the join page in browser contexts of their own, or as plain API clients.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, request as playwrightRequest } from '@playwright/test';
import type { APIRequestContext, Browser, BrowserContext } from '@playwright/test';
import { startServer } from '../../electron/serve/server';
import type { RunningServer, ServerOptions } from '../../electron/serve/server';
import { WorkbenchPage } from '../workbench-page';
import { REPO_ROOT, RENDERER_DIST } from './paths';

const BUNDLED_WORKER = join(REPO_ROOT, 'dist', 'electron', 'run-worker.cjs');

export class TestRoom {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'kw-e2e-room-data-'));
  readonly workspaceDir = mkdtempSync(join(tmpdir(), 'kw-e2e-room-workspace-'));
  private current: RunningServer | null = null;

  constructor(private readonly options: Partial<ServerOptions> = {}) {}

  get server(): RunningServer {
    if (!this.current) throw new Error('the room is not running');
    return this.current;
  }

  /** Starts the server (again: on the port it had, with the same directories). */
  async start(): Promise<RunningServer> {
    const port = this.current?.port;
    this.current = await startServer({
      staticDir: RENDERER_DIST, dataDir: this.dataDir, workspaceDir: this.workspaceDir,
      workerFile: existsSync(BUNDLED_WORKER) ? BUNDLED_WORKER : undefined,
      port: port ?? 0, strictPort: port !== undefined, ...this.options,
    });
    return this.current;
  }

  async stop(): Promise<void> {
    await this.current?.close();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
    rmSync(this.workspaceDir, { recursive: true, force: true });
  }

  /** A participant in a browser context of their own: opens the join link, gives a name, lands in the app. */
  async joinInBrowser(browser: Browser, name: string): Promise<{ context: BrowserContext; wb: WorkbenchPage }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(this.server.joinUrl as string);
    await page.getByRole('textbox', { name: 'Your name' }).fill(name);
    await page.getByRole('button', { name: 'Join' }).click();
    const wb = new WorkbenchPage(page);
    await wb.waitUntilReady();
    await expect(page.locator('.participant')).toHaveText(name);
    return { context, wb };
  }

  /** A participant as an API client: joins through the same form post, then calls with its seat cookie. */
  async joinAsClient(name: string): Promise<Participant> {
    const base = `http://127.0.0.1:${this.server.port}`;
    const context = await playwrightRequest.newContext({ baseURL: base });
    const joined = await context.post('/join', { form: { code: this.server.room?.store.joinCode ?? '', name }, maxRedirects: 0 });
    expect(joined.status()).toBe(303);
    return new Participant(context);
  }
}

export class Participant {
  constructor(readonly request: APIRequestContext) {}

  async call<T>(method: string, input: object = {}): Promise<T> {
    const response = await this.request.post(`/api/${method}`, { data: input });
    const body = await response.json() as { ok: boolean; value: T; error?: { message: string } };
    if (!body.ok) throw new Error(`${method}: ${response.status()} ${body.error?.message}`);
    return body.value;
  }

  dispose(): Promise<void> {
    return this.request.dispose();
  }
}
