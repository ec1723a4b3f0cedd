/**
 * A failure timeline in the app (issue 19), in Debian's chromium against browser mode: the audit's
 * preset (a Sentinel failover of the real-time bus and cache) run on the simulator; its failures
 * table, the warm-up recommendation and the Redis-errors chart read as a person reads them.
 */
import { blockingViolations } from './support/axe';
import { expect, test } from './fixtures';

const PRESET = 'Real-time bus and cache through a primary failure';

test('the failover preset on the simulator: the failures table, the warm-up recommendation and the errors chart', async ({ workbench: wb }) => {
  const page = wb.page;
  await wb.openPreset(PRESET);
  await wb.configureRun({ engine: 'Simulator' });
  await wb.pressRun();
  await wb.waitForRunEnd('Done', 30_000);
  const table = page.getByRole('table', { name: 'Failure events in this run' });
  const row = table.getByRole('row', { name: /^sentinel-failover / });
  await expect(row).toHaveCount(1);
  const cells = row.getByRole('cell');
  // At 40 s; unavailable for down-after (30 s) plus the promotion; every error fell through to the origin.
  await expect(cells.nth(0)).toHaveText(/^40(\.0+)? s$/);
  await expect(cells.nth(1)).toHaveText(/^31(\.0+)? s$/);
  await expect(cells.nth(2)).toHaveText(/^[1-9][\d,]*$/);
  expect(await cells.nth(3).innerText()).toBe(await cells.nth(2).innerText());
  await expect(cells.nth(4)).toHaveText('0');
  await expect(page.getByRole('list', { name: 'Recommendations after the failures' })).toContainText('recovery.warmup: { namespaces: [units-nearby]');
  await expect.poll(() => wb.chartInkPixels('Redis errors during failures')).toBeGreaterThan(0);
  await page.getByRole('heading', { name: 'Failures', exact: true }).scrollIntoViewIfNeeded();
  await wb.screenshot('failures-run');
  expect(await blockingViolations(page), 'moderate, serious or critical axe violations in the Run view with failures').toEqual([]);
});
