/**
 * Browser mode against hostile requests: every bad design the CLI refuses, malformed bodies and
 * methods, oversize bodies and socket frames, path escapes and resource floods. Each gets a 4xx
 * with a one-line message (no stack, no JavaScript internals), and the server keeps serving.
 */
import { request } from 'node:http';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { BASE, designCases } from '../../simulator/node/cli/hostile/design-cases';
import { tempDir } from '../host/test-support';
import { MAX_BODY_BYTES } from './api';
import type { RunningServer } from './server';
import { api, call, startBareServer } from './test-support';

const LEAK = /^\s+at |node:internal|\[object Object\]|native code|9007199254740991|TypeError|ReferenceError/m;
let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = join(tempDir('kw-hostile-data-'), 'data');
  ({ server } = await startBareServer({ dataDir }));
});

afterAll(async () => {
  await server?.close();
});

/** The caps every hostile request is held to: the server's memory and the answer's time. */
const RSS_CAP_BYTES = 512 * 1024 * 1024;
const ANSWER_CAP_MS = 10_000;

async function timed<T>(send: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const reply = await send();
  expect(Date.now() - started).toBeLessThan(ANSWER_CAP_MS);
  // The server runs in this process: its resident memory stays under the cap.
  expect(process.memoryUsage().rss).toBeLessThan(RSS_CAP_BYTES);
  return reply;
}

/** The server still answers a normal call. */
async function alive(): Promise<void> {
  const reply = await api(server, 'listPresets', {});
  expect(reply.status).toBe(200);
}

function refusal(reply: { status: number; body: string }): string {
  expect(reply.status).toBeGreaterThanOrEqual(400);
  expect(reply.status).toBeLessThan(500);
  const envelope = JSON.parse(reply.body) as { ok: boolean; error: { code: string; message: string } };
  expect(envelope.ok).toBe(false);
  expect(envelope.error.message).not.toMatch(LEAK);
  return envelope.error.message;
}

const designs = designCases();

describe('browser mode, hostile designs', () => {
  it.each(designs.map((c, i) => [i, c.name] as const))('design %i (%s): startRun is refused with the located message', async (index) => {
    const hostile = designs[index];
    const reply = await timed(() => api(server, 'startRun', { text: hostile.text }));
    const message = refusal(reply);
    expect(message).toMatch(hostile.expect);
    expect(message).toMatch(/^design(:\d+:\d+| \(with overrides\)|:)/);
  });

  it('no run was started by any of them', async () => {
    const runs = JSON.parse((await api(server, 'listRuns', {})).body) as { value: unknown[] };
    expect(runs.value).toEqual([]);
  });
});

