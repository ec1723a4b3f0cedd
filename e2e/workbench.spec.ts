/**
 * The workbench in Debian's chromium against browser mode: the "Done means", each driven
 * through the real UI (flows.ts, shared with electron.spec.ts), plus the server's token check.
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { WebSocket } from 'ws';
import { expect, test } from './fixtures';
import * as flows from './flows';
import { redisDescendants } from './support/processes';

test.describe('Keyspace Workbench in a browser', () => {
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

  test('runs live on a managed redis-server', async ({ workbench }) => {
    test.setTimeout(120_000);
    await flows.runLiveOnManagedRedis(workbench, async () => {
      await expect.poll(() => redisDescendants(process.pid).map((row) => row.args).join('\n'), { message: 'the host started a redis-server', timeout: 15_000 })
        .toMatch(/redis-server 127\.0\.0\.1:\d+/);
    });
  });

  test('saves a project into the workspace and reopens it after a reload', async ({ workbench, workspaceDir }) => {
    const path = await flows.saveAndReopen(workbench);
    expect(relative(workspaceDir, path).startsWith('..'), `${path} is inside the workspace ${workspaceDir}`).toBe(false);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toMatch(/category:[\s\S]*?prod: \{ ttl: 2h/);
  });

  test('rejects requests and sockets that do not carry the token', async ({ server, request }) => {
    const origin = `http://127.0.0.1:${server.port}`;
    for (const path of ['/', '/index.html', `/?token=${server.token}x`, '/api/listPresets']) {
      expect((await request.get(`${origin}${path}`)).status(), `GET ${path}`).toBe(401);
    }
    expect((await request.post(`${origin}/api/listPresets`, { data: {} })).status(), 'POST /api/listPresets').toBe(401);
    // The same requests with the token go through, so the 401s above are the token check.
    expect((await request.get(server.url)).status()).toBe(200);
    const listed = await request.post(`${origin}/api/listPresets`, { data: {}, headers: { Authorization: `Bearer ${server.token}` } });
    expect(listed.status()).toBe(200);

    const openSocket = (query: string) => new Promise<number | 'open'>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${server.port}/events${query}`);
      socket.once('open', () => {
        socket.close();
        resolve('open');
      });
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      socket.once('error', () => resolve(0));
    });
    expect(await openSocket(''), 'a socket without the token').toBe(401);
    expect(await openSocket(`?token=${server.token}x`), 'a socket with a wrong token').toBe(401);
    expect(await openSocket(`?token=${server.token}`), 'a socket with the token').toBe('open');
  });
});
