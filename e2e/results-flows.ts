/**
 * Results a reviewer can trust and take away, through the real UI: the design's targets checked in
 * the Run view, the run list, the comparison and the report; a run's seed, engine, speed and design
 * hash; renaming, deleting and downloading runs; the fidelity view in formatted numbers.
 */
import { expect } from '@playwright/test';
import type { Download, Locator } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { PRESET } from './flows';
import type { WorkbenchPage } from './workbench-page';

/** The catalogue preset's targets; at 200 000 requests and seed 42 the p95 target fails in both environments. */
export const TARGETS = ['hitRatio>=0.7', 'p95<=60ms', 'namespaces.listings.hitRatio>=0.8'];
const FAILING = 'p95<=60ms';

export function targetsTable(wb: WorkbenchPage): Locator {
  return wb.page.getByRole('table', { name: 'Targets of this run' });
}

/** The run shown in the Run view gets a new name through Rename. */
export async function renameShownRun(wb: WorkbenchPage, name: string): Promise<void> {
  const actions = wb.page.getByRole('group', { name: 'Run actions' });
  await actions.getByRole('button', { name: 'Rename' }).click();
  const field = wb.page.getByRole('textbox', { name: 'Run name' });
  await field.fill(name);
  await wb.page.getByRole('button', { name: 'Save name' }).click();
  await expect(field).toBeHidden();
  await expect(wb.historyList().getByRole('button', { name, exact: true })).toBeVisible();
}

/** One simulated run of the preset (200 000 requests, seed 42) in `environment`, renamed `name`. */
export async function seededRun(wb: WorkbenchPage, environment: string, name: string): Promise<void> {
  await wb.configureRun({ engine: 'Simulator', requests: '200000', environment, seed: '42' });
  await wb.pressRun();
  await wb.waitForRunEnd('Done');
  await renameShownRun(wb, name);
}

/** Clicks `button` and returns the download it starts, with its text. */
export async function downloadOf(wb: WorkbenchPage, button: Locator): Promise<{ download: Download; text: string }> {
  const [download] = await Promise.all([wb.page.waitForEvent('download'), button.click()]);
  const path = await download.path();
  return { download, text: readFileSync(path, 'utf8') };
}

