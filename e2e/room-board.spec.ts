/**
 * The heart of a workshop: the trainer pushes the open design to the room; each participant (a
 * browser context of their own) is offered it, opens it — asked first when they have unsaved work —
 * and runs it; the trainer's results board fills in live with everyone's hit ratio and targets met.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import type { BrowserContext } from '@playwright/test';
import { PRESET } from './flows';
import { blockingViolations } from './support/axe';
import { REPO_ROOT } from './support/paths';
import { expectNoRedisLeft } from './support/processes';
import { TestRoom } from './support/room';
import { WorkbenchPage } from './workbench-page';

const SMALL_RUN = '20000';
const CATALOG = readFileSync(join(REPO_ROOT, 'presets', 'ecommerce-catalog.yaml'), 'utf8');
let room: TestRoom;
const contexts: BrowserContext[] = [];

test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
  await room?.dispose();
  await expectNoRedisLeft(process.pid, 'after the room closed');
});

test('the trainer pushes a design, every participant opens and runs it, and the board shows each result', async ({ browser }) => {
  test.setTimeout(180_000);
  room = new TestRoom();
  await room.start();
  const trainerContext = await browser.newContext();
  contexts.push(trainerContext);
  const trainer = new WorkbenchPage(await trainerContext.newPage());
  await trainer.page.goto(room.server.url);
  await trainer.waitUntilReady();
  const seats = [];
  for (const name of ['Ann', 'Bob', 'Cid']) {
    const seat = await room.joinInBrowser(browser, name);
    contexts.push(seat.context);
    seats.push({ name, ...seat });
  }
  // Bob has unsaved work of his own: the push must not replace it without asking.
  const bob = seats[1].wb;
  await bob.openPreset(PRESET);
  await bob.setTtl('product', 'prod', '7m');

  await trainer.openPreset(PRESET);
  await trainer.showView('Room');
  await expect(trainer.page.getByText('No runs in the room yet')).toBeVisible();
  await trainer.page.getByRole('combobox', { name: 'Design to push' }).selectOption({ label: `The open design (${PRESET})` });
  await trainer.page.getByRole('button', { name: 'Push to everyone' }).click();
  await expect(trainer.notifications()).toContainText('Pushed to the room: 3 open pages got it.');
  await expect(trainer.page.getByRole('complementary', { name: 'Shared by the trainer' })).toHaveCount(0);

  for (const { name, wb } of seats) {
    const offer = wb.page.getByRole('complementary', { name: 'Shared by the trainer' });
    await expect(offer).toContainText(`Trainer shared ${PRESET}`);
    if (name === 'Bob') {
      expect(await blockingViolations(wb.page)).toEqual([]);
      await offer.getByRole('button', { name: 'Open' }).click();
      const ask = wb.page.getByRole('alertdialog', { name: 'Save changes first?' });
      await ask.getByRole('button', { name: 'Cancel' }).click();
      await expect(offer).toBeVisible(); // still offered, his work untouched
      await offer.getByRole('button', { name: 'Open' }).click();
      await ask.getByRole('button', { name: 'Discard' }).click();
    } else {
      await offer.getByRole('button', { name: 'Open' }).click();
    }
    await expect(offer).toHaveCount(0);
    await expect(wb.notifications()).toContainText(`Opened ${PRESET} as a new, unsaved design.`);
    await expect(wb.page.getByRole('banner')).toContainText(PRESET);
    await wb.configureRun({ requests: SMALL_RUN });
    await wb.pressRun();
  }
  for (const { wb } of seats) await wb.waitForRunEnd('Done', 120_000);

  // The trainer's board, open all along, fills in as the runs end: one row each, with their numbers.
  const rows = trainer.page.getByRole('table', { name: 'Results board' }).getByTestId('board-row');
  await expect(rows).toHaveCount(3, { timeout: 30_000 });
  for (const { name } of seats) {
    const row = rows.filter({ has: trainer.page.getByRole('rowheader', { name, exact: true }) });
    await expect(row).toContainText('done', { timeout: 30_000 });
    await expect(row).toContainText(PRESET);
    await expect(row.getByRole('cell').nth(3)).toHaveText(/^\d+\.\d %$/);
    await expect(row.getByRole('cell').nth(5)).toHaveText(/^[0-3] of 3$/);
  }
  expect(await blockingViolations(trainer.page)).toEqual([]);
  // Newest first until a column is chosen; Who sorts by name.
  const header = (name: string) => trainer.page.getByRole('columnheader', { name, exact: true });
  await expect(header('When (UTC)')).toHaveAttribute('aria-sort', 'descending');
  await expect(rows.first().getByRole('rowheader')).toHaveText('Cid');
  await header('Who').getByRole('button').click();
  await expect(header('Who')).toHaveAttribute('aria-sort', 'ascending');
  await expect(rows.getByRole('rowheader')).toHaveText(['Ann', 'Bob', 'Cid']);
  await header('When (UTC)').getByRole('button').click();

  // A room of 24: twenty-one more participants (long names) start a run each; the board takes every
  // row at once, live, and keeps them reachable: it scrolls in its frame, the page does not widen.
  const names = Array.from({ length: 21 }, (_, i) => `Participant with a rather long display name ${String(i + 1).padStart(2, '0')}`);
  const clients = await Promise.all(names.map((name) => room.joinAsClient(name)));
  await Promise.all(clients.map((client) => client.call('startRun', { text: CATALOG, requests: 2000 })));
  await expect(rows).toHaveCount(24, { timeout: 30_000 });
  await expect(trainer.page.getByRole('rowheader', { name: /^Participant with a rather long display name \d\d$/ })).toHaveCount(21);
  const last = rows.last();
  await last.scrollIntoViewIfNeeded();
  await expect(last).toBeInViewport();
  expect(await trainer.page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
  expect(await blockingViolations(trainer.page)).toEqual([]);
  await Promise.all(clients.map((client) => client.dispose()));

  // A participant reads the same board, without the trainer's push controls.
  await seats[0].wb.showView('Room');
  await expect(seats[0].wb.page.getByRole('table', { name: 'Results board' }).getByTestId('board-row')).toHaveCount(24);
  await expect(seats[0].wb.page.getByRole('button', { name: 'Push to everyone' })).toHaveCount(0);
});
