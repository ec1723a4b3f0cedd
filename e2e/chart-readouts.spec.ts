/**
 * Every chart an instrument, in Debian's chromium against browser mode: the hover read-out (and
 * its arrow-key twin) of the latency CDF, the per-shard heat map, the slot map and the miss-ratio
 * curve, each checked against the numbers the server holds; the miss-ratio curve's size axis
 * zooms and resets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext, Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { PRESET } from './flows';
import { REPO_ROOT } from './support/paths';
import type { WorkbenchPage } from './workbench-page';

type Server = { port: number; token: string };

async function api<T>(request: APIRequestContext, server: Server, method: string, body: object = {}): Promise<T> {
  const response = await request.post(`http://127.0.0.1:${server.port}/api/${method}`, { data: body, headers: { Authorization: `Bearer ${server.token}` } });
  expect(response.status(), `POST /api/${method}`).toBe(200);
  return ((await response.json()) as { value: T }).value;
}

interface RunRecord {
  result: {
    latency: { histogram: Array<{ upToMs: number; count: number }> };
    series: Array<{ tMs: number; pubsub?: { shardMsgsPerSec?: number[] } }>;
  };
}

async function lastRun(request: APIRequestContext, server: Server): Promise<RunRecord['result']> {
  const runs = await api<Array<{ runId: string }>>(request, server, 'listRuns');
  return (await api<RunRecord>(request, server, 'getRun', { runId: runs[0].runId })).result;
}

/** "12.3 ms", "300 µs", "1.50 s" → ms. */
function latencyMs(text: string): number {
  const m = /([\d.,]+)\s?(µs|ms|s)\b/.exec(text);
  if (!m) throw new Error(`no latency in ${JSON.stringify(text)}`);
  const value = Number(m[1].replace(/,/g, ''));
  return m[2] === 'µs' ? value / 1000 : m[2] === 's' ? value * 1000 : value;
}

/** "1.50 s", "250 ms", "1 min 3.00 s" → ms. */
function instantMs(text: string): number {
  const m = /^(?:(\d+) min )?([\d.]+) (s|ms)$/.exec(text.trim());
  if (!m) throw new Error(`no time in ${JSON.stringify(text)}`);
  return Number(m[1] ?? 0) * 60_000 + Number(m[2]) * (m[3] === 's' ? 1000 : 1);
}

/** "12.5 %" → 0.125. */
const share = (text: string) => Number(/([\d.]+)\s?%/.exec(text)?.[1]) / 100;

/** "1,234/s", "12 k/s", "3.5/s" → per second. */
function ratePerSec(text: string): number {
  const m = /([\d.,]+)\s?(k|M)?\/s/.exec(text);
  if (!m) throw new Error(`no rate in ${JSON.stringify(text)}`);
  return Number(m[1].replace(/,/g, '')) * (m[2] === 'k' ? 1e3 : m[2] === 'M' ? 1e6 : 1);
}

/** "64 MB", "1.5 GB", "512 KB" → bytes. */
function bytesOf(text: string): number {
  const m = /([\d.,]+)\s?(B|KB|MB|GB)\b/.exec(text);
  if (!m) throw new Error(`no size in ${JSON.stringify(text)}`);
  return Number(m[1].replace(/,/g, '')) * 1024 ** ['B', 'KB', 'MB', 'GB'].indexOf(m[2]);
}

async function boxOf(locator: Locator) {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  if (!box) throw new Error('not on screen');
  return box;
}

const value = (tooltip: Locator, label: string) => tooltip.locator('.chart-tooltip-row').filter({ hasText: label }).locator('.chart-tooltip-value').innerText();

async function run(wb: WorkbenchPage, preset: string, requests: string): Promise<void> {
  await wb.openPreset(preset);
  await wb.configureRun({ engine: 'Simulator', requests });
  await wb.pressRun();
  await wb.waitForRunEnd('Done', 120_000);
}