/** Targets, seed and design hash in the Run view and the history; targets in the comparison. */
export async function targetsEverywhere(wb: WorkbenchPage): Promise<void> {
  await wb.openPreset(PRESET);
  await seededRun(wb, 'prod', 'prod run');
  const table = targetsTable(wb);
  await expect(table.getByRole('row')).toHaveCount(1 + TARGETS.length);
  for (const target of TARGETS) {
    const row = table.getByRole('row', { name: new RegExp(target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
    await expect(row).toContainText(target === FAILING ? '✗ failed' : '✓ met');
  }
  await expect(table.getByRole('row', { name: /hitRatio>=0\.7/ })).toContainText(/\d+\.\d\d%/);
  await expect(wb.page.getByRole('region', { name: 'Targets' }).getByTestId('targets-badge')).toHaveText('1 of 3 targets failed');
  await expect(wb.page.getByTestId('run-provenance')).toHaveText(/^seed 42 · Simulator, virtual time · design [0-9a-f]{16} \(the open design\)$/);
  const item = wb.historyList().getByRole('listitem').first();
  await expect(item).toContainText('seed 42');
  await expect(item.getByTestId('targets-badge')).toHaveText('1 of 3 targets failed');
  await wb.screenshot('run-targets');

  await seededRun(wb, 'dev', 'dev run');
  await wb.showView('Compare');
  await wb.historyList().getByRole('checkbox', { name: 'prod run' }).check();
  await wb.historyList().getByRole('checkbox', { name: 'dev run' }).check();
  const comparison = wb.page.getByRole('table', { name: 'Comparison' });
  await expect(comparison).toBeVisible({ timeout: 20_000 });
  const failing = comparison.getByRole('row', { name: `target ${FAILING}` }).getByRole('cell');
  await expect(failing).toHaveCount(2);
  for (const cell of await failing.all()) await expect(cell).toContainText('✗ failed');
  await expect(comparison.getByRole('row', { name: 'target hitRatio>=0.7' }).getByRole('cell').first()).toContainText('✓ met');
  await wb.screenshot('compare-targets');

  // Edited since: the run's recorded design hash is no longer the open design's.
  await wb.showView('Design');
  await wb.setTtl('category', 'prod', '2h');
  await wb.showView('Run');
  await expect(wb.page.getByTestId('run-provenance')).toHaveText(/ · design [0-9a-f]{16} \(not the open design as it is now\)$/);
}

/** The report preview has the chosen runs' results and targets; a report without runs says how to add them. */
export async function reportWithRuns(wb: WorkbenchPage): Promise<void> {
  await wb.showView('Export');
  const chosen = wb.page.getByRole('list', { name: 'Runs in the report' });
  await expect(chosen.getByRole('checkbox', { name: 'prod run' })).toBeChecked();
  await expect(chosen.getByRole('checkbox', { name: 'dev run' })).toBeChecked();
  const tabs = wb.page.getByRole('tablist', { name: 'Export files' });
  await tabs.getByRole('tab', { name: 'report.md', exact: true }).click();
  const editor = wb.page.getByRole('textbox', { name: 'Preview of report.md' });
  await expect(editor).toBeAttached({ timeout: 30_000 });
  await findInPreview(wb, editor, '| metric | prod run | dev run |');
  await expect(wb.page.locator('.export-editor .monaco-editor .view-lines')).toContainText('| metric | prod run | dev run |');
  await wb.screenshot('export-report-runs');

  const { download, text } = await downloadOf(wb, wb.page.getByRole('button', { name: 'Download', exact: true }));
  expect(download.suggestedFilename()).toBe('report.md');
  expect(text).toContain('## Run results');
  expect(text).toMatch(/\| engine \| sim, seed 42, /);
  expect(text).toContain('Over time (prod run):');
  expect(text).toContain('## Assertions');
  expect(text).toContain(`| dev run | \`${FAILING}\` | **FAILED** |`);
  expect(text).toContain('| item | value |');
  expect(text).not.toContain('--run');

  await chosen.getByRole('checkbox', { name: 'prod run' }).uncheck();
  await chosen.getByRole('checkbox', { name: 'dev run' }).uncheck();
  await expect(wb.page.getByText('Runs in the report (0)')).toBeVisible();
  // The preview reloads (after a short debounce) without the runs.
  await expect.poll(async () => (await downloadOf(wb, wb.page.getByRole('button', { name: 'Download', exact: true }))).text, { timeout: 20_000 })
    .toContain('No run is in this report: choose runs under "Runs in the report" in the Export view.');
}

async function findInPreview(wb: WorkbenchPage, editor: Locator, text: string): Promise<void> {
  await editor.focus();
  await wb.page.keyboard.press('Control+f');
  const find = wb.page.getByRole('textbox', { name: 'Find' });
  await expect(find).toBeVisible();
  await find.fill(text);
  await expect(wb.page.locator('.find-widget .matchesCount')).toHaveText(/^1 of 1$/, { timeout: 15_000 });
  await wb.page.keyboard.press('Escape');
}

/** Rename survives a reload; JSON and CSV downloads hold the run; delete empties the history. */
export async function renameDownloadDelete(wb: WorkbenchPage): Promise<void> {
  await wb.openPreset(PRESET);
  await seededRun(wb, 'prod', 'kept for review');
  await wb.page.reload();
  await wb.waitUntilReady();
  await wb.openPreset(PRESET);
  await wb.showView('Run');
  const entry = wb.historyList().getByRole('button', { name: 'kept for review', exact: true });
  await expect(entry).toBeVisible();
  await entry.click();
  await expect(wb.page.getByTestId('run-provenance')).toHaveText(/^seed 42 · /);

  const actions = wb.page.getByRole('group', { name: 'Run actions' });
  const json = await downloadOf(wb, actions.getByRole('button', { name: 'Download JSON' }));
  expect(json.download.suggestedFilename()).toMatch(/^kept-for-review-run-[a-z0-9-]+\.json$/);
  const result = JSON.parse(json.text) as { version: number; engine: string; requests: number; design: { seed: number; environment: string }; cache: { hitRatio: number }; series: Array<{ tMs: number; hitRatio: number }> };
  expect(result).toMatchObject({ version: 1, engine: 'sim', requests: 200_000, design: { seed: 42, environment: 'prod' } });
  await expect(wb.metric('Hit ratio')).toContainText(`${(result.cache.hitRatio * 100).toFixed(1)} %`);

  const csv = await downloadOf(wb, actions.getByRole('button', { name: 'Download CSV' }));
  expect(csv.download.suggestedFilename()).toMatch(/^kept-for-review-run-[a-z0-9-]+\.csv$/);
  const [header, ...rows] = csv.text.trimEnd().split('\r\n').map((line) => line.split(','));
  expect(header[0]).toBe('tMs');
  expect(header).toContain('namespaceHitRatio.products');
  expect(rows).toHaveLength(result.series.length);
  const last = rows[rows.length - 1];
  expect(Number(last[0])).toBe(result.series[result.series.length - 1].tMs);
  expect(Number(last[header.indexOf('hitRatio')])).toBe(result.series[result.series.length - 1].hitRatio);

  await actions.getByRole('button', { name: 'Delete…' }).click();
  await wb.page.getByRole('group', { name: 'Confirm delete' }).getByRole('button', { name: 'Delete run' }).click();
  await expect(wb.page.getByText('No runs yet')).toBeVisible();
  await wb.page.reload();
  await wb.waitUntilReady();
  await wb.openPreset(PRESET);
  await wb.showView('Run');
  await expect(wb.page.getByText('No runs yet')).toBeVisible();
}

/** What the fidelity view must show of the host's record: its live warnings and notes. */
export interface FidelityFacts {
  warnings: string[];
}

/**
 * A fidelity run (simulator and a managed redis-server on one plan): its table in units with a
 * verdict per tolerance, no raw JSON, and every warning of the run (`facts` reads the host's record).
 */
export async function fidelityFormatted(wb: WorkbenchPage, facts: () => Promise<FidelityFacts>): Promise<void> {
  await wb.openPreset(PRESET);
  await wb.configureRun({ engine: 'Fidelity: simulator vs live', requests: '20000' });
  await expect(wb.page.getByText(/^redis-server: found/)).toBeVisible();
  await wb.pressRun();
  await wb.waitForRunEnd('Done', 150_000);
  // The live side's pace is recorded: the plan as written, or sped up by a factor.
  await expect(wb.page.getByTestId('run-provenance')).toHaveText(/^seed \d+ · Fidelity: simulator vs live, (as written \(1×\)|\d+(\.\d+)?× faster) · design [0-9a-f]{16} \(the open design\)$/);
  await wb.showView('Fidelity');
  const table = wb.page.getByRole('table', { name: 'Fidelity targets' });
  await expect(table).toBeVisible({ timeout: 20_000 });
  const hit = table.getByRole('row', { name: /^Hit ratio/ }).getByRole('cell');
  await expect(hit.nth(0)).toHaveText(/^\d+\.\d\d %$/);
  await expect(hit.nth(1)).toHaveText(/^\d+\.\d\d %$/);
  await expect(hit.nth(2)).toHaveText(/^[+−±]\d+\.\d\d pp$/);
  await expect(hit.nth(3)).toHaveText('±0.5 pp');
  await expect(hit.nth(4)).toHaveText(/^(✓ met|✗ missed)$/);
  await expect(table.getByRole('row', { name: /^Used memory/ }).getByRole('cell').nth(0)).toHaveText(/^\d+(\.\d+)? (B|KB|MB|GB)$/);
  const verdicts = await table.locator('tbody tr td:last-child').allTextContents();
  expect(verdicts.length).toBeGreaterThanOrEqual(5);
  for (const verdict of verdicts) expect(verdict).toMatch(/^(✓ met|✗ missed|report only)$/);
  await expect(wb.page.getByRole('tabpanel', { name: 'Fidelity', exact: true })).not.toContainText('{"sim"');
  const { warnings } = await facts();
  const shown = wb.page.getByRole('region', { name: 'Warnings of this fidelity run' });
  if (warnings.length === 0) await expect(shown).toHaveCount(0);
  for (const warning of warnings) await expect(shown).toContainText(warning);
  await expect(wb.page.getByRole('table', { name: 'Design targets (live run) of this run' })).toBeVisible();
  await wb.screenshot('fidelity-formatted');

  // The fidelity run is the one shown, so the report takes it, with its tolerances.
  await wb.showView('Export');
  await expect(wb.page.getByRole('list', { name: 'Runs in the report' }).getByRole('checkbox').first()).toBeChecked();
  await expect(wb.page.getByRole('tablist', { name: 'Export files' })).toBeVisible({ timeout: 30_000 });
  await wb.page.getByRole('tablist', { name: 'Export files' }).getByRole('tab', { name: 'report.md', exact: true }).click();
  const report = (await downloadOf(wb, wb.page.getByRole('button', { name: 'Download', exact: true }))).text;
  expect(report).toContain('## Fidelity: simulator vs real Redis');
  expect(report).toMatch(/\| hit ratio \| [\d.]+% \| [\d.]+% \| -?[\d.]+ pt \| (within|OUT of) tolerance \(±0\.5 pp\) \|/);
}
