import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Participant, RoomBoard, RunSummary } from '../common';
import { nextEvent, PRESETS_DIR, tempDir } from '../host/test-support';
import { boardRows } from './room-board';
import type { RunningServer } from './server';
import { api, joinRoom, seatApi, startBareServer } from './test-support';

const CATALOG = readFileSync(join(PRESETS_DIR, 'ecommerce-catalog.yaml'), 'utf8');
const servers: RunningServer[] = [];
const sockets: WebSocket[] = [];
afterAll(async () => {
  sockets.forEach((socket) => socket.terminate());
  await Promise.all(servers.map((s) => s.close()));
});

async function room(): Promise<RunningServer> {
  const { server } = await startBareServer({ dataDir: tempDir('kw-room-data-') });
  servers.push(server);
  return server;
}

/** A participant's page: their seat, and every event their socket receives. */
async function participantPage(server: RunningServer, name: string) {
  const cookie = await joinRoom(server, name);
  const events: Array<{ event: string; payload: unknown }> = [];
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/events`, { headers: { Cookie: cookie } });
  sockets.push(socket);
  socket.on('message', (data: Buffer) => events.push(JSON.parse(data.toString('utf8')) as { event: string; payload: unknown }));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const participant = (await seatApi<{ participant: Participant }>(server, cookie, 'getAppInfo')).value.participant;
  /** Resolves once the socket has received `event` (already, or later). */
  const received = (event: string) => new Promise<unknown>((resolve) => {
    const found = events.find((e) => e.event === event);
    if (found) return resolve(found.payload);
    const onMessage = (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { event: string; payload: unknown };
      if (message.event !== event) return;
      socket.off('message', onMessage);
      resolve(message.payload);
    };
    socket.on('message', onMessage);
  });
  return { cookie, participant, events, received };
}

describe('the trainer pushes a design to the room', () => {
  it('reaches every participant\'s open page and never the trainer\'s; a participant cannot push', async () => {
    const server = await room();
    const [ann, bob] = [await participantPage(server, 'Ann'), await participantPage(server, 'Bob')];
    const trainerEvents: string[] = [];
    server.services.subscribe((event) => trainerEvents.push(event));

    const pushed = await api(server, 'pushToRoom', { presetId: 'ecommerce-catalog' });
    expect(pushed.status).toBe(200);
    expect(JSON.parse(pushed.body).value).toEqual({ delivered: 2 });
    for (const page of [ann, bob]) {
      const share = await page.received('onDidRoomShare') as { name: string; text: string; presetId: string | null; sharedAt: string };
      expect(share).toMatchObject({ text: CATALOG, presetId: 'ecommerce-catalog' });
      expect(share.name).toMatch(/catalog/i);
      expect(Number.isNaN(Date.parse(share.sharedAt))).toBe(false);
    }
    // The room's events are emitted synchronously while the call runs: the trainer's would be here by now.
    expect(trainerEvents).not.toContain('onDidRoomShare');

    const design = await api(server, 'pushToRoom', { name: 'Ann\'s fix', text: CATALOG.replace('hitRatio>=0.7', 'hitRatio>=0.5') });
    expect(JSON.parse(design.body).value).toEqual({ delivered: 2 });

    const refused = await seatApi(server, ann.cookie, 'pushToRoom', { presetId: 'ecommerce-catalog' });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).error).toEqual({ code: 'forbidden', message: expect.stringMatching(/Only the trainer can push/) });
    // Bob got the trainer's two pushes, nothing from Ann.
    expect(bob.events.filter((e) => e.event === 'onDidRoomShare')).toHaveLength(2);

    // Cid comes late: his first page gets the latest push as it connects.
    const cid = await participantPage(server, 'Cid');
    expect(await cid.received('onDidRoomShare')).toMatchObject({ name: 'Ann\'s fix' });
    // Ann's new tab does not get what her first tab had: the first push it hears is the next one.
    const again = new WebSocket(`ws://127.0.0.1:${server.port}/events`, { headers: { Cookie: ann.cookie } });
    sockets.push(again);
    const first = new Promise<unknown>((resolve) => again.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { event: string; payload: unknown };
      if (message.event === 'onDidRoomShare') resolve(message.payload);
    }));
    await new Promise((resolve) => again.once('open', resolve));
    expect(JSON.parse((await api(server, 'pushToRoom', { name: 'Third', text: CATALOG })).body).value).toEqual({ delivered: 3 });
    expect(await first).toMatchObject({ name: 'Third' });
  });

  it('refuses what is not a preset or a named, non-empty design, with a 4xx and a message', async () => {
    const server = await room();
    for (const [input, status] of [[{ name: 'x', text: '  ' }, 400], [{ presetId: 'p', name: 'x', text: 'y' }, 400], [{}, 400], [{ presetId: 'no-such-preset' }, 404]] as const) {
      const reply = await api(server, 'pushToRoom', input);
      expect(reply.status, JSON.stringify(input)).toBe(status);
      expect(JSON.parse(reply.body).error.message).not.toMatch(/at .*\.ts:\d+/);
    }
  });
});

