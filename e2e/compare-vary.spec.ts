/**
 * Compare and vary (issue 16): five values of maxmemoryPolicy run with the Compare view's own
 * settings (not a budget typed earlier in the Run view), queue, and all finish into the table; with
 * six runs of long names every checkbox can be unticked, every column is reachable with the metric
 * names in view, and each run is marked on its own design's miss-ratio curve.
 */
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { PRESET } from './flows';

const POLICIES = ['allkeys-lru', 'allkeys-lfu', 'volatile-lru', 'allkeys-random', 'noeviction'];
const BUDGET = '5000';

async function api<T>(request: APIRequestContext, server: { port: number; token: string }, method: string, body: object = {}): Promise<T> {
  const response = await request.post(`http://127.0.0.1:${server.port}/api/${method}`, { data: body, headers: { Authorization: `Bearer ${server.token}` } });
  expect(response.status(), `POST /api/${method}`).toBe(200);
  return ((await response.json()) as { value: T }).value;
}

test('vary five policies with the panel\'s settings; six long-named runs stay pickable, reachable and on their own curves', async ({ workbench: wb, request, server }) => {
  test.setTimeout(180_000);
  await wb.openPreset(PRESET);
  // A huge budget typed in the Run view earlier must not leak into the vary.
  await wb.configureRun({ requests: '20000000', seed: '99' });
  await wb.showView('Compare');
  const panel = wb.page.getByRole('form', { name: 'Vary one parameter' });
  const settings = panel.getByRole('group', { name: 'Each run with' });
  await expect(settings.getByRole('textbox', { name: 'Request budget' })).toHaveValue('');
  await expect(settings.getByRole('textbox', { name: 'Request budget' })).toHaveAttribute('placeholder', /design's own/);
  await expect(settings.getByRole('combobox', { name: 'Engine' })).toHaveValue('sim');
  await panel.getByRole('textbox', { name: 'Field path' }).fill('server.maxmemoryPolicy');
  await panel.getByRole('textbox', { name: 'Values' }).fill(POLICIES.join(', '));
  await settings.getByRole('textbox', { name: 'Request budget' }).fill(BUDGET);
  await settings.getByRole('textbox', { name: 'Seed' }).fill('5');
  // Two long runs hold both of this person's slots: the vary's runs wait in line, told their place.
  const design = await api<{ text: string }>(request, server, 'openPreset', { id: 'ecommerce-catalog' });
  const blockers = await Promise.all([1, 2].map(() => api<{ runId: string }>(request, server, 'startRun', { text: design.text, requests: 1_000_000_000, label: 'blocker' })));
  await panel.getByRole('button', { name: 'Vary parameter' }).click();
  await expect(wb.page.getByRole('status').filter({ hasText: `server.maxmemoryPolicy=${POLICIES[4]} is waiting in line (place 5)` })).toBeVisible();
  // Cancel all: every waiting run of the vary ends without running.
  await panel.getByRole('button', { name: `Cancel all (${POLICIES.length} waiting or running)` }).click();
  await expect(wb.page.getByRole('alert').filter({ hasText: 'It ended without a result (cancelled)' })).toHaveCount(POLICIES.length);
  await expect(panel.getByRole('button', { name: /^Cancel all/ })).toHaveCount(0);
  // Again; then the long runs stop and the five go through the queue.
  await panel.getByRole('button', { name: 'Vary parameter' }).click();
  await expect(wb.page.getByRole('status').filter({ hasText: /waiting in line \(place \d\)/ })).toHaveCount(POLICIES.length);
  for (const { runId } of blockers) await api(request, server, 'cancelRun', { runId });

  const table = wb.page.getByRole('table', { name: 'Comparison' });
  const header = table.getByRole('row').first();
  await expect(header.getByRole('columnheader')).toHaveCount(1 + POLICIES.length, { timeout: 90_000 });
  for (const policy of POLICIES) await expect(header).toContainText(`server.maxmemoryPolicy=${policy}`);
  const row = (name: string) => table.getByRole('row', { name: new RegExp(`^${name}`) }).getByRole('cell');
  await expect(row('Request budget')).toHaveText(POLICIES.map(() => '5,000'));
  await expect(row('Requests run')).toHaveText(POLICIES.map(() => '5,000'));
  await expect(row('Seed')).toHaveText(POLICIES.map(() => '5'));
  await expect(row('Engine')).toHaveText(POLICIES.map(() => 'Simulator'));
  await expect(panel.getByRole('button', { name: /^Cancel all/ })).toHaveCount(0);
  // Each curve is its design's own policy's: five policies, five curves, each with its run marked.
  const curves = wb.page.getByRole('region', { name: /^Miss-ratio curve of / });
  await expect(curves).toHaveCount(POLICIES.length, { timeout: 60_000 });
  for (const policy of POLICIES) {
    await expect(curves.filter({ hasText: `${policy} (the design)` }).filter({ hasText: `server.maxmemoryPolicy=${policy}` })).toHaveCount(1, { timeout: 60_000 });
  }

  // Long names without a break, and a sixth run of another design (500 products).
  await api(request, server, 'startRun', { text: design.text, requests: Number(BUDGET), set: ['namespaces.0.cardinality=500'], label: 'small-catalogue' });
  await expect.poll(async () => (await api<Array<{ status: string }>>(request, server, 'listRuns')).filter((r) => r.status === 'done').length, { timeout: 30_000 }).toBe(6);
  const runs = (await api<Array<{ runId: string; label: string; status: string }>>(request, server, 'listRuns')).filter((r) => r.status === 'done');
  expect(runs).toHaveLength(6);
  for (const run of runs) await api(request, server, 'renameRun', { runId: run.runId, label: `${run.label}-${'x'.repeat(90)}` });
  await wb.page.reload();
  await wb.waitUntilReady();
  await wb.openPreset(PRESET);
  await wb.showView('Compare');
  const picks = wb.historyList().getByRole('checkbox', { name: /x{90}$/ });
  await expect(picks).toHaveCount(6);
  for (const pick of await picks.all()) {
    await pick.check();
    const box = await pick.boundingBox();
    expect(box?.width, 'a checkbox beside a long name keeps its size').toBeGreaterThanOrEqual(10);
  }
  await expect(header.getByRole('columnheader')).toHaveCount(7, { timeout: 30_000 });
  await expect(wb.page.getByRole('region', { name: /^Miss-ratio curve of / })).toHaveCount(POLICIES.length + 1, { timeout: 60_000 });
  const small = wb.page.getByRole('region', { name: /^Miss-ratio curve of .*small-catalogue/ });
  await expect(small).toHaveCount(1);
  // 500 products fit in far less than the design's maxmemory: the run is pinned to the right edge
  // with its size, and the curve keeps the width of the plot rather than a sliver at its left.
  await expect(small.locator('g.marker-beyond')).toHaveCount(1);
  const widths = await small.evaluate((region) => ({
    curve: (region.querySelector('path.mrc-policy') as SVGGraphicsElement).getBBox().width,
    plot: (region.querySelector('[data-testid="chart-plot"]') as SVGSVGElement).getBoundingClientRect().width,
  }));
  expect(widths.curve / widths.plot, 'the curve spans most of the plot').toBeGreaterThan(0.6);

  // Every column reachable: the last scrolls into view inside the table's box, the metric names stay.
  const last = header.getByRole('columnheader').last();
  await last.scrollIntoViewIfNeeded();
  await expect(last).toBeInViewport();
  await expect(table.getByRole('rowheader', { name: 'Hit ratio' })).toBeInViewport();
  const scroller = wb.page.getByRole('region', { name: 'Comparison table' });
  expect(await scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  const [tableBox, pageWidth] = [await scroller.boundingBox(), await wb.page.evaluate(() => document.documentElement.clientWidth)];
  expect((tableBox?.x ?? 0) + (tableBox?.width ?? Infinity)).toBeLessThanOrEqual(pageWidth);
  await wb.screenshot('compare-many-runs');

  // Unticking a long-named run takes it out of the table.
  await picks.first().uncheck();
  await expect(header.getByRole('columnheader')).toHaveCount(6);
});