test.describe('chart read-outs', () => {
  test('the latency CDF reads the latency at the pointer\'s percentile, with the mouse and the arrow keys', async ({ workbench: wb, request, server }) => {
    await run(wb, PRESET, '100000');
    const cdf = wb.chart('Latency distribution (CDF)');
    const plot = cdf.getByTestId('chart-plot');
    const tooltip = cdf.getByRole('tooltip');
    const box = await boxOf(plot);
    // The plot spans the svg less its margins (48 left, 14 right, 24 top and bottom); 40 % up it.
    await wb.page.mouse.move(box.x + 48 + (box.width - 62) / 2, box.y + 24 + (box.height - 48) * 0.6);
    await expect(tooltip).toBeVisible();
    await expect(cdf.locator('.crosshair line')).toHaveCount(1);
    const heading = await tooltip.locator('.chart-tooltip-time').innerText();
    expect(heading).toMatch(/^[\d.]+ % of requests within$/);
    expect(share(heading)).toBeCloseTo(0.4, 1);

    // The latency shown lies between the bounds of the histogram buckets where that share is reached.
    const histogram = (await lastRun(request, server)).latency.histogram;
    const total = histogram.reduce((sum, b) => sum + b.count, 0);
    let running = 0;
    const crossing = histogram.findIndex((b) => (running += b.count) / total >= share(heading) - 0.0005);
    const shown = latencyMs(await value(tooltip, 'requests'));
    expect(shown).toBeGreaterThanOrEqual((crossing > 0 ? histogram[crossing - 1].upToMs : 0) * 0.99);
    expect(shown).toBeLessThanOrEqual(histogram[crossing].upToMs * 1.01);
    // (A full-page screenshot resizes the page, which can move the chart from under the pointer.)
    await wb.screenshot('chart-cdf-hover');

    // The keyboard: focus the chart, the arrow keys move the read-out, Escape hides it.
    // The mouse's reading is not announced; the keys' is, in a polite live region.
    const announce = cdf.getByTestId('readout-announce');
    await expect(announce).toHaveText('');
    await wb.page.mouse.move(0, 0);
    await expect(tooltip).toHaveCount(0);
    await cdf.getByRole('group', { name: /read-out at the pointer/ }).focus();
    await wb.page.keyboard.press('ArrowUp');
    await expect(tooltip).toBeVisible();
    const middle = share(await tooltip.locator('.chart-tooltip-time').innerText());
    await expect(announce).toHaveAttribute('aria-live', 'polite');
    const keyed = await tooltip.locator('.chart-tooltip-time').innerText();
    await expect.poll(async () => (await announce.innerText()).startsWith(`${keyed}: requests `)).toBe(true);
    await wb.page.keyboard.press('Shift+ArrowUp');
    await expect.poll(async () => share(await tooltip.locator('.chart-tooltip-time').innerText())).toBeGreaterThan(middle + 0.2);
    await wb.page.keyboard.press('Escape');
    await expect(tooltip).toHaveCount(0);
    await expect(announce).toHaveText('');
  });

  test('the per-shard heat map reads a cell\'s shard, time and load, as recorded', async ({ workbench: wb, request, server }) => {
    await run(wb, 'Hot channel on one shard', '5000');
    const heat = wb.chart('Per-shard load');
    const plot = heat.getByTestId('chart-plot');
    const tooltip = heat.getByRole('tooltip');
    const box = await boxOf(plot);
    const series = (await lastRun(request, server)).series;
    const rows = series[series.length - 1].pubsub?.shardMsgsPerSec?.length ?? 0;
    expect(rows).toBe(3);
    // Cells start 64 px in and 4 px down, one row per shard; the middle of row 1, halfway across.
    const rowHeight = Math.max(4, (box.height - 8) / rows);
    await wb.page.mouse.move(box.x + 64 + (box.width - 64) / 2, box.y + 4 + rowHeight * 1.5);
    await expect(tooltip).toBeVisible();
    await expect(tooltip.locator('.chart-tooltip-time')).toHaveText(/^shard 1( ★)?$/);
    await expect(heat.locator('.crosshair rect')).toHaveCount(1);
    const time = /^from (.+) to (.+)$/.exec(await value(tooltip, 'time'));
    expect(time, 'a time span').not.toBeNull();
    const [from, to] = [instantMs(time?.[1] ?? ''), instantMs(time?.[2] ?? '')];
    // The cell is the mean of the snapshots in its span: compare with the record.
    const inSpan = series.filter((s) => s.tMs > from + 0.5 && s.tMs <= to + 5);
    expect(inSpan.length).toBeGreaterThan(0);
    const recorded = inSpan.reduce((sum, s) => sum + (s.pubsub?.shardMsgsPerSec?.[1] ?? 0), 0) / inSpan.length;
    const shown = ratePerSec(await value(tooltip, 'messages/s'));
    expect(Math.abs(shown - recorded), `shown ${shown}/s, recorded ${recorded}/s`).toBeLessThanOrEqual(Math.max(0.06, recorded * 0.01));
    await wb.screenshot('chart-heat-hover');

    // Arrow down: the next shard's row.
    await heat.getByRole('group', { name: /read-out at the pointer/ }).focus();
    await wb.page.keyboard.press('ArrowDown');
    await expect(tooltip.locator('.chart-tooltip-time')).toHaveText(/^shard 2( ★)?$/);
  });

  test('the slot map reads the shard under the pointer: slots, channels, load and a tie', async ({ workbench: wb }) => {
    await wb.openPreset('Real-time notifications and critical alerts');
    await wb.showSection('Channels & shards');
    const map = wb.page.locator('svg.slot-map');
    const box = await boxOf(map);
    const tooltip = wb.page.locator('.slot-map-body').getByRole('tooltip');
    // Shard bands span 56 px from the left to 16 px from the right, 24 px to 80 px down; halfway across is shard 1 of 3.
    await wb.page.mouse.move(box.x + 56 + (box.width - 72) * 0.5, box.y + 50);
    await expect(tooltip).toBeVisible();
    await expect(tooltip.locator('.chart-tooltip-time')).toHaveText('shard 1 · tied for the most');
    await expect(tooltip).toContainText('5461–10922 (5,462)');
    const table = wb.page.getByRole('table', { name: 'Shard load' }).getByRole('row').filter({ hasText: '5461–10922' });
    await expect(table).toContainText(await value(tooltip, 'estimated load'));
    await wb.screenshot('slot-map-hover');

    // The keyboard moves from shard to shard.
    await wb.page.mouse.move(0, 0);
    await wb.page.getByRole('group', { name: /^Slot map: read-out/ }).focus();
    await wb.page.keyboard.press('Home');
    await expect(tooltip.locator('.chart-tooltip-time')).toHaveText('shard 0 · tied for the most');
    await expect(tooltip).toContainText('0–5460 (5,461)');
    await wb.page.keyboard.press('End');
    await expect(tooltip.locator('.chart-tooltip-time')).toHaveText(/^shard 2$/);
  });

  test('the miss-ratio curve reads the hit ratio at the pointer\'s size, and its size axis zooms and resets', async ({ workbench: wb, request, server }) => {
    await wb.openPreset(PRESET);
    await wb.showView('Compare');
    const mrc = wb.chart('Miss-ratio curve (hit ratio against maxmemory)');
    const plot = mrc.getByTestId('chart-plot');
    await expect(mrc.locator('path')).not.toHaveCount(0, { timeout: 60_000 });
    type Points = Array<{ maxmemoryBytes: number; hitRatio: number }>;
    const curve = await api<{ policy: string; points: Points; reference: { points: Points } }>(request, server, 'missRatioCurve', { text: readFileSync(join(REPO_ROOT, 'presets', 'ecommerce-catalog.yaml'), 'utf8') });
    // Two series: the design's own policy (solid) and the exact-LRU reference (dashed), both in the legend.
    await expect(mrc.locator('path.mrc-policy')).toHaveCount(1);
    await expect(mrc.locator('path.mrc-reference')).toHaveCount(1);
    await expect(mrc.locator('.chart-legend')).toContainText(`${curve.policy} (the design)`);
    await expect(mrc.locator('.chart-legend')).toContainText('exact LRU (reference)');
    const tooltip = mrc.getByRole('tooltip');
    const box = await boxOf(plot);
    // The plot spans 52 px from the left to 16 px from the right.
    const at = (fraction: number) => ({ x: box.x + 52 + (box.width - 68) * fraction, y: box.y + box.height / 2 });
    const readAt = async (fraction: number) => {
      await wb.page.mouse.move(at(fraction).x, at(fraction).y);
      await expect(tooltip).toBeVisible();
      return {
        bytes: bytesOf(await tooltip.locator('.chart-tooltip-time').innerText()),
        hit: share(await value(tooltip, `hit ratio (${curve.policy})`)),
        miss: share(await value(tooltip, 'miss ratio')),
        lru: share(await value(tooltip, 'exact LRU (reference)')),
      };
    };
    const low = await readAt(0.2);
    // On each curve: between the hit ratios of its computed points around that size (sizes print rounded).
    const expectOn = (points: Points, read: number) => {
      const below = points.filter((p) => p.maxmemoryBytes <= low.bytes * 1.02).at(-1) ?? { maxmemoryBytes: 0, hitRatio: 0 };
      const above = points.find((p) => p.maxmemoryBytes >= low.bytes * 0.98);
      expect(above, 'a computed point past the size').toBeDefined();
      expect(read).toBeGreaterThanOrEqual(Math.min(below.hitRatio, above?.hitRatio ?? 1) - 0.001);
      expect(read).toBeLessThanOrEqual(Math.max(below.hitRatio, above?.hitRatio ?? 0) + 0.001);
    };
    expectOn(curve.points, low.hit);
    expectOn(curve.reference.points, low.lru);
    expect(low.hit + low.miss).toBeCloseTo(1, 2);
    // Memory for 80/90/95 % is read from the design's curve, printed under the chart.
    await expect(wb.page.locator('.mrc-memory-for').first()).toContainText(`(${curve.policy})`);
    await wb.screenshot('mrc-hover');

    // Drag from 20 % to 40 % of the axis: the axis shows that span; Reset shows it all again.
    const ticks = () => mrc.locator('svg .axis').first().locator('.tick text').allTextContents();
    const whole = await ticks();
    const high = await readAt(0.4);
    await wb.page.mouse.move(at(0.2).x, at(0.2).y);
    await wb.page.mouse.down();
    await wb.page.mouse.move(at(0.4).x, at(0.4).y, { steps: 5 });
    await wb.page.mouse.up();
    const reset = mrc.getByRole('button', { name: 'Reset zoom' });
    await expect(reset).toBeVisible();
    await expect.poll(ticks).not.toEqual(whole);
    const zoomedStart = await readAt(0.02);
    const zoomedEnd = await readAt(0.98);
    expect(zoomedStart.bytes).toBeGreaterThan(low.bytes * 0.9);
    expect(zoomedEnd.bytes).toBeLessThan(high.bytes * 1.1);
    expect(zoomedEnd.bytes).toBeGreaterThan(zoomedStart.bytes);
    await reset.click();
    await expect(reset).toHaveCount(0);
    await expect.poll(ticks).toEqual(whole);
  });
});
