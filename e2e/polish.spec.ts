/**
 * The smaller symptoms of issue 15 that no other spec walks, in Debian's chromium against browser
 * mode: a run that does not start keeps the results pane, a 24h TTL reads 1d in the exported
 * report, every value axis of a run reads in one unit, a chart without data draws no axis, and a
 * live run's closing windows are not drawn as a drop to 0.
 */
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { MANAGED_ENGINE, PRESET } from './flows';
import { downloadOf } from './results-flows';
import type { WorkbenchPage } from './workbench-page';

const SESSIONS = 'Node.js session store';
const TIME_CHARTS = ['Hit ratio over time', 'Evictions and expirations', 'Memory vs maxmemory', 'Origin load', 'Latency percentiles', 'Stale reads'];

async function finishedSimRun(wb: WorkbenchPage, requests: string): Promise<void> {
  await wb.openPreset(PRESET);
  await wb.configureRun({ engine: 'Simulator', requests });
  await wb.pressRun();
  await wb.waitForRunEnd('Done');
  await expect(wb.finalMetrics()).toBeVisible();
}

/** The unit of a tick label: what is left without its number ("10 k/s" → "k/s", "8,000/s" → "/s"). */
const unitOf = (tick: string) => tick.replace(/^[−-]?[\d.,]+\s?/, '');

async function yTicks(chart: Locator): Promise<string[]> {
  return chart.locator('svg .y-axis .tick text').allTextContents();
}

test.describe('the smaller symptoms of issue 15', () => {
  test('a run the host refuses to start keeps the previous run on screen, with the reason above it', async ({ workbench: wb }) => {
    await finishedSimRun(wb, '20000');
    const hitRatio = (await wb.metric('Hit ratio').textContent()) ?? '';
    // The host refuses a run on a saved connection when none is chosen.
    await wb.configureRun({ engine: 'Saved connection' });
    await wb.pressRun();
    const refused = wb.page.getByRole('alert').filter({ hasText: 'The run did not start' });
    await expect(refused).toContainText('choose a saved connection');
    await expect(wb.finalMetrics()).toBeVisible();
    await expect(wb.metric('Hit ratio')).toHaveText(hitRatio);
    await expect(wb.runStatus()).toContainText('Done');
    await expect.poll(() => wb.chartInkPixels('Hit ratio over time')).toBeGreaterThan(0);
  });

  test('the review report of a design with 24h TTLs says 1d, in the preview and the download', async ({ workbench: wb }) => {
    await wb.openPreset(SESSIONS);
    await wb.showView('Export');
    await wb.page.getByRole('tablist', { name: 'Export files' }).getByRole('tab', { name: 'report.md', exact: true }).click();
    await expect(wb.page.getByRole('textbox', { name: 'Preview of report.md' })).toBeAttached({ timeout: 30_000 });
    const { text } = await downloadOf(wb, wb.page.getByRole('button', { name: 'Download', exact: true }));
    expect(text).toContain('## TTL matrix');
    expect(text).toMatch(/\| 1d \|/);
    expect(text).not.toMatch(/\b24h\b/);
    expect(text).toContain('| item | value |');
  });

  test('every value axis of a finished run reads in one unit, with no label twice', async ({ workbench: wb }) => {
    await finishedSimRun(wb, '200000');
    for (const title of TIME_CHARTS) {
      const chart = wb.chart(title);
      await chart.scrollIntoViewIfNeeded();
      await expect.poll(async () => (await yTicks(chart)).length, { message: `${title} has y ticks` }).toBeGreaterThan(1);
      const ticks = await yTicks(chart);
      expect(new Set(ticks).size, `${title}: ${ticks.join(' | ')}`).toBe(ticks.length);
      expect(new Set(ticks.map(unitOf)).size, `${title}: one unit in ${ticks.join(' | ')}`).toBe(1);
    }
  });

  test('a live run\'s closing windows, with no request in them, read as no value instead of a drop to 0', async ({ workbench: wb, server }) => {
    test.setTimeout(150_000);
    await wb.openPreset(PRESET);
    await wb.configureRun({ engine: MANAGED_ENGINE, requests: '4000', speed: '10× faster' });
    await expect(wb.page.getByText(/^redis-server: found/)).toBeVisible();
    await wb.pressRun();
    // Before its first snapshot a chart says it is waiting, with no axis ("0 s 0 s 0 s" was drawn here).
    const hit = wb.chart('Hit ratio over time');
    // Whether it waits and what its axis says, read together in one go in the page (read one after
    // the other, the first snapshot could land in between and draw the axis of a chart with data).
    const state = () => hit.evaluateAll((charts) => {
      const chart = charts[0];
      return {
        waiting: Array.from(chart?.querySelectorAll('[role="status"]') ?? []).some((s) => s.textContent?.includes('Waiting for the first snapshot…')),
        ticks: Array.from(chart?.querySelectorAll('svg .tick text') ?? []).map((t) => t.textContent ?? ''),
      };
    });
    let seenWaiting = 0;
    for (let now = await state(); now.waiting; now = await state()) {
      seenWaiting += 1;
      expect(now.ticks, 'no axis labels before data').toEqual([]);
    }
    process.stdout.write(`polish: the hit ratio chart was seen waiting for data ${seenWaiting} time(s)\n`);
    await wb.waitForRunEnd('Done', 90_000);
    const [latest] = await server.services.listRuns();
    const series = (await server.services.getRun({ runId: latest.runId })).result?.series ?? [];
    expect(series.length).toBeGreaterThan(2);
    const last = series[series.length - 1];
    const before = series[series.length - 2];
    const quiet = last.requests === before.requests && last.hits + last.misses === before.hits + before.misses;
    test.info().annotations.push({ type: 'last window', description: quiet ? 'quiet (no request): the case of the symptom' : 'had requests' });
    process.stdout.write(`polish: the live run's last window is ${quiet ? 'quiet' : 'not quiet'} (${series.length} snapshots)\n`);

    const plot = hit.getByTestId('chart-plot');
    await plot.scrollIntoViewIfNeeded();
    const box = await plot.boundingBox();
    if (!box) throw new Error('the hit ratio chart has no plot on screen');
    // The plot's right end (its svg has a 14 px right margin): the read-out of the last snapshot.
    await wb.page.mouse.move(box.x + box.width - 15, box.y + box.height / 2);
    const window = hit.getByRole('tooltip').locator('.chart-tooltip-row').filter({ hasText: /^per window/ }).locator('.chart-tooltip-value');
    await expect(window).toBeVisible();
    if (quiet) await expect(window).toHaveText('no value');
    else await expect(window).not.toHaveText(/^0(\.0+)? %$/);
  });
});