describe('browser mode, hostile requests', () => {
  const bad: Array<[string, () => Promise<{ status: number; body: string }>, number]> = [
    ['invalid JSON', () => call(server, '/api/startRun', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}` }, body: '{"text": ' }), 400],
    ['no content type', () => call(server, '/api/startRun', { method: 'POST', headers: { Authorization: `Bearer ${server.token}` }, body: '{}' }), 415],
    ['GET on the API', () => call(server, '/api/listRuns', { headers: { Authorization: `Bearer ${server.token}` } }), 405],
    ['an unknown method', () => api(server, 'evalJs', {}), 404],
    ['__proto__ as a method', () => api(server, '__proto__', {}), 404],
    ['constructor as a method', () => api(server, 'constructor', {}), 404],
    ['a wrong input shape', () => api(server, 'startRun', { text: 42 }), 400],
    ['extra fields', () => api(server, 'cancelRun', { runId: 'x', extra: true }), 400],
    ['an unknown run', () => api(server, 'getRun', { runId: 'nope' }), 404],
    ['an array body', () => api(server, 'startRun', [1, 2, 3]), 400],
    ['a null body', () => api(server, 'startRun', null), 400],
    ['a path outside the workspace', () => api(server, 'openProject', { path: '/etc/passwd' }), 0],
    ['a relative escape', () => api(server, 'openProject', { path: '../../../../etc/passwd' }), 0],
    ['a device', () => api(server, 'openProject', { path: '/dev/zero' }), 0],
    ['reading a design outside the workspace', () => api(server, 'readProject', { path: '/etc/passwd' }), 0],
    ['reading a path of 5 kB', () => api(server, 'readProject', { path: 'a/'.repeat(2500) }), 400],
    ['saving outside', () => api(server, 'saveProject', { path: '/tmp/kw-escape.yaml', text: 'x' }), 0],
    ['autosave outside', () => api(server, 'autosave', { key: '/etc/hostname', path: '/etc/hostname', text: 'x' }), 0],
    ['export outside', () => api(server, 'saveExport', { text: 'version: 1', directory: '/tmp' }), 0],
    ['a trace outside', () => api(server, 'startRun', { text: BASE, tracePath: '/etc/passwd' }), 0],
    ['an unknown preset', () => api(server, 'openPreset', { id: '../../etc/passwd' }), 0],
    ['a connection URL with a password', () => api(server, 'saveConnection', { id: 'a', name: 'a', url: 'redis://:pw@127.0.0.1:1/0' }), 400],
    ['a URL of another scheme', () => api(server, 'testConnection', { url: 'http://127.0.0.1:1/' }), 200],
    ['a cluster of 17 shards', () => api(server, 'startManagedServer', { kind: 'cluster', shards: 17 }), 400],
    ['a trace name of 300 characters', () => api(server, 'uploadTrace', { name: 'x'.repeat(300), content: 'a' }), 400],
    ['an id of 10 kB', () => api(server, 'cancelRun', { runId: 'x'.repeat(10_000) }), 400],
  ];
  it.each(bad.map(([name], i) => [i, name] as const))('request %i (%s) gets a 4xx with a clean message', async (index) => {
    const [, send, status] = bad[index];
    const reply = await timed(send);
    // 0: any 4xx (which one depends on the check that catches it first).
    if (status !== 0) expect(reply.status).toBe(status);
    if (status !== 200) refusal(reply);
    else expect(JSON.parse(reply.body).value.ok).toBe(false);
    await alive();
  });

  it('answers a body over the limit with 413, declared or streamed, and keeps serving', async () => {
    const declared = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/uploadTrace', method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}`, 'Content-Length': String(MAX_BODY_BYTES + 10) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('{"name":"a","content":"');
    });
    expect(declared).toBe(413);
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/uploadTrace', method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${server.token}`, 'Transfer-Encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(1024 * 1024, 97);
      let sent = 0;
      const pump = (): void => {
        while (sent <= MAX_BODY_BYTES + 2 * chunk.length) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    });
    expect(streamed).toBe(413);
    await alive();
  });

  it('survives a socket frame over 4 kB and garbage on the socket', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${server.token}`, { headers: { Origin: `http://127.0.0.1:${server.port}` } });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const closed = new Promise((resolve) => ws.once('close', resolve));
    ws.send('x'.repeat(64 * 1024));
    await closed;
    await alive();
  });

  it('keeps uploads within the quota by removing the oldest', async () => {
    const big = 'k\n'.repeat(20 * 1024 * 1024); // 40 MB
    const paths: string[] = [];
    for (let i = 0; i < 14; i++) {
      const reply = await api(server, 'uploadTrace', { name: `t${i}.txt`, content: big });
      expect(reply.status).toBe(200);
      paths.push((JSON.parse(reply.body) as { value: { path: string } }).value.path);
    }
    const dir = join(dataDir, 'traces');
    const total = readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
    expect(total).toBeLessThanOrEqual(512 * 1024 * 1024);
    expect(readdirSync(dir).length).toBeLessThan(14);
    expect(readdirSync(dir).map((name) => join(dir, name))).toContain(paths[13]);
    // 560 MB through the JSON API: about 10 s on an idle 2-core machine, three times that under load.
  }, 120_000);
});
