/**
 * Browser mode against a hostile participant (seat cookie, no token): paths out of their own
 * workspace into another participant's or the trainer's (`..`, absolute, symlinks), another
 * participant's runs, autosave, traces and connections by id, oversize bodies, too many uploads
 * (each participant's and the room's budget), forged seat cookies and cross-origin calls. Each is
 * refused with a 4xx and a clean message, and nothing of the other person's is read or changed.
 */
import { readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { PRESETS_DIR, tempDir } from '../host/test-support';
import { seatCookieName } from './join';
import { MAX_BODY_BYTES } from './api';
import type { RunningServer } from './server';
import { api, joinRoom, LEAK, seatApi, startBareServer } from './test-support';

const CATALOG = readFileSync(join(PRESETS_DIR, 'ecommerce-catalog.yaml'), 'utf8');
const MB = 1024 * 1024;
const SECRET = '# Bob\'s secret design\n';
let server: RunningServer;
let other: RunningServer;
let workspace: string;
let ann: string;
let bob: string;
const ids: Record<string, string> = {};
let bobFile: string;
let trainerFile: string;
let bobRun: string;
let bobTrace: string;

/** A refusal: 4xx, the error envelope, a one-line message without internals. */
function refused(reply: { status: number; body: string }, status?: number): string {
  if (status !== undefined) expect(reply.status).toBe(status);
  expect(reply.status).toBeGreaterThanOrEqual(400);
  expect(reply.status).toBeLessThan(500);
  const envelope = JSON.parse(reply.body) as { ok: boolean; error: { message: string } };
  expect(envelope.ok).toBe(false);
  expect(envelope.error.message).not.toMatch(LEAK);
  return envelope.error.message;
}

beforeAll(async () => {
  workspace = tempDir('kw-hostile-seat-ws-');
  ({ server } = await startBareServer({
    dataDir: tempDir('kw-hostile-seat-data-'), workspaceDir: workspace,
    traceLimits: { participantBytes: 2 * MB, participantFiles: 3, roomBytes: 5 * MB },
  }));
  ({ server: other } = await startBareServer({ dataDir: tempDir('kw-hostile-other-') }));
  ann = await joinRoom(server, 'Ann');
  bob = await joinRoom(server, 'Bob');
  for (const p of server.room?.store.list() ?? []) ids[p.name] = p.id;
  bobFile = (await seatApi<{ path: string }>(server, bob, 'saveProject', { path: 'secret.yaml', text: SECRET })).value.path;
  trainerFile = JSON.parse((await api(server, 'saveProject', { path: 'trainer.yaml', text: SECRET })).body).value.path as string;
  expect(bobFile.startsWith(join(workspace, 'participants', ids.Bob))).toBe(true);
  await seatApi(server, bob, 'autosave', { key: bobFile, path: bobFile, text: `${SECRET}# changed\n` });
  bobRun = (await seatApi<{ runId: string }>(server, bob, 'startRun', { text: CATALOG, requests: 20_000 })).value.runId;
  bobTrace = (await seatApi<{ path: string }>(server, bob, 'uploadTrace', { name: 'keys.txt', content: 'products:1\n' })).value.path;
  await seatApi(server, bob, 'saveConnection', { id: 'bobs', name: 'Bob redis', url: 'redis://127.0.0.1:6399' });
  // A symlink in Ann's workspace to Bob's (as a shared disk or an earlier tool might leave).
  await seatApi(server, ann, 'listRuns'); // her workspace is made on her first call
  symlinkSync(join(workspace, 'participants', ids.Bob), join(workspace, 'participants', ids.Ann, 'bob-dir'));
  symlinkSync(bobFile, join(workspace, 'participants', ids.Ann, 'bob-link.yaml'));
}, 60_000);

afterAll(async () => {
  await server?.close();
  await other?.close();
});

describe('a participant cannot reach outside their own workspace', () => {
  const escapes: Array<[string, () => Record<string, unknown>]> = [
    ['another participant\'s file, absolute', () => ({ path: bobFile })],
    ['another participant\'s file, by ..', () => ({ path: `../${ids.Bob}/projects/secret.yaml` })],
    ['another participant\'s file, by ../..', () => ({ path: `projects/../../${ids.Bob}/projects/secret.yaml` })],
    ['the trainer\'s file, absolute', () => ({ path: trainerFile })],
    ['the trainer\'s file, by ../..', () => ({ path: '../../projects/trainer.yaml' })],
    ['a symlinked directory', () => ({ path: 'bob-dir/projects/secret.yaml' })],
    ['a symlinked file', () => ({ path: 'bob-link.yaml' })],
  ];
  it.each(escapes.map(([name], i) => [i, name] as const))('openProject %i (%s) is refused', async (index) => {
    const reply = await seatApi<unknown>(server, ann, 'openProject', escapes[index][1]());
    refused(reply);
    expect(reply.body).not.toContain('secret design');
  });

  it.each(escapes.map(([name], i) => [i, name] as const))('saveProject %i (%s) is refused and the file is unchanged', async (index) => {
    refused(await seatApi(server, ann, 'saveProject', { ...escapes[index][1](), text: 'stolen: true', overwrite: true }));
    expect(readFileSync(bobFile, 'utf8')).toBe(SECRET);
    expect(readFileSync(trainerFile, 'utf8')).toBe(SECRET);
  });

  it('export directories, autosave slots and trace paths out of it are refused', async () => {
    for (const directory of [dirname(bobFile), `../${ids.Bob}`, 'bob-dir/projects', workspace]) {
      refused(await seatApi(server, ann, 'saveExport', { text: CATALOG, directory }));
    }
    expect(readdirSync(dirname(bobFile)).sort()).toEqual(['secret.yaml']);
    refused(await seatApi(server, ann, 'autosave', { key: bobFile, path: bobFile, text: 'x' }));
    const recovered = await seatApi<{ text: string } | null>(server, ann, 'recoverAutosave', { key: bobFile });
    if (recovered.status === 200) expect(recovered.value).toBeNull();
    else refused(recovered);
    // A slot key names a slot in the caller's own data: Bob's preset slot is not Ann's.
    await seatApi(server, bob, 'autosave', { key: 'preset:ecommerce-catalog', path: null, presetId: 'ecommerce-catalog', text: `${CATALOG}# Bob's edit\n` });
    expect((await seatApi<{ text: string }>(server, bob, 'recoverAutosave', { key: 'preset:ecommerce-catalog' })).value.text).toContain('# Bob\'s edit');
    expect(await seatApi(server, ann, 'recoverAutosave', { key: 'preset:ecommerce-catalog' })).toMatchObject({ status: 200, value: null });
    expect(await seatApi(server, ann, 'recoverAutosave', {})).toMatchObject({ status: 200, value: null });
    expect(await seatApi(server, ann, 'listAutosaves')).toMatchObject({ status: 200, value: [] });
    for (const tracePath of [bobTrace, `../${ids.Bob}/traces/x`, `../../participants/${ids.Bob}/traces/${bobTrace.split('/').pop()}`]) {
      refused(await seatApi(server, ann, 'startRun', { text: CATALOG, tracePath }));
    }
  });
});

describe('a participant cannot reach another participant\'s runs or connections by id', () => {
  it('getRun, renameRun, cancelRun, deleteRun and a report on Bob\'s run are not found; his run is intact', async () => {
    refused(await seatApi(server, ann, 'getRun', { runId: bobRun }), 404);
    refused(await seatApi(server, ann, 'renameRun', { runId: bobRun, label: 'mine now' }), 404);
    refused(await seatApi(server, ann, 'cancelRun', { runId: bobRun }), 404);
    refused(await seatApi(server, ann, 'deleteRun', { runId: bobRun }), 404);
    refused(await seatApi(server, ann, 'previewExport', { text: CATALOG, runIds: [bobRun] }), 404);
    expect((await seatApi<unknown[]>(server, ann, 'listRuns')).value).toEqual([]);
    const his = await seatApi<{ summary: { label: string; status: string } }>(server, bob, 'getRun', { runId: bobRun });
    expect(his.value.summary.label).not.toBe('mine now');
    expect(his.value.summary.status).not.toBe('cancelled');
  });

  it('a run on Bob\'s saved connection is refused; Ann lists no connection', async () => {
    refused(await seatApi(server, ann, 'startRun', { text: CATALOG, engine: 'connection', connectionId: 'bobs' }));
    expect((await seatApi(server, ann, 'listConnections')).value).toEqual([]);
  });
});

describe('a participant\'s uploads and bodies are bounded', () => {
  it('a body over the limit gets 413 and the server keeps serving the seat', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/uploadTrace', method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: ann, 'Content-Length': String(MAX_BODY_BYTES + 10) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('{"name":"a","content":"');
    });
    expect(status).toBe(413);
    expect((await seatApi(server, ann, 'listRuns')).status).toBe(200);
  });

  it('keeps each participant to their files and bytes (oldest go), refuses one trace over them (413) and one the room has no room for (429)', async () => {
    const annTraces = join(dirname(dirname(dirname(bobTrace))), ids.Ann, 'traces');
    const half = 'k\n'.repeat(MB / 4); // 0.5 MB
    for (let i = 0; i < 5; i++) expect((await seatApi(server, ann, 'uploadTrace', { name: `t${i}.txt`, content: half })).status).toBe(200);
    expect(readdirSync(annTraces)).toHaveLength(3);
    const escaped = await seatApi<{ path: string }>(server, ann, 'uploadTrace', { name: '../../../../escape.txt', content: 'a' });
    expect(escaped.value.path.startsWith(`${annTraces}/`)).toBe(true);
    expect(refused(await seatApi(server, ann, 'uploadTrace', { name: 'big.txt', content: 'k'.repeat(3 * MB) }), 413)).toMatch(/kept up to 2 MB/);
    // Ann and Bob keep 2 MB each; Cid's 1.5 MB does not fit the room's 5 MB.
    expect((await seatApi(server, ann, 'uploadTrace', { name: 'full.txt', content: 'k'.repeat(2 * MB - 64) })).status).toBe(200);
    expect((await seatApi(server, bob, 'uploadTrace', { name: 'full.txt', content: 'k'.repeat(2 * MB - 64) })).status).toBe(200);
    const cid = await joinRoom(server, 'Cid');
    expect(refused(await seatApi(server, cid, 'uploadTrace', { name: 'c.txt', content: 'k'.repeat(1.5 * MB) }), 429)).toMatch(/room's uploaded traces hold \d+ MB of the 5 MB/);
    expect((await seatApi(server, cid, 'uploadTrace', { name: 'c.txt', content: 'k'.repeat(MB / 2) })).status).toBe(200);
  });
});

describe('a forged, foreign or cross-origin seat gets nothing', () => {
  it('refuses forged and foreign seat cookies with 401', async () => {
    const name = seatCookieName(server.port);
    const [, annValue] = ann.split('=');
    const [annId] = decodeURIComponent(annValue).split('.');
    const otherSeat = (await joinRoom(other, 'Eve')).split('=')[1];
    const forged = [
      `${name}=${annId}.not-the-secret`, `${name}=${encodeURIComponent(`${ids.Bob}.${decodeURIComponent(annValue).split('.').pop()}`)}`,
      `${name}=${annId}`, `${name}=.`, `${name}=${'x'.repeat(4000)}`, `${name}=${otherSeat}`, `${seatCookieName(other.port)}=${annValue}`,
    ];
    for (const cookie of forged) expect((await seatApi(server, cookie, 'listRuns')).status).toBe(401);
  });

  it('refuses a participant\'s call and socket from another origin with 403', async () => {
    expect((await seatApi(server, ann, 'listRuns', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events`, { headers: { Cookie: ann, Origin: 'http://evil.example' } });
      ws.on('open', () => { ws.close(); resolve(101); });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(403);
  });
});
