import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { PRESETS_DIR, tempDir } from '../host/test-support';
import { seatCookieName } from './join';
import { startServer } from './server';
import type { RunningServer, ServerOptions } from './server';
import { api, call, joinRoom, seatApi, startBareServer } from './test-support';

const CATALOG = readFileSync(join(PRESETS_DIR, 'ecommerce-catalog.yaml'), 'utf8');
const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function room(options: Partial<ServerOptions> = {}) {
  const dataDir = tempDir('kw-room-data-');
  const { server, root } = await startBareServer({ dataDir, ...options });
  servers.push(server);
  return { server, root, dataDir };
}

function socketStatus(server: RunningServer, cookie: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events`, { headers: { Cookie: cookie } });
    ws.on('open', () => { ws.close(); resolve(101); });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });
}

describe('a browser-mode room', () => {
  it('prints a join link; the form refuses a wrong code and seats a participant with the right one', async () => {
    const { server } = await room();
    expect(server.joinUrl).toBe(`http://127.0.0.1:${server.port}/join?code=${server.room?.store.joinCode}`);
    const page = await call(server, `/join?code=${server.room?.store.joinCode}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/form-action 'self'/);
    expect(page.body).toContain(`value="${server.room?.store.joinCode}"`);
    const wrong = await call(server, '/join', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'code=NOPE&name=Eve' });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatch(/not this room/);
    const cookie = await joinRoom(server, 'Ann');
    const info = await seatApi<{ participant: { id: string; name: string } }>(server, cookie, 'getAppInfo');
    expect(info.value.participant).toMatchObject({ name: 'Ann' });
    expect(await socketStatus(server, cookie)).toBe(101);
    // The trainer's token sees no participant.
    expect(JSON.parse((await api(server, 'getAppInfo', {})).body).value.participant).toBeUndefined();
    // A join from another site's page is refused.
    const crossSite = await call(server, '/join', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://evil.example', Host: `127.0.0.1:${server.port}` }, body: `code=${server.room?.store.joinCode}&name=x` });
    expect(crossSite.status).toBe(403);
  });

  it('holds the join form to its rules: form encoding only, a small body, markup in names kept out', async () => {
    const { server } = await room();
    const code = server.room?.store.joinCode ?? '';
    const asJson = await call(server, '/join', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, name: 'x' }) });
    expect(asJson.status).toBe(400);
    const huge = await call(server, '/join', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `code=${code}&name=${'x'.repeat(3000)}&pad=${'y'.repeat(3000)}` }).catch(() => ({ status: 0, body: '' }));
    expect([0, 400]).toContain(huge.status);
    expect(server.room?.store.list()).toEqual([]);
    const cookie = await joinRoom(server, '<img src=x onerror=alert(1)>Mallory');
    const info = await seatApi<{ participant: { name: string } }>(server, cookie, 'getAppInfo');
    expect(info.value.participant.name).toBe('img src=x onerror=alert(1)Mallory');
    const page = await call(server, `/join?code=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(page.body).not.toContain('<script>');
    expect((await call(server, '/')).status).toBe(401);
  });

  it('gives each participant their own recent list, history, connections and workspace, on disk too', async () => {
    const { server, dataDir } = await room();
    const ann = await joinRoom(server, 'Ann');
    const bob = await joinRoom(server, 'Bob');
    const annId = (await seatApi<{ participant: { id: string } }>(server, ann, 'getAppInfo')).value.participant.id;
    await seatApi(server, ann, 'openPreset', { id: 'ecommerce-catalog' });
    await seatApi(server, ann, 'saveConnection', { id: 'c1', name: 'Ann\'s redis', url: 'redis://127.0.0.1:6399' });
    const saved = await seatApi<{ path: string }>(server, ann, 'saveProject', { path: 'mine.yaml', text: CATALOG });
    expect(saved.status).toBe(200);
    expect(saved.value.path).toContain(join('participants', annId, 'mine.yaml'));
    expect((await seatApi<unknown[]>(server, ann, 'listRecent')).value).toHaveLength(2); // the preset and the saved file
    expect((await seatApi<unknown[]>(server, bob, 'listRecent')).value).toEqual([]);
    expect((await seatApi<unknown[]>(server, bob, 'listConnections')).value).toEqual([]);
    expect((await seatApi<unknown[]>(server, ann, 'listConnections')).value).toHaveLength(1);
    // Bob cannot reach Ann's file, by a relative path or an absolute one.
    for (const path of [`../${annId}/mine.yaml`, saved.value.path]) {
      const refused = await seatApi(server, bob, 'openProject', { path });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatch(/inside the workspace/);
    }
    expect(existsSync(join(dataDir, 'participants', annId))).toBe(true);
    // The trainer's own lists hold none of it.
    expect(JSON.parse((await api(server, 'listRecent', {})).body).value).toEqual([]);
  });

  it('queues runs over the room\'s limits instead of refusing them, and runs them all', async () => {
    const { server } = await room({ runLimits: { total: 1, perPerson: 1 } });
    const seats = await Promise.all(['Ann', 'Bob', 'Cid'].map((name) => joinRoom(server, name)));
    const started = await Promise.all(seats.map((cookie) => seatApi<{ runId: string }>(server, cookie, 'startRun', { text: CATALOG, requests: 20_000 })));
    expect(started.map((reply) => reply.status)).toEqual([200, 200, 200]);
    const statuses = await Promise.all(seats.map(async (cookie) => (await seatApi<Array<{ status: string }>>(server, cookie, 'listRuns')).value[0].status));
    expect(statuses.filter((status) => status === 'queued')).toHaveLength(2);
    for (const [i, cookie] of seats.entries()) {
      for (let tries = 0; ; tries++) {
        const { value } = await seatApi<{ summary: { status: string } }>(server, cookie, 'getRun', { runId: started[i].value.runId });
        if (value.summary.status === 'done') break;
        expect(tries).toBeLessThan(600);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });

  it('keeps the token and every seat across a restart; an unknown seat gets the join form, not the app', async () => {
    const dataDir = tempDir('kw-room-data-');
    const { server: first, root } = await startBareServer({ dataDir });
    const cookie = await joinRoom(first, 'Ann');
    const { port, token } = first;
    // A participant's open socket ends with the server (the server's close waits for no socket).
    const open = new WebSocket(`ws://127.0.0.1:${port}/events`, { headers: { Cookie: cookie } });
    await new Promise((resolve) => open.on('open', resolve));
    const ended = new Promise((resolve) => open.on('close', resolve));
    await first.close();
    await ended;
    const second = await startServer({ staticDir: join(root, 'renderer'), port, strictPort: true, dataDir, workspaceDir: tempDir() });
    servers.push(second);
    expect(second.token).toBe(token);
    expect((await call(second, '/', { headers: { Cookie: cookie } })).status).toBe(200);
    expect((await seatApi(second, cookie, 'listRuns')).status).toBe(200);
    expect(await socketStatus(second, cookie)).toBe(101);
    const stale = `${seatCookieName(port)}=someone-00000000.secret`;
    const page = await call(second, '/', { headers: { Cookie: stale } });
    expect(page.status).toBe(401);
    expect(page.body).toMatch(/does not know your seat/);
    expect((await seatApi(second, stale, 'listRuns')).status).toBe(401);
    expect(await socketStatus(second, stale)).toBe(401);
  });
});
