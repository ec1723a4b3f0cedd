/**
 * The "Done means", as flows over the page object: the browser-mode spec and the Electron
 * spec run the same functions, so both shells are held to the same behaviour. Each flow starts on
 * a freshly loaded workbench (Start view, empty history) and takes its own screenshots.
 */
import { expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './support/paths';
import type { ViewName } from './workbench-page';
import { WorkbenchPage } from './workbench-page';

export { WorkbenchPage };

export const PRESET = 'E-commerce catalogue (cache-aside)';
const PRESET_FILE = join(REPO_ROOT, 'presets', 'ecommerce-catalog.yaml');
export const MANAGED_ENGINE = 'Managed Redis (local redis-server)';
const PERCENT = /\d+(\.\d+)?\s?%/;

/** 1-based number of the first line of the preset file that contains `text` after `after`. */
export function presetLine(text: string, after?: string): number {
  const lines = readFileSync(PRESET_FILE, 'utf8').split('\n');
  const from = after === undefined ? 0 : lines.findIndex((line) => line.includes(after));
  const index = lines.findIndex((line, i) => i >= from && line.includes(text));
  if (index < 0) throw new Error(`${PRESET_FILE} has no line with ${JSON.stringify(text)}`);
  return index + 1;
}

/** Open a preset from the gallery; every view then opens on it. */
export async function openPresetFromGallery(wb: WorkbenchPage): Promise<void> {
  await expect(wb.page.getByRole('heading', { name: 'Presets' })).toBeVisible();
  await expect(wb.page.getByRole('list', { name: 'Presets' }).getByRole('listitem')).not.toHaveCount(0);
  await wb.screenshot('start');
  await wb.openPreset(PRESET);
  await expect(wb.page.getByRole('banner')).toContainText(PRESET);
  await wb.showSection('Namespaces');
  await expect(wb.page.getByRole('textbox', { name: 'Pattern for products', exact: true })).toHaveValue('products:{id}');
  await expect(wb.page.getByRole('region', { name: /^Problems/ }).getByRole('status')).toHaveText(/No problems/);
  await wb.screenshot('design-namespaces');
  const views: Array<[ViewName, string]> = [['Run', 'run-empty'], ['Compare', 'compare-empty'], ['Fidelity', 'fidelity'], ['Export', 'export']];
  for (const [view, shot] of views) {
    await wb.showView(view);
    await expect(wb.page.getByRole('tabpanel', { name: view, exact: true })).toBeVisible();
    if (view === 'Export') await expect(wb.page.getByRole('tablist', { name: 'Export files' })).toBeVisible({ timeout: 30_000 });
    await wb.screenshot(shot);
  }
}

/** Edit a TTL in the grid; the YAML tab shows the new value on the line that held the old one. */
export async function editTtlAndSeeYaml(wb: WorkbenchPage): Promise<void> {
  await wb.openPreset(PRESET);
  await wb.setTtl('product', 'prod', '7m');
  await expect(wb.page.getByRole('status').filter({ hasText: 'Unsaved changes' })).toBeVisible();
  await wb.screenshot('design-ttl-matrix');
  await wb.showYaml();
  await wb.findInYaml('ttl: 7m');
  const shown = await wb.visibleYaml();
  expect(shown).toContain('prod: { ttl: 7m, jitter: 10% }');
  expect(shown).not.toMatch(/product:\s+dev: \{ ttl: 30s, jitter: 10% \}\s+staging: \{ ttl: 2m, jitter: 10% \}\s+prod: \{ ttl: 5m/);
  await expect.poll(() => wb.lineNumberOf('ttl: 7m'), { message: 'the new TTL is on the line that held the old one' })
    .toBe(presetLine('prod: { ttl: 5m', '  product:'));
  await wb.screenshot('design-yaml');

  // ttl: none (cached without expiry): offered by the field, a misspelling is refused naming it,
  // and choosing it drops the cell's jitter (rejected with none) and shows "no expiry" instead.
  await wb.showSection('TTL matrix');
  const staging = wb.ttlField('product', 'staging');
  await expect(staging).toHaveAttribute('list', 'ttl-forms');
  await expect(wb.page.locator('datalist#ttl-forms option[value="none"]')).toHaveCount(1);
  await staging.fill('None');
  await staging.press('Enter');
  await expect(wb.ttlCell('product', 'staging')).toContainText('"None" is not a TTL; did you mean none (lower case, no spaces)?');
  await wb.setTtl('product', 'staging', 'none');
  await expect(wb.ttlCell('product', 'staging')).toContainText('no expiry');
  await expect(wb.jitterField('product', 'staging')).toHaveCount(0);
  await expect(wb.jitterField('product', 'prod')).toHaveValue('10%');
  await expect(wb.page.getByRole('list', { name: 'TTL warnings' })).toContainText('No expiry in staging: keys of products are SET without EX');
  await expect(wb.page.getByRole('region', { name: /^Problems/ }).getByRole('status')).toHaveText(/No problems/);
  await wb.screenshot('design-ttl-none');
  await wb.showYaml();
  await wb.findInYaml('ttl: none');
  expect(await wb.visibleYaml()).toContain('staging: { ttl: none }');
}

/** Break the YAML in the editor: the Problems list names the line and the editor marks it. */
export async function breakYamlAndSeeError(wb: WorkbenchPage): Promise<void> {
  await wb.openPreset(PRESET);
  await wb.showYaml();
  const line = presetLine('cardinality: 10000');
  await wb.findInYaml('cardinality: 10000');
  await wb.page.keyboard.press('End');
  await wb.page.keyboard.type(': [');
  const problem = wb.problems().getByRole('button').first();
  await expect(problem).toBeVisible();
  await expect(problem).toContainText(new RegExp(`^${line}:\\d+`));
  await expect.poll(() => wb.errorMarkerLines(), { message: `an error squiggle on line ${line}` }).toContain(line);
  await expect(wb.topButton('Run')).toBeDisabled();
  await wb.screenshot('design-problems');
  // Choosing the problem puts the caret on its line.
  await wb.page.keyboard.press('Control+End');
  await problem.click();
  await expect.poll(() => wb.caretLine(), { message: `the caret on line ${line}` }).toBe(line);
  // The forms say the text does not parse instead of showing stale values.
  await wb.showSection('TTL matrix');
  await expect(wb.page.getByText('The YAML has syntax errors')).toBeVisible();
}

/** Run on the simulator: the progress bar moves, then the numbers and the charts are there. */
export async function runSimulatorAndSeeResults(wb: WorkbenchPage): Promise<void> {
  await wb.openPreset(PRESET);
  await wb.configureRun({ engine: 'Simulator', requests: '3000000' });
  await wb.pressRun();
  const progress = wb.progress();
  await expect(progress).toBeVisible();
  await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow')), { message: 'the progress bar shows a run under way', intervals: [50] })
    .toBeGreaterThan(0);
  await wb.screenshot('run-progress');
  await wb.waitForRunEnd('Done');
  await expect(progress).toHaveAttribute('aria-valuenow', '100');
  await expect(wb.metric('Hit ratio')).toContainText(PERCENT);
  await expect(wb.metric('Requests')).toContainText(/3(\.0)?\s?M|3,000,000|3 000 000/);
  await expect(wb.metric('p95 latency')).toContainText(/\d\s?(ms|µs|s)/);
  for (const title of ['Hit ratio over time', 'Memory vs maxmemory', 'Latency percentiles']) {
    await expect.poll(() => wb.chartInkPixels(title), { message: `${title} has lines drawn` }).toBeGreaterThan(100);
    expect((await wb.chartTickLabels(title)).length, `${title} has axis labels`).toBeGreaterThan(2);
  }
  await expect(wb.finalMetrics()).toBeVisible();
  // What the server holds besides keys counts toward maxmemory; a simulated run models it.
  await expect(wb.finalMetric('Memory besides keys')).toContainText(/\d.*\(modelled\)/);
  await expect(wb.page.getByRole('table', { name: 'Namespaces in this run' }).getByRole('row', { name: /^products/ })).toContainText(PERCENT);
  await wb.screenshot('run');
}

/** Stop a long run: it ends as stopped with a partial result, and the UI says so. */
export async function stopLongRun(wb: WorkbenchPage): Promise<void> {
  await wb.openPreset(PRESET);
  await wb.configureRun({ engine: 'Simulator', requests: '500000000' });
  await wb.pressRun();
  await expect(wb.runStatus()).toContainText('Running');
  // Streaming: numbers arrive (the bar itself moves 1 % per 5 M requests here).
  await expect(wb.metric('Requests')).toContainText(/[1-9]/, { timeout: 15_000 });
  await expect(wb.topButton('Stop')).toBeEnabled();
  await wb.topButton('Stop').click();
  await wb.waitForRunEnd('Stopped', 15_000);
  await expect(wb.topButton('Stop')).toBeDisabled();
  await expect(wb.topButton('Run')).toBeEnabled();
  await expect(wb.page.getByRole('heading', { name: /Final metrics/ })).toContainText('partial: stopped early');
  await expect(wb.progress()).not.toHaveAttribute('aria-valuenow', '100');
  await expect(wb.historyList().getByRole('listitem').first()).toContainText(/^.*cancelled/);
  await expect(wb.metric('Hit ratio')).toContainText(PERCENT);
  await wb.screenshot('run-stopped');
}

/** Two runs in the history, both ticked in Compare: the table shows both, with a delta. */
export async function compareTwoRuns(wb: WorkbenchPage): Promise<void> {
  await wb.openPreset(PRESET);
  await wb.configureRun({ engine: 'Simulator', requests: '200000', environment: 'prod' });
  await wb.pressRun();
  await wb.waitForRunEnd('Done');
  await wb.configureRun({ environment: 'dev' });
  await wb.pressRun();
  await wb.waitForRunEnd('Done');
  await expect(wb.historyList().getByRole('listitem')).toHaveCount(2);
  await wb.showView('Compare');
  const picks = wb.historyList().getByRole('checkbox', { name: PRESET });
  await expect(picks).toHaveCount(2);
  await picks.nth(1).check(); // the older run (prod) is the baseline
  await picks.nth(0).check();
  const table = wb.page.getByRole('table', { name: 'Comparison' });
  await expect(table).toBeVisible({ timeout: 20_000 });
  const header = table.getByRole('row').first();
  await expect(header.getByRole('columnheader')).toHaveCount(3);
  await expect(header).toContainText(`${PRESET} (baseline)`);
  const hitRatio = table.getByRole('row', { name: /^Hit ratio/ });
  const cells = hitRatio.getByRole('cell');
  await expect(cells).toHaveCount(2);
  await expect(cells.nth(0)).toHaveText(PERCENT);
  // dev TTLs are 30 s instead of 5 min: the second run hits less, and the delta says by how much.
  await expect(cells.nth(1)).toHaveText(/%\s*\(\s*[−-]\d+(\.\d+)?\s?pp\)/);
  await wb.screenshot('compare');
}

/**
 * Run live on a managed redis-server the host starts (Debian's /usr/bin/redis-server here).
 * `whileRunning` lets the spec check the host side (a redis-server process exists) mid-run.
 */
export async function runLiveOnManagedRedis(wb: WorkbenchPage, whileRunning?: () => Promise<void>): Promise<void> {
  await wb.openPreset(PRESET);
  await wb.configureRun({ engine: MANAGED_ENGINE, requests: '4000', speed: '10× faster' });
  await expect(wb.runSettings().getByText(/divided by 10, rates multiplied by 10/)).toBeVisible();
  // Once the host has said what it has, an unavailable live engine fails here with the host's own reason.
  await expect(wb.page.getByText(/^redis-server: /)).toBeVisible();
  await expect(wb.engineSelect(), 'the live engine must be available on this machine').not.toHaveAccessibleDescription(/not found|unavailable|cannot/i);
  await expect(wb.page.getByText(/^redis-server: found/)).toBeVisible();
  await wb.pressRun();
  await expect(wb.runStatus()).toContainText('Running');
  await whileRunning?.();
  await wb.waitForRunEnd('Done', 90_000);
  const latest = wb.historyList().getByRole('listitem').first();
  await expect(latest).toContainText(`done`);
  await expect(latest).toContainText(MANAGED_ENGINE);
  await expect(wb.metric('Hit ratio')).toContainText(PERCENT);
  await expect(wb.metric('Requests')).toContainText(/\d/);
  await expect(wb.finalMetrics()).toBeVisible();
  // The speed the host resolved (run/time-scale.ts) and the result recorded.
  await expect(wb.finalMetric('Speed (live)')).toContainText('10× faster');
  // A live run measured it on its server before the first request.
  await expect(wb.finalMetric('Memory besides keys')).toContainText(/\d.*\(measured\)/);
  await expect.poll(() => wb.chartInkPixels('Hit ratio over time')).toBeGreaterThan(0);
  await wb.screenshot('run-live');
}

/**
 * Save to a file in the workspace, reload, reopen it from Recent: the edit is back. Returns the
 * path the host saved to (as its notification says).
 */
export async function saveAndReopen(wb: WorkbenchPage, fileName = 'catalogue-e2e.yaml'): Promise<string> {
  await wb.openPreset(PRESET);
  await wb.setTtl('category', 'prod', '2h');
  await wb.topButton('Save').click();
  const dialog = wb.page.getByRole('dialog', { name: 'Save design as' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('File path').fill(fileName);
  await dialog.getByRole('button', { name: 'Save as', exact: true }).click();
  await expect(dialog).toBeHidden();
  const saved = wb.notifications().getByRole('status').filter({ hasText: /^Saved / });
  await expect(saved).toBeVisible();
  const path = ((await saved.textContent()) ?? '').replace(/^Saved\s+/, '').replace(/×$/, '').trim();
  expect(path).toMatch(new RegExp(`${fileName.replace('.', '\\.')}$`));
  await expect(wb.page.getByRole('status').filter({ hasText: 'Unsaved changes' })).toHaveCount(0);

  await wb.page.reload();
  await wb.waitUntilReady();
  await expect(wb.page.getByRole('alertdialog', { name: 'Recover unsaved design?' })).toHaveCount(0);
  // The saved file's entry (the preset it came from is listed too, under the same name).
  const entry = wb.recentList().getByRole('listitem').filter({ hasText: fileName }).getByRole('button', { name: PRESET });
  await expect(entry).toBeVisible();
  await wb.screenshot('start-recent');
  await entry.click();
  await expect(wb.viewTab('Design')).toHaveAttribute('aria-selected', 'true');
  await wb.showSection('TTL matrix');
  await expect(wb.ttlField('category', 'prod')).toHaveValue('2h');
  await expect(wb.ttlField('product', 'prod')).toHaveValue('5m');
  await expect(wb.page.getByRole('status').filter({ hasText: 'Unsaved changes' })).toHaveCount(0);
  return path;
}

/** Every export file's preview shows its text, and so does the first one when it is chosen again. */
export async function previewEveryExportFile(wb: WorkbenchPage): Promise<void> {
  await wb.openPreset(PRESET);
  await wb.showView('Export');
  const tabs = wb.page.getByRole('tablist', { name: 'Export files' }).getByRole('tab');
  await expect(tabs.first()).toBeVisible({ timeout: 30_000 });
  const names = await tabs.allTextContents();
  expect(names).toEqual(expect.arrayContaining(['.env', 'redis.conf', 'docker-compose.yml']));
  const markers: Record<string, RegExp> = { '.env': /REDIS/, 'redis.conf': /maxmemory/, 'docker-compose.yml': /redis/ };
  const preview = wb.page.locator('.export-editor .monaco-editor .view-lines');
  for (const name of [...names, names[0]]) {
    await tabs.filter({ hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).click();
    await expect(preview, `the preview of ${name}`).toHaveText(markers[name] ?? /\S/, { timeout: 15_000 });
  }
  await wb.screenshot('export-preview');
}
