/**
 * Rate limiters in the app, in Debian's chromium against browser mode: the preset from the guides
 * opened, a limiter edited in the Rate limits form (a located error, undo, an edit the run then
 * shows), run on the simulator, its limiter table and charts read as a person reads them.
 */
import type { Locator } from '@playwright/test';
import { audit, blockingViolations } from './support/axe';
import { expect, test } from './fixtures';
import { expectInYaml } from './form-round-trip';

const PRESET = 'E-commerce API rate limits';

test('a limiter edited in the form, run on the simulator: the limiter table and its charts', async ({ workbench: wb }, testInfo) => {
  // About 54 s on the shared 2-core machine at load 17 (axe on the run view is half of it); far less on a quiet one.
  test.setTimeout(120_000);
  const page = wb.page;
  await wb.openPreset(PRESET);
  await wb.showSection('Rate limits');
  const limit = page.getByRole('textbox', { name: 'Limit for per-ip', exact: true });
  await expect(limit).toHaveValue('100');

  // A limit of 0: flagged at the field with the loader's message; Ctrl+Z takes it back.
  await limit.fill('0');
  await limit.press('Enter');
  await expect(limit).toHaveAttribute('aria-invalid', 'true');
  const messageId = await limit.getAttribute('aria-describedby');
  await expect(page.locator(`[id="${messageId}"]`)).toHaveText(/^a limit of 0 refuses every request/);
  await limit.press('Control+z');
  await expect(limit).toHaveValue('100');
  await expect(limit).toHaveAttribute('aria-invalid', 'false');

  // Leaving fixed-window drops the window field in the same edit; one undo brings both back.
  const algorithm = page.getByRole('combobox', { name: 'Algorithm for minute-aligned', exact: true });
  await algorithm.selectOption('token-bucket');
  await expect(page.getByRole('combobox', { name: 'Window of minute-aligned', exact: true })).toHaveCount(0);
  await algorithm.focus();
  await page.keyboard.press('Control+z');
  await expect(algorithm).toHaveValue('fixed-window');
  await expect(page.getByRole('combobox', { name: 'Window of minute-aligned', exact: true })).toHaveValue('aligned');

  await limit.fill('120');
  await limit.press('Enter');
  await expect(page.getByRole('region', { name: /^Problems/ }).getByRole('status')).toHaveText(/No problems/);
  await wb.screenshot('rate-limits-form');
  // One colour scheme here (the run view below gets both): axe is the slow part of this spec.
  expect(await blockingViolations(page), 'moderate, serious or critical axe violations in Design › Rate limits').toEqual([]);
  await wb.showYaml();
  await expectInYaml(wb, 'limit: 120');
  // YAML → form: a value typed in the editor shows in the limiter's row.
  await wb.findInYaml('clients: 5000');
  await page.keyboard.type('clients: 4000');
  await expect.poll(() => wb.visibleYaml()).toContain('clients: 4000');
  await wb.showSection('Rate limits');
  await expect(page.getByRole('textbox', { name: 'Clients for api-key-hourly', exact: true })).toHaveValue('4000');

  await wb.configureRun({ engine: 'Simulator' });
  await wb.pressRun();
  await wb.waitForRunEnd('Done', 20_000);
  const table = page.getByRole('table', { name: 'Rate limiter decisions in this run' });
  const limiter = (name: string): Locator => table.locator('tbody').filter({ has: page.locator('th[scope="rowgroup"]', { hasText: new RegExp(`^${name}`) }) });
  // Cells of a class row: requests, admitted, refused, exact admits, over-admitted, wrongly refused.
  const cells = (name: string, row: number) => limiter(name).getByRole('row').nth(row).getByRole('cell');
  await expect(limiter('per-ip').getByRole('row')).toHaveCount(3);
  await expect(limiter('api-key-hourly').getByRole('rowheader').nth(1)).toHaveText('all (4,000)');
  await expect(limiter('per-ip').locator('th[scope="rowgroup"]')).toHaveText('per-ip fixed-window, 120 per 1 min');
  // At the window edges the fixed windows admit more than the limit; the sliding log never does.
  await expect(cells('sliding-log', 0).nth(4)).toHaveText('0');
  const abusiveOver = cells('per-ip', 2).nth(4);
  await expect(abusiveOver).toHaveClass(/bad-cell/);
  await expect(abusiveOver).toHaveText(/^[1-9][\d,]*$/);
  // Costs: keys, memory, per key, counters evicted, reset by eviction, commands and bytes per request, targets.
  const costs = (name: string) => page.getByRole('table', { name: 'What each limiter costs Redis, and its targets' }).getByRole('row', { name: new RegExp(`^${name} `) }).getByRole('cell');
  // The hourly quota's counters share the allkeys-lru cache: some are evicted, and their clients start over.
  await expect(costs('api-key-hourly').nth(3)).toHaveText(/^[1-9][\d,]*$/);
  await expect(costs('api-key-hourly').nth(4)).toHaveText(/^[1-9][\d,]*$/);
  await expect(costs('per-ip').nth(3)).toHaveText('0');
  // Each limiter's targets with their verdicts: a limit of 120 lets the abusive clients over the preset's 500.
  await expect(costs('sliding-log').last()).toHaveText('✓ met overAdmitted==0 (0)');
  await expect(costs('per-ip').last()).toHaveText(/^✗ failed abusive\.overAdmitted<=500 \([5-9]\d\d\)$/);

  const decisions = wb.chart('Rate limiter decisions');
  await expect(decisions).toBeVisible();
  await expect.poll(() => wb.chartInkPixels('Rate limiter decisions')).toBeGreaterThan(0);
  await expect.poll(() => wb.chartInkPixels('Admitted over the limit')).toBeGreaterThan(0);
  await wb.chart('Limiter counters evicted').scrollIntoViewIfNeeded();
  await expect.poll(() => wb.chartInkPixels('Limiter counters evicted')).toBeGreaterThan(0);
  await table.scrollIntoViewIfNeeded();
  await wb.screenshot('rate-limits-run');
  await audit(wb, testInfo, 'Run (rate limits preset, finished)');
});
