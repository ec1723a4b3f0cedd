/**
 * Browser mode as a workshop room: participants join with the join link and a name, each in a
 * browser context of their own, and see only their own state; twenty start a run at once and all
 * finish (queued, not refused); exports reach a participant's own machine as downloads; a server
 * restart leaves their tabs working, and a run it cut short says so.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { BrowserContext } from '@playwright/test';
import { PRESET } from './flows';
import { blockingViolations } from './support/axe';
import { downloadOf } from './results-flows';
import { expectNoRedisLeft } from './support/processes';
import { REPO_ROOT } from './support/paths';
import { TestRoom } from './support/room';
import type { Participant } from './support/room';
import type { WorkbenchPage } from './workbench-page';

const CATALOG = readFileSync(join(REPO_ROOT, 'presets', 'ecommerce-catalog.yaml'), 'utf8');
const SMALL_RUN = '20000';

let room: TestRoom;
const contexts: BrowserContext[] = [];
const clients: Participant[] = [];

test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
  await room?.dispose();
  await expectNoRedisLeft(process.pid, 'after the room closed');
});

/** A call with the context's own seat cookie, as its page makes it. */
async function callAs<T>(context: BrowserContext, method: string, input: object = {}): Promise<T> {
  const response = await context.request.post(`http://127.0.0.1:${room.server.port}/api/${method}`, { data: input });
  expect(response.status()).toBe(200);
  return ((await response.json()) as { value: T }).value;
}

async function runToEnd(wb: WorkbenchPage): Promise<void> {
  await wb.configureRun({ requests: SMALL_RUN });
  await wb.pressRun();
  await wb.waitForRunEnd('Done');
}

/** The run's JSON, the export's redis.conf (alone and in the zip of all) and the design arrive as the browser's downloads. */
async function downloadsArrive(wb: WorkbenchPage, ttl: string): Promise<void> {
  const json = await downloadOf(wb, wb.page.getByRole('button', { name: 'Download JSON' }));
  expect(JSON.parse(json.text)).toMatchObject({ version: 1, engine: 'sim', requests: Number(SMALL_RUN), partial: false });
  await wb.showView('Export');
  await wb.page.getByRole('tablist', { name: 'Export files' }).getByRole('tab', { name: 'redis.conf', exact: true }).click({ timeout: 30_000 });
  const conf = await downloadOf(wb, wb.page.getByRole('button', { name: 'Download', exact: true }));
  expect(conf.download.suggestedFilename()).toBe('redis.conf');
  expect(conf.text).toMatch(/^maxmemory 268435456$/m); // the preset's 256mb
  // Every file in one download: a zip (stored, so the redis.conf's text is in it as written).
  const all = await downloadOf(wb, wb.page.getByRole('button', { name: 'Download all (.zip)' }));
  expect(all.download.suggestedFilename()).toMatch(/-export\.zip$/);
  expect(all.text.startsWith('PK\u0003\u0004')).toBe(true);
  expect(all.text).toContain('maxmemory 268435456');
  await wb.topButton('Save').click();
  const dialog = wb.page.getByRole('dialog', { name: 'Save design as' });
  const design = await downloadOf(wb, dialog.getByRole('button', { name: 'Download', exact: true }));
  expect(design.download.suggestedFilename()).toMatch(/\.yaml$/);
  expect(design.text).toContain(`ttl: ${ttl}`);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
}

test('three participants in separate browsers see only their own recent files, autosave, history and connections', async ({ browser }) => {
  test.setTimeout(180_000);
  room = new TestRoom();
  await room.start();
  const seats = [];
  for (const name of ['Ann', 'Bob', 'Cid']) {
    const seat = await room.joinInBrowser(browser, name);
    contexts.push(seat.context);
    seats.push(seat);
  }
  const [ann, bob, cid] = seats;

  // Ann: opens a preset, changes a TTL (autosaved), runs it, saves a connection.
  await ann.wb.openPreset(PRESET);
  await ann.wb.setTtl('product', 'prod', '7m');
  await expect.poll(async () => (await callAs<unknown[]>(ann.context, 'listAutosaves')).length, { timeout: 10_000 }).toBe(1);
  await runToEnd(ann.wb);
  await downloadsArrive(ann.wb, '7m');
  await ann.wb.showView('Run');
  await callAs(ann.context, 'saveConnection', { id: 'ann-redis', name: 'Ann redis', url: 'redis://127.0.0.1:6399' });
  await expect(ann.wb.historyList().getByRole('listitem')).toHaveCount(1);

  // Cid: a run of his own.
  await cid.wb.openPreset(PRESET);
  await runToEnd(cid.wb);

  // Bob reloads: none of it is his.
  await bob.wb.page.reload();
  await bob.wb.waitUntilReady();
  await expect(bob.wb.page.getByRole('alertdialog', { name: 'Recover unsaved design?' })).toHaveCount(0);
  await expect(bob.wb.recentList().getByRole('listitem')).toHaveCount(0);
  await expect(bob.wb.page.getByRole('heading', { name: 'Unsaved changes' })).toHaveCount(0);
  await bob.wb.openPreset(PRESET); // the Run view needs an open design
  await bob.wb.showView('Run');
  await expect(bob.wb.historyList().getByRole('listitem')).toHaveCount(0);
  expect(await callAs(bob.context, 'listConnections')).toEqual([]);
  expect(await callAs(bob.context, 'listAutosaves')).toEqual([]);

  // Ann reloads (past the unsaved-changes prompt): her change is offered back, her recent list is there.
  ann.wb.page.on('dialog', (dialog) => void dialog.accept());
  await ann.wb.page.reload();
  await ann.wb.waitUntilReady();
  const recover = ann.wb.page.getByRole('alertdialog', { name: 'Recover unsaved design?' });
  await expect(recover).toContainText(PRESET);
  await recover.getByRole('button', { name: 'Not now' }).click();
  await expect(ann.wb.recentList().getByRole('listitem')).toHaveCount(1);
  expect((await callAs<Array<{ label: string }>>(ann.context, 'listRuns')).length).toBe(1);
  expect(await callAs<Array<{ name: string }>>(ann.context, 'listConnections')).toMatchObject([{ name: 'Ann redis' }]);
  // Cid's history holds his run only.
  await expect(cid.wb.historyList().getByRole('listitem')).toHaveCount(1);

  // On disk: one data area per participant.
  for (const participant of room.server.room?.store.list() ?? []) {
    expect(existsSync(join(room.dataDir, 'participants', participant.id))).toBe(true);
  }
  expect(room.server.room?.store.list().map((p) => p.name).sort()).toEqual(['Ann', 'Bob', 'Cid']);
});