describe('the results board', () => {
  it('shows each person\'s runs with hit ratio and targets met, to the trainer and participants, and says when it changes', async () => {
    const server = await room();
    const pages = [await participantPage(server, 'Ann'), await participantPage(server, 'Bob')];
    const changed = pages[0].received('onDidRoomBoardChange');
    const ends = pages.map((page) => nextEvent(server.room!.seat(page.participant).services, 'onDidRunEnd'));
    for (const page of pages) expect((await seatApi(server, page.cookie, 'startRun', { text: CATALOG, requests: 20_000 })).status).toBe(200);
    const summaries = (await Promise.all(ends)).map((end) => end.summary);
    expect(summaries.map((s) => s.status)).toEqual(['done', 'done']);
    await changed;

    const board = JSON.parse((await api(server, 'roomBoard', {})).body).value as RoomBoard;
    expect(board.participants).toBe(2);
    expect(board.rows.map((row) => row.who.name).sort()).toEqual(['Ann', 'Bob']);
    for (const row of board.rows) {
      const summary = summaries.find((s) => s.runId === row.runId) as RunSummary;
      expect(row).toMatchObject({ status: 'done', designName: summary.designName, engine: 'sim', hitRatio: summary.hitRatio, targetsTotal: 3 });
      expect(row.hitRatio).toBeGreaterThan(0);
      expect(row.targetsMet).toBe(summary.targets?.filter((t) => t.passed).length);
    }
    // A participant reads the same board.
    const seen = await seatApi<RoomBoard>(server, pages[1].cookie, 'roomBoard');
    expect(seen.value.rows.map((row) => row.runId).sort()).toEqual(board.rows.map((row) => row.runId).sort());
  });

  it('keeps each person\'s newest runs only, newest first overall', () => {
    const run = (n: number): RunSummary => ({
      runId: `run-${n}`, label: `r${n}`, designName: 'd', environment: 'prod', engine: 'sim', status: 'done',
      startedAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(), hitRatio: 0.5, p95Ms: null, error: null,
      targets: [{ text: 'hitRatio>=0.4', passed: true, message: '', actual: 0.5, invalid: false }, { text: 'p95<=1ms', passed: false, message: '', actual: null, invalid: false }],
    });
    const many = Array.from({ length: 15 }, (_, i) => run(40 - i)); // newest first, as a history keeps them
    const rows = boardRows([{ who: { id: 'a', name: 'Ann' }, runs: many }, { who: { id: 'b', name: 'Bob' }, runs: [run(30), { ...run(1), targets: undefined }] }], 10);
    expect(rows.filter((row) => row.who.name === 'Ann')).toHaveLength(10);
    expect(rows.map((row) => row.startedAt)).toEqual([...rows.map((row) => row.startedAt)].sort().reverse());
    expect(rows[0]).toMatchObject({ runId: 'run-40', targetsMet: 1, targetsTotal: 2 });
    expect(rows.at(-1)).toMatchObject({ runId: 'run-1', targetsMet: null, targetsTotal: null });
  });
});
