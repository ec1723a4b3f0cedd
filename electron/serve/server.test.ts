import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { PRESETS_DIR, tempDir } from '../host/test-support';
import { startServer } from './server';
import type { RunningServer } from './server';
import { api, call } from './test-support';

/** Opens /events; resolves with the socket, or the HTTP status of the refusal. */
function socket(server: RunningServer, query: string, headers: Record<string, string> = {}): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(0));
  });
}

const CATALOG = readFileSync(join(PRESETS_DIR, 'ecommerce-catalog.yaml'), 'utf8');
let server: RunningServer;
let staticDir: string;

beforeAll(async () => {
  const root = tempDir('kw-serve-test-');
  staticDir = join(root, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Keyspace Workbench</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'export {};');
  writeFileSync(join(root, 'secret.txt'), 'SECRET');
  symlinkSync(join(root, 'secret.txt'), join(staticDir, 'assets', 'link.txt'));
  server = await startServer({ staticDir, port: 0, workspaceDir: tempDir() });
});

afterAll(async () => {
  await server?.close();
});

describe('browser-mode server', () => {
  it('prints a loopback URL that carries the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it('answers 401 with no content to static, API and socket requests without the token or with a wrong one', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', `/?token=${server.token}x`]) {
      const reply = await call(server, path);
      expect(reply.status).toBe(401);
      expect(reply.body).toBe('');
    }
    const noToken = await call(server, '/api/listPresets', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(noToken.status).toBe(401);
    expect(noToken.body).toBe('');
    const wrong = await api(server, 'listPresets', {}, { Authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toBe('');
    expect(await socket(server, '')).toBe(401);
    expect(await socket(server, '?token=wrong')).toBe(401);
  });

  it('serves the app with the token, and its assets with the cookie the page received', async () => {
    const page = await call(server, `/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/Keyspace Workbench/);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const cookie = String(page.headers['set-cookie']).split(';')[0];
    expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    const asset = await call(server, '/assets/app.js', { headers: { Cookie: cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    // A client-side route gets the page; a missing file is a 404.
    expect((await call(server, `/runs/42?token=${server.token}`)).body).toMatch(/Keyspace Workbench/);
    expect((await call(server, `/assets/missing.js?token=${server.token}`)).status).toBe(404);
    expect((await call(server, '/favicon.ico', { headers: { Cookie: cookie } })).status).toBe(204);
  });

  it('sends a strict Content-Security-Policy and the other security headers', async () => {
    const page = await call(server, `/?token=${server.token}`);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self';/);
    expect(csp).toMatch(/worker-src 'self' blob:/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toMatch(/https?:\/\/|unsafe-eval|\*/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const reply = await api(server, 'listPresets', {});
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.headers['content-security-policy']).toBe(csp);
  });

  it('never serves a file outside the renderer directory', async () => {
    const attempts = ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/assets/link.txt', '/%00'];
    for (const path of attempts) {
      const reply = await call(server, `${path}?token=${server.token}`);
      expect([400, 404]).toContain(reply.status);
      expect(reply.body).not.toMatch(/SECRET/);
    }
  });

  it('answers an API call with an envelope', async () => {
    const reply = await api(server, 'listPresets', {});
    expect(reply.status).toBe(200);
    const envelope = JSON.parse(reply.body) as { ok: boolean; value: Array<{ id: string; story: string }> };
    expect(envelope.ok).toBe(true);
    expect(envelope.value.map((p) => p.id)).toContain('ecommerce-catalog');
    const opened = JSON.parse((await api(server, 'openPreset', { id: 'session-store' })).body) as { ok: boolean; value: { presetId: string } };
    expect(opened).toMatchObject({ ok: true, value: { presetId: 'session-store', path: null } });
  });

  it('answers errors with a code and a message, never a stack trace', async () => {
    const bad = await api(server, 'openPreset', { id: '' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'bad-input', message: expect.stringMatching(/^openPreset: id/) } });
    const missing = await api(server, 'openPreset', { id: 'nope' });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const escape = await api(server, 'openProject', { path: '../../etc/passwd' });
    expect(JSON.parse(escape.body)).toMatchObject({ ok: false, error: { code: 'bad-input', message: expect.stringMatching(/outside the workspace/) } });
    expect(escape.body).not.toMatch(/\n\s+at /);
    expect((await api(server, 'noSuchMethod', {})).status).toBe(404);
    expect((await call(server, '/api/listPresets', { headers: { Authorization: `Bearer ${server.token}` } })).status).toBe(405);
    const form = await call(server, '/api/listPresets', { method: 'POST', headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
    const notJson = await call(server, '/api/listPresets', { method: 'POST', headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('refuses API and socket requests from a foreign origin with 403', async () => {
    const foreign = await api(server, 'listPresets', {}, { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toBe('');
    // DNS rebinding: the attacker's name resolves to us, so Host and Origin agree — but the name is not ours.
    const rebound = await api(server, 'listPresets', {}, { Origin: `http://evil.example:${server.port}`, Host: `evil.example:${server.port}` });
    expect(rebound.status).toBe(403);
    expect(await socket(server, `?token=${server.token}`, { Origin: 'http://evil.example' })).toBe(403);
    const own = await api(server, 'listPresets', {}, { Origin: `http://127.0.0.1:${server.port}` });
    expect(own.status).toBe(200);
    const ws = await socket(server, `?token=${server.token}`, { Origin: `http://127.0.0.1:${server.port}` });
    expect(ws).toBeInstanceOf(WebSocket);
    (ws as WebSocket).close();
  });

  it('streams run events over the socket while a run goes', async () => {
    const ws = await socket(server, `?token=${server.token}`, { Origin: `http://127.0.0.1:${server.port}` });
    if (!(ws instanceof WebSocket)) throw new Error(`socket refused: ${ws}`);
    const seen: Array<{ event: string; payload: { runId: string } }> = [];
    const ended = new Promise<void>((resolve) => {
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { event: string; payload: { runId: string } };
        // The room's own events (the results board changed) come too; this test is about the run's.
        if (message.event.startsWith('onDidRoom')) return;
        seen.push(message);
        if (message.event === 'onDidRunEnd') resolve();
      });
    });
    const started = JSON.parse((await api(server, 'startRun', { text: CATALOG, requests: 300_000 })).body) as { ok: true; value: { runId: string } };
    expect(started.ok).toBe(true);
    await ended;
    ws.close();
    const events = new Set(seen.map((m) => m.event));
    expect(events).toEqual(new Set(['onDidRunProgress', 'onDidRunSnapshot', 'onDidRunEnd']));
    expect(seen.every((m) => m.payload.runId === started.value.runId)).toBe(true);
    const record = JSON.parse((await api(server, 'getRun', { runId: started.value.runId })).body) as { value: { summary: { status: string } } };
    expect(record.value.summary.status).toBe('done');
  });

  it('takes a free port when the asked one is busy, unless told to be strict', async () => {
    const second = await startServer({ staticDir, port: server.port });
    try {
      expect(second.fellBack).toBe(true);
      expect(second.port).not.toBe(server.port);
    } finally {
      await second.close();
    }
    await expect(startServer({ staticDir, port: server.port, strictPort: true })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('refuses to start without a built renderer', async () => {
    await expect(startServer({ staticDir: tempDir(), port: 0 })).rejects.toThrow(/npm run build:renderer/);
  });
});
