import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingRedis, type RecordingRedis } from '../../simulator/node/redis/recording-redis';
import { PRESETS_DIR, tempDir } from '../host/test-support';
import { startServer, type RunningServer } from './server';
import { api } from './test-support';

// Both are in this process's environment, where the services look values up; only one is allowed.
const SECRET = `canary-secret-${randomBytes(6).toString('hex')}`;
const ALLOWED = `canary-allowed-${randomBytes(6).toString('hex')}`;
const DESIGN = readFileSync(join(PRESETS_DIR, 'ecommerce-catalog.yaml'), 'utf8');
let server: RunningServer;
let listener: RecordingRedis;
let dataDir: string;

beforeAll(async () => {
  process.env.KW_TEST_SECRET = SECRET;
  process.env.KW_TEST_ALLOWED = ALLOWED;
  const root = tempDir('kw-serve-secrets-');
  const staticDir = join(root, 'renderer');
  mkdirSync(staticDir, { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Keyspace Workbench</title>');
  dataDir = join(root, 'data');
  mkdirSync(dataDir);
  listener = await startRecordingRedis();
  server = await startServer({ staticDir, port: 0, dataDir, workspaceDir: tempDir(), allowPasswordEnv: ['KW_TEST_ALLOWED'] });
});

afterAll(async () => {
  await server?.close();
  await listener?.close();
  delete process.env.KW_TEST_SECRET;
  delete process.env.KW_TEST_ALLOWED;
});

function expectRefused(reply: { status: number; body: string }, name: string): void {
  expect(reply.status).toBe(400);
  const body = JSON.parse(reply.body) as { ok: boolean; error: { code: string; message: string } };
  expect(body.error.code).toBe('bad-input');
  expect(body.error.message).toMatch(new RegExp(`^passwordEnv ${name} is not allowed: only KW_TEST_ALLOWED may be sent as a Redis password.*npm run serve -- --allow-password-env NAME`));
  expect(reply.body).not.toContain(SECRET);
}

async function waitForRunEnd(runId: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const reply = JSON.parse((await api(server, 'getRun', { runId })).body) as { value: { summary: { status: string; error: string | null } } };
    if (reply.value.summary.status !== 'running') return reply.value.summary.error ?? '';
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`run ${runId} did not end`);
}

describe('browser mode sends only the password variables it was started to allow', () => {
  it('refuses testConnection naming another variable in the body or in the URL, with 400 and nothing sent', async () => {
    expectRefused(await api(server, 'testConnection', { url: listener.url, passwordEnv: 'KW_TEST_SECRET' }), 'KW_TEST_SECRET');
    expectRefused(await api(server, 'testConnection', { url: `${listener.url}?passwordEnv=KW_TEST_SECRET` }), 'KW_TEST_SECRET');
    expectRefused(await api(server, 'testConnection', { url: `${listener.url}?passwordEnv=HOME` }), 'HOME');
    expect(listener.connections()).toBe(0);
    expect(listener.received()).not.toContain(SECRET);
  });

  it('refuses to save such a connection, and to run one saved before (or written into connections.json by hand)', async () => {
    expectRefused(await api(server, 'saveConnection', { id: 'bad', name: 'Bad', url: listener.url, passwordEnv: 'KW_TEST_SECRET' }), 'KW_TEST_SECRET');
    writeFileSync(join(dataDir, 'connections.json'), JSON.stringify([{ id: 'legacy', name: 'Legacy', url: `${listener.url}?passwordEnv=KW_TEST_SECRET` }]));
    expectRefused(await api(server, 'startRun', { text: DESIGN, requests: 1000, engine: 'connection', connectionId: 'legacy' }), 'KW_TEST_SECRET');
    expect(listener.connections()).toBe(0);
    expect(listener.received()).not.toContain(SECRET);
  });

  it('sends the allowed variable, on a test and on a live run (so a leak would be seen)', async () => {
    const test = await api(server, 'testConnection', { url: listener.url, passwordEnv: 'KW_TEST_ALLOWED' });
    expect(test.status).toBe(200);
    // The listener refuses every password: the test fails, after the AUTH carrying the value.
    expect(JSON.parse(test.body)).toMatchObject({ ok: true, value: { ok: false } });
    expect(listener.received()).toContain(ALLOWED);

    const before = listener.received().length;
    expect((await api(server, 'saveConnection', { id: 'dev', name: 'Dev', url: listener.url, passwordEnv: 'KW_TEST_ALLOWED' })).status).toBe(200);
    const started = await api(server, 'startRun', { text: DESIGN, requests: 1000, engine: 'connection', connectionId: 'dev' });
    expect(started.status).toBe(200);
    const error = await waitForRunEnd((JSON.parse(started.body) as { value: { runId: string } }).value.runId);
    expect(error).toMatch(/password/);
    expect(listener.received().slice(before)).toContain(ALLOWED);
    expect(listener.received()).not.toContain(SECRET);
  });
});