test('twenty participants start a run at once and every run finishes, queued rather than refused', async ({ browser }) => {
  test.setTimeout(240_000);
  room = new TestRoom({ runLimits: { total: 2, perPerson: 1 } });
  await room.start();
  const ui = [];
  for (const name of ['Ann', 'Bob', 'Cid']) {
    const seat = await room.joinInBrowser(browser, name);
    contexts.push(seat.context);
    await seat.wb.openPreset(PRESET);
    await seat.wb.configureRun({ requests: SMALL_RUN });
    ui.push(seat);
  }
  for (let i = 0; i < 17; i++) clients.push(await room.joinAsClient(`Client ${i + 1}`));

  // All twenty at once: seventeen API clients and three Run buttons.
  const started = Promise.all(clients.map((client) => client.call<{ runId: string }>('startRun', { text: CATALOG, requests: Number(SMALL_RUN) })));
  await Promise.all(ui.map((seat) => seat.wb.topButton('Run').click()));
  const runIds = (await started).map((run) => run.runId);
  expect(runIds).toHaveLength(17);

  // With two slots and twenty runs, the browsers' runs wait, showing their place in line.
  for (const seat of ui) await expect(seat.wb.page.getByText(/Queued: \d+(st|nd|rd|th) in line/)).toBeVisible();
  await expect(ui[0].wb.page.getByRole('button', { name: 'Cancel' })).toBeVisible();
  expect(await blockingViolations(ui[0].wb.page)).toEqual([]);
  for (const seat of ui) await seat.wb.waitForRunEnd('Done', 200_000);
  for (const [i, client] of clients.entries()) {
    await expect.poll(async () => (await client.call<{ summary: { status: string } }>('getRun', { runId: runIds[i] })).summary.status, { timeout: 200_000 }).toBe('done');
  }
  expect(room.server.room?.queue.counts()).toEqual({ going: 0, waiting: 0 });
});

test('a server restart leaves the participants\' and the trainer\'s tabs working; a forgotten seat is told to re-join', async ({ browser }) => {
  test.setTimeout(120_000);
  room = new TestRoom();
  await room.start();
  const ann = await room.joinInBrowser(browser, 'Ann');
  const zed = await room.joinInBrowser(browser, 'Zed');
  contexts.push(ann.context, zed.context);
  const trainerContext = await browser.newContext();
  contexts.push(trainerContext);
  const trainer = await trainerContext.newPage();
  await trainer.goto(room.server.url);
  await expect(trainer.getByRole('list', { name: 'Presets' })).toBeVisible({ timeout: 30_000 });
  await ann.wb.openPreset(PRESET);
  await runToEnd(ann.wb);
  // A long run is going when the server stops.
  await ann.wb.configureRun({ requests: '20000000' });
  await ann.wb.pressRun();
  await expect(ann.wb.runStatus()).toContainText('Running', { timeout: 30_000 });

  // Stopped: the tabs notice. Zed's seat is forgotten meanwhile (as if the room file were reset for him).
  await room.stop();
  await expect(ann.wb.page.getByRole('alert').filter({ hasText: /reconnecting/ })).toBeVisible();
  const file = join(room.dataDir, 'room.json');
  const saved = JSON.parse(readFileSync(file, 'utf8')) as { participants: Array<{ name: string }> };
  writeFileSync(file, JSON.stringify({ ...saved, participants: saved.participants.filter((p) => p.name !== 'Zed') }));
  await room.start();

  // Ann's tab reconnects with her seat cookie and goes on: the alert goes, a new run finishes.
  await expect(ann.wb.page.getByRole('alert').filter({ hasText: /reconnecting/ })).toHaveCount(0, { timeout: 30_000 });
  // The run the restart cut short ends as failed, saying so, instead of running forever.
  await ann.wb.waitForRunEnd('Failed', 30_000);
  await expect(ann.wb.page.getByText('The server restarted before this run finished; run it again.').first()).toBeVisible();
  await runToEnd(ann.wb);
  await expect(ann.wb.historyList().getByRole('listitem')).toHaveCount(3);
  // The trainer's tab, opened with the kept token, too.
  await expect(trainer.getByRole('alert').filter({ hasText: /reconnecting|Connecting/ })).toHaveCount(0, { timeout: 30_000 });
  // Zed's tab stops retrying and says what to do; reloading shows the join form.
  await expect(zed.wb.page.getByRole('alert').filter({ hasText: /re-open the join link/ })).toBeVisible({ timeout: 30_000 });
  await zed.wb.page.reload();
  await expect(zed.wb.page.getByRole('heading', { name: 'Join the room' })).toBeVisible();
  await expect(zed.wb.page.getByRole('alert')).toContainText('does not know your seat');
  expect(await blockingViolations(zed.wb.page)).toEqual([]);
});
