/**
 * Charts as instruments, in Debian's chromium against browser mode: the hover read-out shows each
 * line's value at the pointer's time (checked against the run's record from the server), a
 * drag-select zooms the time axis of every chart of the run and Reset restores it, Ctrl+wheel
 * zooms too, a legend entry hides its line, and the arrow keys move the read-out.
 */
import type { APIRequestContext, Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { PRESET } from './flows';
import type { WorkbenchPage } from './workbench-page';

interface SeriesPoint { tMs: number; p50Ms: number; p95Ms: number; p99Ms: number }

async function api<T>(request: APIRequestContext, server: { port: number; token: string }, method: string, body: object = {}): Promise<T> {
  const response = await request.post(`http://127.0.0.1:${server.port}/api/${method}`, { data: body, headers: { Authorization: `Bearer ${server.token}` } });
  expect(response.status(), `POST /api/${method}`).toBe(200);
  const envelope = await response.json() as { ok: true; value: T };
  return envelope.value;
}

/** "1 min 35.20 s", "12.35 s", "250 ms" → ms. */
function instantMs(text: string): number {
  const m = /at (?:(\d+) h )?(?:(\d+) min )?([\d.]+) (s|ms)/.exec(text);
  if (!m) throw new Error(`no time in ${JSON.stringify(text)}`);
  const [, h, min, value, unit] = m;
  return (Number(h ?? 0) * 60 + Number(min ?? 0)) * 60_000 + Number(value) * (unit === 's' ? 1000 : 1);
}

/** "12.3 ms", "300 µs", "1.50 s" → ms. */
function latencyMs(text: string): number {
  const m = /([\d.,]+)\s?(µs|ms|s)\b/.exec(text);
  if (!m) throw new Error(`no latency in ${JSON.stringify(text)}`);
  const value = Number(m[1].replace(/,/g, ''));
  return m[2] === 'µs' ? value / 1000 : m[2] === 's' ? value * 1000 : value;
}

async function finishedRun(wb: WorkbenchPage, requests: string): Promise<void> {
  await wb.openPreset(PRESET);
  await wb.configureRun({ engine: 'Simulator', requests });
  await wb.pressRun();
  await wb.waitForRunEnd('Done');
  await expect.poll(() => wb.chartInkPixels('Latency percentiles'), { message: 'the latency chart is drawn' }).toBeGreaterThan(100);
}

async function pointAt(plot: Locator, fraction: number): Promise<{ x: number; y: number }> {
  // The pointer only reaches what is on screen (the Run view's targets table can push a chart below the fold).
  await plot.scrollIntoViewIfNeeded();
  const box = await plot.boundingBox();
  if (!box) throw new Error('the chart has no plot on screen');
  // The plot spans the svg minus its margins (58 px left, 14 px right).
  return { x: box.x + 58 + (box.width - 72) * fraction, y: box.y + box.height / 2 };
}

const xTicks = (chart: Locator) => chart.locator('svg .axis').first().locator('.tick text').allTextContents();

test.describe('charts as instruments', () => {
  test('hovering a chart shows every line\'s value at that time', async ({ workbench: wb, request, server }) => {
    await finishedRun(wb, '200000');
    const chart = wb.chart('Latency percentiles');
    const plot = chart.getByTestId('chart-plot');
    const tooltip = chart.getByRole('tooltip');
    await expect(tooltip).toHaveCount(0);
    const at = await pointAt(plot, 0.6);
    await wb.page.mouse.move(at.x, at.y);
    await expect(tooltip).toBeVisible();
    await expect(chart.locator('.crosshair line')).toHaveCount(1);
    await expect(chart.locator('.crosshair circle')).toHaveCount(3);
    const rows = tooltip.locator('.chart-tooltip-row');
    await expect(rows).toHaveCount(3);
    await wb.screenshot('chart-hover');

    const runs = await api<Array<{ runId: string }>>(request, server, 'listRuns');
    const record = await api<{ result: { series: SeriesPoint[] } }>(request, server, 'getRun', { runId: runs[0].runId });
    const series = record.result.series;
    const t = instantMs(await tooltip.locator('.chart-tooltip-time').innerText());
    const point = series.reduce((best, s) => (Math.abs(s.tMs - t) < Math.abs(best.tMs - t) ? s : best));
    expect(Math.abs(point.tMs - t), 'the read-out is at a snapshot time').toBeLessThanOrEqual(10);
    expect(t / series[series.length - 1].tMs, 'at 60 % of the plot, about 60 % into the run').toBeCloseTo(0.6, 1);
    for (const [label, key] of [['p50', 'p50Ms'], ['p95', 'p95Ms'], ['p99', 'p99Ms']] as const) {
      const row = rows.filter({ hasText: new RegExp(`^${label}`) });
      const shown = latencyMs(await row.locator('.chart-tooltip-value').innerText());
      expect(Math.abs(shown - point[key]), `${label} shown ${shown} ms, recorded ${point[key]} ms`).toBeLessThanOrEqual(Math.max(0.0051, point[key] * 0.006));
    }

    // Every time axis reads in one unit, with no label twice ("0 s 0 s 0 s").
    for (const title of ['Hit ratio over time', 'Memory vs maxmemory', 'Origin load', 'Latency percentiles']) {
      const ticks = await xTicks(wb.chart(title));
      expect(new Set(ticks).size, `${title}: ${ticks.join(' | ')}`).toBe(ticks.length);
      expect(new Set(ticks.map((t) => t.replace(/^[\d.,]+\s?/, ''))).size, `${title}: one unit in ${ticks.join(' | ')}`).toBe(1);
    }

    // Later in the run the read-out follows the pointer.
    const later = await pointAt(plot, 0.9);
    await wb.page.mouse.move(later.x, later.y);
    await expect.poll(async () => instantMs(await tooltip.locator('.chart-tooltip-time').innerText())).toBeGreaterThan(t);
    await wb.page.mouse.move(at.x, at.y - 400);
    await expect(tooltip).toHaveCount(0);
  });

  test('the arrow keys move a time chart\'s read-out from sample to sample, Home and End reach the ends', async ({ workbench: wb, request, server }) => {
    await finishedRun(wb, '100000');
    const runs = await api<Array<{ runId: string }>>(request, server, 'listRuns');
    const series = (await api<{ result: { series: SeriesPoint[] } }>(request, server, 'getRun', { runId: runs[0].runId })).result.series;
    const near = (a: number, b: number) => Math.abs(a - b) <= 10;
    const chart = wb.chart('Latency percentiles');
    const tooltip = chart.getByRole('tooltip');
    const time = async () => instantMs(await tooltip.locator('.chart-tooltip-time').innerText());
    await chart.getByRole('group', { name: /read-out at the pointer/ }).focus();
    await wb.page.keyboard.press('Home');
    await expect(tooltip).toBeVisible();
    await expect(tooltip.locator('.chart-tooltip-row')).toHaveCount(3);
    expect(near(await time(), series[0].tMs), 'Home: the first sample').toBe(true);
    await wb.page.keyboard.press('ArrowRight');
    await expect.poll(async () => near(await time(), series[1].tMs), { message: 'ArrowRight: the next sample' }).toBe(true);
    await wb.page.keyboard.press('End');
    await expect.poll(async () => near(await time(), series[series.length - 1].tMs), { message: 'End: the last sample' }).toBe(true);
    await wb.page.keyboard.press('ArrowLeft');
    await expect.poll(async () => near(await time(), series[series.length - 2].tMs), { message: 'ArrowLeft: the sample before' }).toBe(true);
    await wb.page.keyboard.press('Escape');
    await expect(tooltip).toHaveCount(0);
  });

  test('dragging across a chart zooms every chart of the run, and Reset shows the whole run again', async ({ workbench: wb }) => {
    await finishedRun(wb, '200000');
    const hit = wb.chart('Hit ratio over time');
    const latency = wb.chart('Latency percentiles');
    const whole = await xTicks(hit);
    const wholeLatency = await xTicks(latency);
    expect(whole[0]).toMatch(/^0 (s|min)$/);
    const reset = hit.getByRole('button', { name: 'Reset zoom' });
    await expect(reset).toHaveCount(0);

    const from = await pointAt(hit.getByTestId('chart-plot'), 0.4);
    const to = await pointAt(hit.getByTestId('chart-plot'), 0.6);
    await wb.page.mouse.move(from.x, from.y);
    await wb.page.mouse.down();
    await wb.page.mouse.move(to.x, to.y, { steps: 5 });
    await wb.page.mouse.up();
    await expect(reset).toBeVisible();
    await expect.poll(() => xTicks(hit), { message: 'the time axis shows a narrower span' }).not.toEqual(whole);
    const zoomed = await xTicks(hit);
    expect(zoomed[0]).not.toMatch(/^0 (s|min)$/);
    await expect.poll(() => xTicks(latency), { message: 'the other charts of the run follow the zoom' }).toEqual(zoomed);
    expect(zoomed).not.toEqual(wholeLatency);
    await wb.screenshot('chart-zoomed');

    await reset.click();
    await expect(reset).toHaveCount(0);
    await expect.poll(() => xTicks(hit)).toEqual(whole);
    await expect.poll(() => xTicks(latency)).toEqual(wholeLatency);

    // Ctrl + wheel zooms around the pointer too.
    const middle = await pointAt(latency.getByTestId('chart-plot'), 0.5);
    await wb.page.mouse.move(middle.x, middle.y);
    await wb.page.keyboard.down('Control');
    await wb.page.mouse.wheel(0, -400);
    await wb.page.keyboard.up('Control');
    await expect(latency.getByRole('button', { name: 'Reset zoom' })).toBeVisible();
    await expect.poll(() => xTicks(latency)).not.toEqual(wholeLatency);
  });

  test('a legend entry hides its line and its read-out, and shows them again', async ({ workbench: wb }) => {
    await finishedRun(wb, '100000');
    const chart = wb.chart('Latency percentiles');
    const p99 = chart.getByRole('button', { name: 'p99' });
    await expect(p99).toHaveAttribute('aria-pressed', 'true');
    const before = await wb.chartInkPixels('Latency percentiles');
    await p99.click();
    await expect(p99).toHaveAttribute('aria-pressed', 'false');
    await expect.poll(() => wb.chartInkPixels('Latency percentiles'), { message: 'less ink without the p99 line' }).toBeLessThan(before * 0.9);
    const at = await pointAt(chart.getByTestId('chart-plot'), 0.5);
    await wb.page.mouse.move(at.x, at.y);
    const tooltip = chart.getByRole('tooltip');
    await expect(tooltip).toBeVisible();
    await expect(tooltip).not.toContainText('p99');
    await expect(tooltip).toContainText('p95');
    await p99.click();
    await expect(p99).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(() => wb.chartInkPixels('Latency percentiles')).toBeGreaterThan(before * 0.9);
  });

  test('the latency CDF labels p50, p95 and p99 apart, the per-shard heat map shows its colour scale, the slot map its last slot in full', async ({ workbench: wb }) => {
    await wb.openPreset('Hot channel on one shard');
    await wb.configureRun({ engine: 'Simulator', requests: '5000' });
    await wb.pressRun();
    await wb.waitForRunEnd('Done', 120_000);
    const cdf = wb.chart('Latency distribution (CDF)');
    const labels = cdf.locator('.reference text');
    await expect(labels).toHaveCount(3);
    const boxes = await labels.evaluateAll((texts) => texts.map((t) => t.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right, top: r.top, bottom: r.bottom })));
    const svgBox = await cdf.locator('svg').boundingBox();
    for (let i = 0; i < boxes.length; i++) {
      expect(boxes[i].left, 'label inside the chart').toBeGreaterThanOrEqual((svgBox?.x ?? 0) - 0.5);
      expect(boxes[i].right, 'label inside the chart').toBeLessThanOrEqual((svgBox?.x ?? 0) + (svgBox?.width ?? 0) + 0.5);
      for (let j = i + 1; j < boxes.length; j++) {
        const apart = boxes[i].right <= boxes[j].left || boxes[j].right <= boxes[i].left || boxes[i].bottom <= boxes[j].top || boxes[j].bottom <= boxes[i].top;
        expect(apart, `CDF labels ${i} and ${j} do not overlap`).toBe(true);
      }
    }
    await expect(labels.first()).toHaveText(/^p50 [\d.]+ (µs|ms|s)$/);
    const heat = wb.chart('Per-shard load');
    // The same absolute scale as the design's slot map, not one relative to the busiest shard.
    await expect(heat.getByRole('img', { name: /^Colour scale \(absolute, the same in every design\): from 1\/s \(light yellow\) to 1 M\/s or more \(dark red\), logarithmic$/ })).toBeVisible();
    await wb.screenshot('chart-cdf-heat');

    // The slot map's last slot reads in full ("16383", not "1638").
    await wb.showView('Design');
    await wb.showSection('Channels & shards');
    const slotMap = wb.page.locator('svg.slot-map');
    const last = slotMap.locator('.axis .tick text', { hasText: /^16383$/ });
    await expect(last).toHaveCount(1);
    const [text, svg] = await Promise.all([last.boundingBox(), slotMap.boundingBox()]);
    expect((text?.x ?? 0) + (text?.width ?? 0), '16383 ends inside the map').toBeLessThanOrEqual((svg?.x ?? 0) + (svg?.width ?? 0) + 0.5);
  });
});
