/**
 * Managed servers in the app (issue 16): a 3-shard cluster started from the Run view's Managed
 * servers panel, listed with its stats from INFO, a design run on it (the per-shard maxmemory said
 * before the run and in the result's warnings), then stopped from the UI with its processes gone.
 * A start over the host's process limit shows the host's refusal; the speed is a typed factor. Axe-clean.
 */
import { expect, test } from './fixtures';
import { PRESET } from './flows';
import { audit } from './support/axe';
import { redisDescendants } from './support/processes';

const CLUSTER_ENGINE = 'Managed Redis cluster';
/** ecommerce-catalog.yaml's maxmemory 256mb over 3 masters. */
const SPLIT = 'maxmemory 256mb is the design\'s whole cache: on this 3-shard cluster each master got 85.3mb (256mb ÷ 3)';

test('starts a 3-shard cluster from the UI, watches it, runs on it and stops it', async ({ workbench: wb }, testInfo) => {
  test.setTimeout(120_000);
  await wb.openPreset(PRESET);
  await wb.configureRun({ engine: CLUSTER_ENGINE, requests: '4000', speed: 'Another factor (N×)' });
  const form = wb.runSettings();
  await form.getByRole('textbox', { name: 'Speed factor' }).fill('25');
  await expect(form.getByText('divided by 25, rates multiplied by 25, as the CLI\'s --speed 25x')).toBeVisible();
  const panel = form.getByRole('group').filter({ has: wb.page.getByText('Managed servers', { exact: true }) });
  const shards = panel.getByRole('textbox', { name: 'Shards' });

  // Over the host's limit (7 shards: 14 processes with replicas, at most 12): the host's own reason.
  await shards.fill('7');
  await panel.getByRole('button', { name: 'Start server' }).click();
  await expect(panel.getByRole('alert')).toContainText(/Could not start the server: .*at most 12 at once/);
  expect(redisDescendants(process.pid)).toEqual([]);

  await shards.fill('3');
  await panel.getByRole('button', { name: 'Start server' }).click();
  const listed = panel.getByRole('list', { name: 'Running managed servers' }).getByRole('listitem');
  await expect(listed).toHaveCount(1, { timeout: 30_000 });
  const cluster = listed.first();
  await expect(cluster).toHaveAccessibleName('managed-1: cluster of 3 shards');
  await expect(cluster).toContainText(/cluster:\/\/127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+/);
  await expect(cluster.getByRole('definition')).toHaveCount(5);
  await expect(cluster).toContainText(/Memory\s*[\d.]+ (KB|MB) of no maxmemory/);
  await expect(cluster).toContainText(/Uptime\s*\d+ s/);
  await expect(cluster).toContainText(/Keys\s*0/);
  expect(redisDescendants(process.pid).filter((row) => /redis-server 127\.0\.0\.1:\d+ \[cluster\]/.test(row.args))).toHaveLength(3);

  // Starting it chose it for the run; the split is said before the run.
  await expect(form.getByRole('combobox', { name: 'Server' })).toHaveValue('managed-1');
  await expect(form.getByRole('note', { name: 'Cluster maxmemory' })).toContainText('Each of the 3 masters gets maxmemory 85.3mb (the design\'s 256mb ÷ 3): the cluster holds what one server would, not 768mb.');
  await audit(wb, testInfo, 'Run › Managed servers');
  await wb.screenshot('managed-servers');

  await wb.pressRun();
  await wb.waitForRunEnd('Done', 90_000);
  const latest = wb.historyList().getByRole('listitem').first();
  await expect(latest).toContainText('done');
  await expect(wb.finalMetric('maxmemory')).toContainText('256 MB');
  await expect(wb.finalMetric('Speed (live)')).toContainText('25× faster');
  await expect(wb.page.getByRole('group').filter({ hasText: /^Warnings/ })).toContainText(SPLIT);
  // The run's keys were deleted and the cluster's maxmemory put back.
  await expect(cluster).toContainText(/Keys\s*0/);
  await expect(cluster).toContainText(/of no maxmemory/);

  await cluster.getByRole('button', { name: 'Stop managed-1' }).click();
  await expect(listed).toHaveCount(0);
  await expect(panel).toContainText('No managed server is running.');
  await expect(form.getByRole('combobox', { name: 'Server' })).toHaveValue('');
  await expect.poll(() => redisDescendants(process.pid), { message: 'the cluster\'s redis-servers exited', timeout: 10_000 }).toEqual([]);
});
