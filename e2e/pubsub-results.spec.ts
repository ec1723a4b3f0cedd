/**
 * Pub/sub as a first-class result, in Debian's chromium against browser mode: preset stories in
 * whole sentences without command lines, the slot map's absolute scale and a tie shown as a tie,
 * headline cards that lead with lost and dropped messages (marked), the table per delivery class,
 * and a connection test that names the Redis version once.
 */
import { expect, test } from './fixtures';
import type { WorkbenchPage } from './workbench-page';

const NOTIFICATIONS = 'Real-time notifications and critical alerts';
const STORM = 'Slow-consumer storm trips the output buffer limit';

async function runOnSimulator(wb: WorkbenchPage, preset: string): Promise<void> {
  await wb.showView('Start');
  await wb.openPreset(preset);
  await wb.configureRun({ engine: 'Simulator' });
  await wb.pressRun();
  await wb.waitForRunEnd('Done', 90_000);
}

/** The headline cards' labels, in order. */
async function headlineLabels(wb: WorkbenchPage): Promise<string[]> {
  return wb.page.getByRole('region', { name: 'Headline metrics' }).locator('.metric-label').allTextContents();
}

test.describe('Pub/sub results in a browser', () => {
  test('tells preset stories in whole sentences, without command lines', async ({ workbench: wb }) => {
    const card = wb.page.getByRole('list', { name: 'Presets' }).getByRole('listitem').filter({ hasText: STORM });
    const teaser = card.locator('.story');
    await expect(teaser).toHaveText('A slow-consumer storm: 2 % of 1 000 trading screens read 5 snapshots/s while the feed publishes 50/s of 4 KB.');
    await card.getByRole('button', { name: `Show the story of ${STORM}` }).click();
    await expect(card.locator('.story p')).toHaveCount(3);
    await expect(card.locator('.story p').nth(1)).toHaveText(/^Teaches: never let one slow client stall a pub\/sub subscriber; .*\.$/);
    await expect(wb.page.getByRole('list', { name: 'Presets' })).not.toContainText(/npm run|--set|--vary|--env/);
    await wb.screenshot('pubsub-preset-story');
  });

  test('draws the slot map on an absolute scale and calls two tied shards tied, not hot', async ({ workbench: wb }) => {
    await wb.openPreset(NOTIFICATIONS);
    await wb.showSection('Channels & shards');
    const map = wb.page.locator('svg.slot-map');
    await expect(map).toHaveAttribute('aria-label', /shards 0 and 1 tie for the most load .* so no shard is hot\./);
    await expect(map.locator('.hot-label')).toHaveCount(0);
    await expect(map.locator('.shard-band.hot')).toHaveCount(0);
    await expect(map.locator('.tied-label')).toHaveText(['shard 0 · tied', 'shard 1 · tied']);
    await expect(wb.page.getByRole('img', { name: /^Colour scale \(absolute, the same in every design\): from 1\/s .* to 1 M\/s or more/ })).toBeVisible();
    const shardRows = wb.page.getByRole('table', { name: 'Shard load' }).getByRole('row');
    await expect(shardRows.filter({ hasText: '(tied for the most)' })).toHaveCount(2);
    await expect(shardRows.filter({ hasText: '(hot)' })).toHaveCount(0);
    // Absolute: the hot-channel design's busiest shard is darker than this design's busiest.
    const darkest = async () => map.locator('.shard-bands rect').evaluateAll((rects) => Math.min(...rects.map((r) => {
      const [red, green, blue] = (getComputedStyle(r).fill.match(/\d+/g) ?? []).map(Number);
      return red + green + blue;
    })));
    const quiet = await darkest();
    await wb.screenshot('pubsub-slot-map-tie');
    await wb.showView('Start');
    await wb.openPreset('Hot channel on one shard');
    await wb.showSection('Channels & shards');
    await expect(map).toHaveAttribute('aria-label', /shard \d is hot/);
    expect(await darkest()).toBeLessThan(quiet);
  });

  test('leads the headline with lost and dropped messages, marks losses, and shows a row per delivery class', async ({ workbench: wb }) => {
    test.setTimeout(150_000);
    await runOnSimulator(wb, NOTIFICATIONS);
    const labels = await headlineLabels(wb);
    expect(labels.slice(0, 4)).toEqual(['Lost messages', 'Dropped messages', 'Delivered', 'Fan-out p99']);
    expect(labels.slice(4)).toEqual(['Cache hit ratio', 'Cache p99 latency', 'Cache memory', 'Cache requests']);
    const lost = wb.metric('Lost messages');
    await expect(lost).toHaveClass(/metric-bad/);
    await expect(lost.locator('.metric-value')).toHaveText(/^\d+(\.\d+)?\s?k$/);
    await expect(lost.locator('.metric-detail')).toHaveText(/% of expected$/);
    await expect(wb.metric('Dropped messages')).not.toHaveClass(/metric-bad/);
    await expect(wb.metric('Fan-out p99').locator('.metric-value')).toHaveText(/\d/);

    const classes = wb.page.getByRole('table', { name: 'Results per delivery class' });
    await expect(classes.getByRole('row')).toHaveCount(3);
    const bestEffort = classes.getByRole('row', { name: /^best-effort/ });
    await expect(bestEffort.getByRole('cell').first()).toHaveText('Pub/Sub');
    await expect(bestEffort.locator('td.bad-cell')).toHaveCount(1);
    await expect(bestEffort.locator('td.bad-cell')).toContainText(/^35,615 \(/);
    const critical = classes.getByRole('row', { name: /^critical/ });
    await expect(critical.getByRole('cell').first()).toHaveText('Streams');
    await expect(critical.locator('td.bad-cell')).toHaveCount(0);
    // The section sits right under the headline, before the charts and the final metrics.
    const order = await wb.page.locator('.run-main').evaluate((main) => Array.from(main.querySelectorAll('.metrics-strip, .pubsub-results, .chart-grid, .final-metrics:not(.pubsub-results)'), (e) => e.className.split(' ')[0]));
    expect(order).toEqual(['metrics-strip', 'pubsub-results', 'chart-grid', 'final-metrics']);
    await expect(wb.page.getByRole('table', { name: 'Pub/sub shards, workers and connections' }).getByRole('row', { name: /^Hot shard/ })).toContainText(/none: shards 0 and 1 tie for the most load \(about 16(\.0)?\/s each\)/);
    await expect(wb.chart('Per-shard load')).not.toContainText('★');
    await wb.screenshot('pubsub-run-results');
  });

  test('gives a cache-only design the cache cards and no delivery card', async ({ workbench: wb }) => {
    test.setTimeout(120_000);
    await runOnSimulator(wb, 'E-commerce catalogue (cache-aside)');
    expect(await headlineLabels(wb)).toEqual(['Hit ratio', 'p95 latency', 'p99 latency', 'Evicted keys', 'Memory', 'Origin load', 'Stale reads', 'Requests']);
    await expect(wb.page.getByRole('table', { name: 'Results per delivery class' })).toHaveCount(0);
  });

  test('a live run sped up shows the design\'s TTLs with the scaled ones, and per-namespace memory as not measured', async ({ workbench: wb }) => {
    test.setTimeout(150_000);
    await wb.openPreset('E-commerce catalogue (cache-aside)');
    await wb.configureRun({ engine: 'Managed Redis (local redis-server)', requests: '20000', speed: '10× faster' });
    await wb.pressRun();
    await wb.waitForRunEnd('Done', 120_000);
    const products = wb.page.getByRole('table', { name: 'Namespaces in this run' }).getByRole('row', { name: /^products/ });
    const cells = products.getByRole('cell');
    // Hit ratio, reads, writes, evicted, expired, stale reads, memory, TTL.
    await expect(cells.nth(3)).toHaveText('not measured');
    await expect(cells.nth(4)).toHaveText('not measured');
    await expect(cells.nth(6)).toHaveText('not measured');
    await expect(cells.nth(7)).toHaveText(/^5 min 0 s \(ran as 30\.00 s, at 10× speed\)$/);
    await wb.screenshot('live-scaled-ttl');
  });

  test('names the Redis version once after a connection test', async ({ workbench: wb, server }) => {
    const redis = await server.services.startManagedServer({ kind: 'single' });
    try {
      await wb.openPreset(NOTIFICATIONS);
      await wb.configureRun({ engine: 'Saved connection' });
      const panel = wb.page.locator('details.connections');
      if ((await panel.getAttribute('open')) === null) await panel.getByText('Saved connections', { exact: true }).click();
      await wb.page.getByRole('textbox', { name: 'Redis URL' }).fill(redis.url);
      await wb.page.getByRole('button', { name: 'Test connection' }).click();
      const status = wb.page.getByRole('status').filter({ hasText: /^Connected to/ });
      await expect(status).toContainText(`(Redis ${redis.version})`);
      const text = (await status.textContent()) ?? '';
      expect(text.split(`Redis ${redis.version}`)).toHaveLength(2);
    } finally {
      await server.services.stopManagedServer({ id: redis.id });
    }
  });
});
